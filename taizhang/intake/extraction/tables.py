"""Tables pasted as text: columns set apart by tabs, by two or more spaces, or by full-width
spaces (U+3000).

A table is a run of at least two lines (a header and one row or more) that split into the same
number of cells (two or more), whose header cells are words and whose rows hold numbers. A
header cell names its column and may carry the unit, with its multiplier, in brackets:
扶持资金（万元）, 受益户数（户）, 完成进度（%）. A header may take two rows: groups over
columns (项目 | 2021年 | 2022年 over 资金（万元） | 户数, or 指标 | 计划 | 完成 over 数量 |
金额), or names over their units (扶持资金 | 受益户数 over 万元 | 户); each column is then
named by its group and its own cell. Each numeric cell of a row is a figure with the column's
unit (columns.py: also the unit the table's title or caption line states, 单位：万元) and the
row's subject, the first cell that is not a number (the village, the residential estate, 合计).
A .docx table reaches this code as tab-separated lines (reading.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from taizhang.intake.extraction.columns import (
    UNIT_STATEMENT,
    Column,
    apply_units,
    column,
    is_unit_only,
    split_unit,
)
from taizhang.intake.extraction.figures import DATE, UNIT_RE, Figure, find_figures
from taizhang.lib.cn_numbers import parse_number, to_halfwidth

# A cell: text without tabs and without two spaces in a row ("新华街小区", "扶持资金（万元）").
CELL = re.compile(r"[^\t \u3000]+(?: [^\t \u3000]+)*")
NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?%?")
MAX_CELL = 24  # a cell longer than this is running text, not a table
TABLE_NUMBER = re.compile(r"^(?:附)?表\s*[\d一二三四五六七八九十]+")  # 表1, 附表2: a title


@dataclass
class Cell:
    text: str
    start: int  # offset of its first character in the source
    column: int = 0  # display column where it starts (a CJK character is two columns wide)


@dataclass
class Table:
    header: list[Cell]  # one cell per column; a two-row header's cells name group and column
    rows: list[list[Cell]] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # stated by the title or caption line

    def __post_init__(self) -> None:
        if not self.columns:
            self.columns = [column(cell.text) for cell in self.header]

    def state_units(self, units: list[str], scope: str = "") -> None:
        """The units the table's title, caption or note line states (单位：万元)."""
        self.units = [*self.units, *units]
        apply_units(self.columns, units, scope)

    def as_dict(self) -> dict:
        return {
            "header": [cell.text for cell in self.header],
            "rows": [[cell.text for cell in row] for row in self.rows],
            "units": self.units,
        }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def cells(text: str, offset: int) -> list[Cell]:
    """The cells of one line; `offset` is where the line starts in the source. Tabs separate
    cells one for one (an empty cell stays, as "\t\t"); otherwise two spaces or more do."""
    if "\t" in text:
        found: list[Cell] = []
        position = 0
        for part in text.split("\t"):
            stripped = part.strip(" \u3000")
            start = position + len(part) - len(part.lstrip(" \u3000"))
            found.append(Cell(stripped, offset + start, len(found)))
            position += len(part) + 1
        return found
    return [
        Cell(m.group(), offset + m.start(), _width(text[: m.start()])) for m in CELL.finditer(text)
    ]


def align(row: list[Cell], header: list[Cell]) -> list[Cell]:
    """A space-aligned row with cells left empty ("      合计  38"), each cell put under the
    header cell nearest to where it starts on screen."""
    if len(row) == len(header):
        return row
    placed = [Cell("", cell.start, cell.column) for cell in header]
    for cell in row:
        index = min(range(len(header)), key=lambda i: abs(header[i].column - cell.column))
        if placed[index].text:
            return row  # two cells under one header: not this table's shape
        placed[index] = cell
    return placed


def _is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(to_halfwidth(text)))


QUANTITY = re.compile(rf"{NUMBER.pattern}(?:{UNIT_RE})")
PERIOD = re.compile(rf"(?:{DATE.pattern})+")


def is_quantity(text: str) -> bool:
    """A number, or a number with its own unit (3200平方米, 40个); a year or a period
    (2021年, 1-10月) names a column instead."""
    half = to_halfwidth(text)
    if PERIOD.fullmatch(half):
        return False
    return bool(NUMBER.fullmatch(half) or QUANTITY.fullmatch(half))


def _is_blank(text: str) -> bool:
    return text in ("—", "-", "--", "——", "/", "－", "–")


def is_header(row: list[Cell]) -> bool:
    return (
        len(row) >= 2
        and all(len(cell.text) <= MAX_CELL for cell in row)
        and not any(is_quantity(cell.text) for cell in row)
        and not row[-1].text.endswith(("。", "；", "，"))
        and not any(UNIT_STATEMENT.search(cell.text) for cell in row)
    )


def is_row(row: list[Cell], width: int) -> bool:
    return (
        2 <= len(row) <= width
        and all(len(cell.text) <= MAX_CELL for cell in row)
        and any(is_quantity(cell.text) for cell in row)
    )


