"""Reading and writing xlsx ledgers: streaming, forgiving about layout, safe against formulas.

Reading goes through python-calamine. Calamine parses a worksheet into a compact Rust range
(a few dozen bytes a cell) and `iter_rows()` hands Python one row at a time, so a 100,000-row
file is never held as Python objects at once. Writing goes through openpyxl's write-only mode,
which streams rows to a temporary file instead of building a worksheet in memory.

Formula injection: a string cell starting with =, +, -, @, a tab or a carriage return can turn
into a formula when a person opens, edits or copies the file in Excel/WPS. Every such string is
written as an explicit string cell (data_type "s", never "f") *and* prefixed with a single
quote, as OWASP recommends: the quote shows the cell was neutralised, and it survives copying
into tools that re-parse text. `restore_text()` removes that quote again when a file made by
Taizhang is imported, so an export re-imports unchanged.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from os import PathLike
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from python_calamine import CalamineError, CalamineWorkbook

from taizhang.lib.text import clean_text

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
HEADER_SCAN_ROWS = 10
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

Destination = str | PathLike[str] | IO[bytes]


class UnreadableWorkbook(ValueError):
    """The file is not an xlsx workbook calamine can read."""


# Reading ----------------------------------------------------------------------------------------


def normalise_header(text: object) -> str:
    """A header as compared: half-width (NFKC), no spaces, no "*" marking required columns."""
    normal = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*]", "", normal)


def split_unit(header: str) -> tuple[str, str | None]:
    """("总投资", "亿元") from a normalised "总投资(亿元)"; (header, None) without a unit."""
    match = re.fullmatch(r"(.+?)\(([^()]+)\)", header)
    return (match.group(1), match.group(2)) if match else (header, None)


def restore_text(value: str) -> str:
    """Undo the quote that `safe_value()` put before a formula-like string."""
    if value.startswith(QUOTE) and value[1:2] and value[1] in "".join(FORMULA_TRIGGERS):
        return value[1:]
    return value


def is_blank(values: Sequence[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


_SHEET = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]+)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')


def _first_sheet_member(archive: zipfile.ZipFile) -> str | None:
    """The zip member of a workbook's first worksheet, as its relationships name it."""
    try:
        match = _SHEET.search(archive.read("xl/workbook.xml"))
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    if match is None:
        return None
    rel_id = re.escape(match.group(1))
    target = re.search(
        rb'<Relationship\b[^>]*?(?:Id="' + rel_id + rb'"[^>]*?Target="([^"]+)"|Target="([^"]+)"'
        rb'[^>]*?Id="' + rel_id + rb'")',
        rels,
    )
    if target is None:
        return None
    path = (target.group(1) or target.group(2)).decode()
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


def sheet_rows(path: str | PathLike[str]) -> int | None:
    """How many rows the first worksheet of an xlsx says it spans, read without loading it:
    the `<dimension>` at the head of the sheet when the writer gave one (Excel, WPS and
    openpyxl do), else the number of the last `<row>` of a streaming pass over the XML (no
    cell is parsed). None when the workbook has no worksheet to find."""
    with zipfile.ZipFile(path) as archive:
        member = _first_sheet_member(archive)
        if member is None or member not in archive.namelist():
            return None
        with archive.open(member) as sheet:
            head = sheet.read(4096)
            dimension = _DIMENSION.search(head)
            if dimension is not None:
                return int(dimension.group(1))
            last, tail = 0, b""
            chunk = head
            while chunk:
                text = tail + chunk
                for match in _ROW_NUMBER.finditer(text):
                    last = max(last, int(match.group(1)))
                tail = text[-200:]
                chunk = sheet.read(1 << 20)
            return last


