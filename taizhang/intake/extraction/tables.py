"""Tables pasted as text: columns set apart by tabs, by two or more spaces, or by full-width
spaces (U+3000).

A table is a run of at least two lines (a header and one row or more) that split into the same
number of cells (two or more), whose header cells are words and whose rows hold numbers. A
header cell names its column and may carry the unit, with its multiplier, in brackets:
扶持资金（万元）, 受益户数（户）, 完成进度（%）. Each numeric cell of a row is a figure with the
column's unit and the row's subject, the first cell that is not a number (the village, the
residential estate, 合计). A .docx table reaches this code as tab-separated lines (reading.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from taizhang.intake.extraction.figures import UNIT_RE, Figure, find_figures
from taizhang.lib.cn_numbers import parse_number, to_halfwidth

# A cell: text without tabs and without two spaces in a row ("新华街小区", "扶持资金（万元）").
CELL = re.compile(r"[^\t \u3000]+(?: [^\t \u3000]+)*")
NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?%?")
HEADER_UNIT = re.compile(rf"^(?P<label>.*?)\s*[（(](?P<unit>%|{UNIT_RE})[）)]$")
MAX_CELL = 24  # a cell longer than this is running text, not a table


@dataclass
class Cell:
    text: str
    start: int  # offset of its first character in the source
    column: int = 0  # display column where it starts (a CJK character is two columns wide)


@dataclass
class Column:
    label: str
    unit: str


@dataclass
class Table:
    header: list[Cell]
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def columns(self) -> list[Column]:
        columns = []
        for cell in self.header:
            match = HEADER_UNIT.match(to_halfwidth(cell.text))
            if match:
                columns.append(Column(cell.text[: len(match.group("label"))], match.group("unit")))
            else:
                columns.append(Column(cell.text, ""))
        return columns

    def as_dict(self) -> dict:
        return {
            "header": [cell.text for cell in self.header],
            "rows": [[cell.text for cell in row] for row in self.rows],
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


def _is_quantity(text: str) -> bool:
    """A number, or a number with its own unit (3200平方米, 40个)."""
    half = to_halfwidth(text)
    return bool(NUMBER.fullmatch(half) or QUANTITY.fullmatch(half))


def _is_blank(text: str) -> bool:
    return text in ("—", "-", "--", "——", "/", "－", "–")


def is_header(row: list[Cell]) -> bool:
    return (
        len(row) >= 2
        and all(len(cell.text) <= MAX_CELL for cell in row)
        and not any(_is_quantity(cell.text) for cell in row)
        and not row[-1].text.endswith(("。", "；", "，"))
    )


def is_row(row: list[Cell], width: int) -> bool:
    return (
        2 <= len(row) <= width
        and all(len(cell.text) <= MAX_CELL for cell in row)
        and any(_is_quantity(cell.text) for cell in row)
    )


def find_tables(rows: list[list[Cell]]) -> list[tuple[int, int]]:
    """(first, last + 1) line indexes of each table among consecutive lines' cells."""
    found = []
    index = 0
    while index < len(rows):
        header = rows[index]
        end = index + 1
        if is_header(header):
            while end < len(rows) and is_row(rows[end], len(header)):
                rows[end] = align(rows[end], header)
                if len(rows[end]) != len(header):
                    break
                end += 1
        if end - index >= 2:
            found.append((index, end))
            index = end
        else:
            index += 1
    return found


def table_figures(table: Table) -> list[tuple[Figure, int]]:
    """Each numeric cell as a figure with its column's unit and its row's subject, and the
    cell's offset in the source. A cell with its own unit ("120万元") keeps it."""
    columns = table.columns
    figures: list[tuple[Figure, int]] = []
    for row in table.rows:
        subject = next((cell.text for cell in row if not _is_quantity(cell.text)), "")
        for cell, column in zip(row, columns, strict=False):
            text = to_halfwidth(cell.text)
            if not text or _is_blank(text) or text == subject:
                continue
            if _is_number(text):
                unit = "%" if text.endswith("%") else column.unit
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
                    f"{subject}{column.label}",
                    value=value,
                )
                figures.append((figure, cell.start))
                continue
            for figure in find_figures(cell.text):  # a cell with its own unit
                figure.subject = f"{subject}{column.label}"
                figures.append((figure, cell.start + figure.start))
    return figures