def _filled(text: str) -> bool:
    return bool(text) and not _is_blank(text)


def _tab_header(first: list[Cell], second: list[Cell]) -> Table | None:
    """Two header rows of a tab-separated table (pasted from Word or a spreadsheet, or a .docx
    table): a group's cell spans the empty cells after it ("2021年\t\t2022年\t") or repeats
    over them ("2021年\t2021年", a merged cell of a .docx); or the second row gives units."""
    width, given = max(len(first), len(second)), len(first)
    first = first + [Cell("", first[-1].start, len(first) + i) for i in range(width - len(first))]
    second = second + [
        Cell("", second[-1].start, len(second) + i) for i in range(width - len(second))
    ]
    if all(is_unit_only(c.text) for c in second if _filled(c.text)):
        return _units_row(first, second, list(range(width)))
    spans = any(
        _filled(first[i - 1].text)
        and (first[i].text == first[i - 1].text or (not _filled(first[i].text) and second[i].text))
        for i in range(1, given)  # a title over the header ("表1\t各村情况") spans nothing
    )
    if not spans:
        return None
    groups: list[str] = []
    for index, (top, cell) in enumerate(zip(first, second, strict=True)):
        if _filled(top.text) or index == 0 or not _filled(cell.text):
            groups.append(top.text if _filled(top.text) else "")
        else:
            groups.append(groups[-1])  # under the group that spans it
    header = [cell if _filled(cell.text) else top for top, cell in zip(first, second, strict=True)]
    return _grouped(header, groups, [c.text if _filled(c.text) else "" for c in second])


def _overlap(a: Cell, b: Cell) -> int:
    """How far two cells overlap on screen (negative: the gap between them)."""
    return min(a.column + _width(a.text), b.column + _width(b.text)) - max(a.column, b.column)


def _nearest(candidates: list[Cell], cell: Cell) -> int:
    """The index of the candidate that overlaps `cell` most on screen, or is nearest to it
    (the left one of two as near)."""
    best = 0
    for index, candidate in enumerate(candidates):
        if _overlap(candidate, cell) > _overlap(candidates[best], cell):
            best = index
    return best


def _space_header(first: list[Cell], second: list[Cell]) -> Table | None:
    """Two header rows of a space-aligned table: fewer group cells over more column cells,
    each column under the group it stands below (left-aligned or centred over its columns)."""
    if all(is_unit_only(c.text) for c in second):
        owners = [_nearest(first, cell) for cell in second]
        if len(set(owners)) != len(owners):
            return None
        return _units_row(first, second, owners)
    if len(first) >= len(second) or first[-1].column < second[1].column - 1:
        return None  # a title over the header ("表1  各村情况"), not groups over its columns
    standalone = [g for g in first if g.column + _width(g.text) <= second[0].column]
    groups = [g for g in first if g not in standalone]
    if not groups:
        return None
    starts = {c.column for c in second}
    left_aligned = all(any(abs(g.column - s) <= 1 for s in starts) for g in groups)
    owner: dict[int, Cell] = {}
    for index, cell in enumerate(second):
        if left_aligned:
            before = [g for g in groups if g.column <= cell.column + 1]
            if before:
                owner[index] = before[-1]
        else:
            owner[index] = groups[_nearest(groups, cell)]
    if not any(list(owner.values()).count(g) >= 2 for g in groups):
        return None  # nothing groups two columns: not a two-row header
    columns: list[tuple[Cell, str, str]] = [(g, "", g.text) for g in standalone]
    columns += [(g, "", g.text) for g in groups if g not in owner.values()]
    columns += [
        (cell, owner[i].text if i in owner else "", cell.text) for i, cell in enumerate(second)
    ]
    columns.sort(key=lambda item: item[0].column)
    return _grouped([c[0] for c in columns], [c[1] for c in columns], [c[2] for c in columns])


def _units_row(first: list[Cell], second: list[Cell], owners: list[int]) -> Table:
    """Names over a row of their units (扶持资金 | 受益户数 over 万元 | 户)."""
    units = {owner: cell.text for owner, cell in zip(owners, second, strict=True)}
    columns = [column(units.get(index, ""), cell.text) for index, cell in enumerate(first)]
    header = [
        Cell(cell.text + units.get(index, ""), cell.start, cell.column)
        for index, cell in enumerate(first)
    ]
    return Table(header, columns=columns)


def _grouped(cells_: list[Cell], groups: list[str], texts: list[str]) -> Table:
    header = []
    for cell, group, text in zip(cells_, groups, texts, strict=True):
        name = text if not group or group == text else group + text
        header.append(Cell(name, cell.start, cell.column))
    columns = [column(text, group) for group, text in zip(groups, texts, strict=True)]
    return Table(header, columns=columns)