@dataclass
class Table:
    """The data area of a sheet: where its header is and an iterator over the rows below it."""

    header_row: int  # as Excel numbers rows, from 1
    headers: list[str]  # the header cells as written
    first_column: int  # 0 for column A: calamine leaves out empty columns on the left
    width: int
    last_row: int  # Excel number of the last row with data
    rows: Iterator[tuple[int, list[Any]]]  # (row number, values), blank rows left out
    preamble: list[tuple[int, list[Any]]]  # title rows above the header

    @property
    def total_rows(self) -> int:
        """Rows below the header, blank ones included: the denominator of a progress bar."""
        return max(self.last_row - self.header_row, 0)


class XlsxReader:
    """The first worksheet of an xlsx file, row by row.

    Use as a context manager; `rows()` yields (Excel row number, values) for every row,
    `table()` finds the header row and yields the non-blank rows below it."""

    def __init__(self, path: str | PathLike[str]) -> None:
        try:
            self._book = CalamineWorkbook.from_path(path)
            self._sheet = self._book.get_sheet_by_index(0)
        except (CalamineError, OSError, ValueError) as error:
            raise UnreadableWorkbook(str(error)) from error
        self._iterators: list[Generator[Any, None, None]] = []

    def __enter__(self) -> XlsxReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the workbook and free the sheet: a table's row iterator holds the whole parsed
        sheet (about 150 MiB at 200,000 rows), and an import that reads the file twice
        (SQLite's check and write passes) must not keep the first copy while it reads the
        second."""
        for iterator in self._iterators:
            iterator.close()
        self._iterators.clear()
        self._sheet = None  # type: ignore[assignment]
        self._book.close()

    @property
    def first_column(self) -> int:
        start = self._sheet.start
        return start[1] if start else 0

    @property
    def width(self) -> int:
        return self._sheet.width

    @property
    def last_row(self) -> int:
        end = self._sheet.end
        return end[0] + 1 if end else 0

    def rows(self) -> Generator[tuple[int, list[Any]], None, None]:
        """Every row with its Excel number, blank ones included."""
        start = self._sheet.start
        if start is None:
            return
        iterator = self._sheet.iter_rows()
        first = next(iterator, None)
        if first is None:
            return
        # python-calamine 0.9 pads iter_rows() with empty rows above the data (but not empty
        # columns on the left); older versions started at the data. The first row of the data
        # area always holds a value, so an empty first row means the padding is there.
        first_number = 1 if start[0] and is_blank(first) else start[0] + 1
        yield first_number, first
        yield from enumerate(iterator, start=first_number + 1)

    def table(
        self, score: Callable[[Sequence[str]], int], *, scan_rows: int = HEADER_SCAN_ROWS
    ) -> Table | None:
        """Find the header among the first non-blank `scan_rows` rows: the row whose cells
        `score` rates highest (title rows above it score 0). None when no row scores."""
        rows = self.rows()
        scanned: list[tuple[int, list[Any]]] = []
        for number, values in rows:
            if is_blank(values):
                continue
            scanned.append((number, values))
            if len(scanned) >= scan_rows:
                break
        best, best_score = -1, 0
        for index, (_number, values) in enumerate(scanned):
            row_score = score([normalise_header(value) for value in values])
            if row_score > best_score:
                best, best_score = index, row_score
        if best < 0:
            return None
        header_row, header_values = scanned[best]
        below = chain(scanned[best + 1 :], rows)
        table_rows = ((n, values) for n, values in below if not is_blank(values))
        self._iterators += [table_rows, rows]
        return Table(
            header_row=header_row,
            headers=[str(value).strip() if value is not None else "" for value in header_values],
            first_column=self.first_column,
            width=self.width,
            last_row=self.last_row,
            rows=table_rows,
            preamble=scanned[:best],
        )


# Writing ----------------------------------------------------------------------------------------


def safe_value(value: Any) -> Any:
    """A value openpyxl can write and Excel will not run: formula-like strings get a quote,
    control characters (which xlsx cannot hold) go, aware datetimes become local naive ones
    (xlsx has no time zones)."""
    if isinstance(value, str):
        value = clean_text(value)  # stored before cleaning at input existed: never fail
        return QUOTE + value if value.startswith(FORMULA_TRIGGERS) else value
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def cell(sheet: WriteOnlyWorksheet, value: Any, *, font: Font | None = None) -> WriteOnlyCell:
    """A write-only cell that is never a formula."""
    written = WriteOnlyCell(sheet, value=safe_value(value))
    if isinstance(written.value, str):
        written.data_type = "s"  # belt and braces: openpyxl marks "=…" strings as formulas
    elif isinstance(written.value, datetime.datetime):
        written.number_format = DATETIME_FORMAT
    elif isinstance(written.value, datetime.date):
        written.number_format = DATE_FORMAT
    if font is not None:
        written.font = font
    return written


def append_row(
    sheet: WriteOnlyWorksheet, values: Iterable[Any], *, font: Font | None = None
) -> None:
    sheet.append([cell(sheet, value, font=font) for value in values])


def new_sheet(
    book: Workbook, title: str, headers: Sequence[str], widths: Sequence[int] = ()
) -> WriteOnlyWorksheet:
    """A write-only sheet with a bold, frozen header row."""
    sheet = book.create_sheet(title=title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    append_row(sheet, headers, font=Font(bold=True))
    return sheet


def write_xlsx(
    dest: Destination,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Sheet1",
    widths: Sequence[int] = (),
) -> int:
    """Write one sheet of rows, streaming; returns the number of data rows written."""
    book = Workbook(write_only=True)
    sheet = new_sheet(book, sheet_title, headers, widths)
    count = 0
    for count, values in enumerate(rows, start=1):  # noqa: B007
        append_row(sheet, values)
    book.save(dest)
    return count


@dataclass(frozen=True)
class TemplateColumn:
    """One column as the import template describes it, in words already translated."""

    header: str
    required: bool
    kind: str
    accepted: str = ""
    help: str = ""
    width: int = 14


def write_template(
    dest: Destination,
    columns: Sequence[TemplateColumn],
    *,
    sheet_title: str,
    notes_title: str,
    notes_headers: Sequence[str],
    yes_no: tuple[str, str],
) -> None:
    """An empty ledger to fill in, and a notes sheet listing every column: header, required,
    type, accepted units or values, help. Required headers are red so they stand out."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append(
        [
            cell(
                sheet,
                column.header,
                font=Font(bold=True, color="C00000" if column.required else None),
            )
            for column in columns
        ]
    )
    notes = new_sheet(book, notes_title, notes_headers, (18, 8, 14, 40, 60))
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in columns:
        values = [
            column.header,
            yes_no[0] if column.required else yes_no[1],
            column.kind,
            column.accepted,
            column.help,
        ]
        cells = [cell(notes, value) for value in values]
        for written in cells[3:]:
            written.alignment = wrap
        notes.append(cells)
    book.save(dest)