def header_of(rows: list[list[Cell]], index: int) -> tuple[Table, int] | None:
    """The header starting at line `index`, and the lines it takes (one to three)."""
    first = rows[index]
    if not is_header(first):
        return None
    if (
        index + 2 < len(rows)
        and not TABLE_NUMBER.match(first[0].text)
        and rows[index + 1]
        and is_header_like(rows[index + 1])
    ):
        second = rows[index + 1]
        merged = (
            _tab_header(first, second)
            if _tabbed(first) and _tabbed(second)
            else _space_header(first, second)
        )
        if merged is not None and is_row(rows[index + 2], len(merged.header)):
            return merged, 2
        if (
            merged is not None
            and index + 3 < len(rows)
            and _is_units_row(rows[index + 2])
            and is_row(rows[index + 3], len(merged.header))
        ):
            _add_units(merged, rows[index + 2])
            return merged, 3
    return Table(first), 1


def _is_units_row(row: list[Cell]) -> bool:
    """A header row of bare units under the columns ((个) | (万元) | (户))."""
    filled = [cell for cell in row if _filled(cell.text)]
    return len(filled) >= 2 and all(is_unit_only(cell.text) for cell in filled)


def _add_units(table: Table, row: list[Cell]) -> None:
    """A third header row of units, under groups and their columns: each unit goes to the
    column it stands under (by tab, or on screen), unless that column carries one already."""
    tabbed = _tabbed(row) and len(row) <= len(table.header)
    for position, cell in enumerate(row):
        if not _filled(cell.text):
            continue
        index = position if tabbed else _nearest(table.header, cell)
        target = table.columns[index]
        if not target.unit:
            target.unit = split_unit(cell.text)[1]


def is_header_like(row: list[Cell]) -> bool:
    """A second header row: words or units, some cells empty under a group."""
    filled = [cell for cell in row if _filled(cell.text)]
    return (
        len(filled) >= 2
        and all(len(cell.text) <= MAX_CELL for cell in row)
        and not any(is_quantity(cell.text) for cell in row)
        and not any(UNIT_STATEMENT.search(cell.text) for cell in row)
    )


def is_section(row: list[Cell], width: int) -> bool:
    """A row that only names a part of the table: 一、基础设施类 alone on its line, or with
    empty cells (tab-separated, a .docx row merged across)."""
    return (
        (len(row) == width or len(row) == 1)
        and _tabbed(row)
        and _filled(row[0].text)
        and len(row[0].text) <= MAX_CELL
        and not is_quantity(row[0].text)
        and not any(_filled(cell.text) for cell in row[1:])
    )


def _tabbed(row: list[Cell]) -> bool:
    return all(cell.column == index for index, cell in enumerate(row))


def find_tables(rows: list[list[Cell]]) -> list[tuple[int, int, Table]]:
    """(first, last + 1) line indexes of each table among consecutive lines' cells, with the
    table (its header read, its rows aligned under it)."""
    found = []
    index = 0
    while index < len(rows):
        head = header_of(rows, index)
        if head is None:
            index += 1
            continue
        table, taken = head
        end = index + taken
        width = len(table.header)
        while end < len(rows):
            if (
                is_section(rows[end], width)
                and end + 1 < len(rows)
                and is_row(rows[end + 1], width)
            ):
                table.rows.append(rows[end])  # 一、基础设施类: a heading inside the table
                end += 1
                continue
            if not is_row(rows[end], width):
                break
            row = align(rows[end], table.header)
            if len(row) != width:
                break
            table.rows.append(row)
            end += 1
        if table.rows:
            found.append((index, end, table))
            index = end
        else:
            index += 1
    return found


def table_figures(table: Table) -> list[tuple[Figure, int]]:
    """Each numeric cell as a figure with its column's unit and its row's subject, and the
    cell's offset in the source. A cell with its own unit ("120万元") keeps it."""
    columns = table.columns
    figures: list[tuple[Figure, int]] = []
    carried = ""  # a name merged down the first column, pasted as empty cells under it
    for row in table.rows:
        first = row[0].text if row and _tabbed(row) else None
        if first is not None and first != "":
            carried = first if _filled(first) and not is_quantity(first) else ""
        subject = next(
            (cell.text for cell in row if _filled(cell.text) and not is_quantity(cell.text)), ""
        )
        if first == "" and carried:
            subject = carried
        elif first is None:
            carried = ""
        for cell, column_ in zip(row, columns, strict=False):
            text = to_halfwidth(cell.text)
            if not text or _is_blank(text):
                continue
            if _is_number(text):
                unit = "%" if text.endswith("%") else column_.unit
                if not unit:
                    continue  # 序号, or a column that says no unit: not a quantity to record
                try:
                    value = parse_number(text.rstrip("%"))
                except ValueError:  # pragma: no cover - NUMBER only matches numbers
                    continue
                figure = Figure(
                    cell.text,
                    0,
                    len(cell.text),
                    unit,
                    "",
                    f"{subject}{column_.label}",
                    value=value,
                )
                figures.append((figure, cell.start))
                continue
            # a cell with its own unit; or the row's subject, which may count
            # (古城村3处垃圾堆放点) and keeps the subject its own words give
            for figure in find_figures(cell.text):
                if text != subject:
                    figure.subject = f"{subject}{column_.label}"
                figures.append((figure, cell.start + figure.start))
    return figures