class ErrorCopyWriter:
    """A copy of an uploaded sheet with the reasons in an extra column, written as the rows are
    read. Rows keep their Excel numbers (blank rows stay blank), so the copy lines up with the
    original and, once fixed, can be uploaded again: the extra column is ignored."""

    def __init__(self, dest: Destination, *, first_column: int, width: int, header: str) -> None:
        self._dest = dest
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet()
        self._pad = [None] * first_column
        self._error_index = first_column + width
        self._sheet.column_dimensions[get_column_letter(self._error_index + 1)].width = 60
        self._header = header
        self._next_row = 1
        self._red = Font(color="C00000")

    def add(self, number: int, values: Sequence[Any], errors: str = "", *, header: bool = False):
        """Write row `number` (blank rows in between are kept blank)."""
        while self._next_row < number:
            self._sheet.append([])
            self._next_row += 1
        padded = [*self._pad, *values]
        padded += [None] * (self._error_index - len(padded))
        cells = [cell(self._sheet, value) for value in padded]
        if header:
            cells.append(cell(self._sheet, self._header, font=Font(bold=True, color="C00000")))
        elif errors:
            cells.append(cell(self._sheet, errors, font=self._red))
        self._sheet.append(cells)
        self._next_row += 1

    def save(self) -> None:
        self._book.save(self._dest)
