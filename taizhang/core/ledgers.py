"""Excel ledgers (台账): each ledger declares its columns once, and gets from that a template,
a dry run, an all-or-nothing import and an export of any filtered list.

An app describes its ledger in its `ledger.py` with a `Ledger` subclass and `register()`s an
instance at import time; `taizhang.core.apps` imports the core one. Parsing a cell is shared
(text, numbers, money in 万元/亿元, dates, months, yes/no, choices, org units); what a row
means (checks against the database, writing through the app's services) is the ledger's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

import django_filters
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from taizhang.core import personal, versions
from taizhang.core.access import can_write, scope
from taizhang.core.ledger_cells import (
    MISSING,
    NO,
    YES,
    is_blank,
    read_bool,
    read_choice,
    read_number,
    text_of,
)
from taizhang.core.models import User
from taizhang.lib.dates import parse_date, parse_month
from taizhang.lib.excel import TemplateColumn, normalise_header, split_unit
from taizhang.lib.money import UNIT_FACTORS, parse_money

KINDS = frozenset({"text", "int", "decimal", "money", "date", "month", "bool", "choice", "unit"})
MIN_YEAR, MAX_YEAR = 2000, 2100  # the years a ledger row, a title row or an import may give


@dataclass(frozen=True)
class Column:
    """One column of a ledger's sheet.

    `header` is the Chinese header without a unit; money columns are written "总投资（万元）"
    with `units[0]` and read with any unit of `units` in the header or in the cell.
    `choices` pairs a stored value with the label written in the file. `imported=False`: written
    on export for reference (a status, a derived value) but never read on import; an import of
    a file with the column says so in its message rather than ignoring it silently."""

    header: str
    field: str
    kind: str = "text"
    required: bool = False
    units: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int | None = None
    help: str | Promise = ""
    width: int = 14
    imported: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if self.kind == "money" and not self.units:
            object.__setattr__(self, "units", ("万元", "亿元"))
        if any(unit not in UNIT_FACTORS for unit in self.units):
            raise ValueError(f"unknown money unit in {self.units!r}")

    @property
    def file_header(self) -> str:
        """The header as templates and exports write it."""
        return f"{self.header}（{self.units[0]}）" if self.kind == "money" else self.header


@dataclass(frozen=True)
class CellError:
    column: str
    message: str


@dataclass(frozen=True)
class RowError:
    """A reason a row is refused: its number as Excel shows it, the column header, the reason."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class RowWriteError(Exception):
    """Writing a row failed (the service refused it); the whole import is rolled back."""

    def __init__(self, row: int, column: str, message: str) -> None:
        super().__init__(message)
        self.error = RowError(row, column, message)


class UnknownLedger(LookupError):
    """No ledger by that name; views turn it into a 404."""


@dataclass
class HeaderMap:
    """Which file column feeds which ledger column, and the unit each money header gives."""

    positions: dict[int, Column]
    units: dict[str, str]
    missing: list[Column]
    ignored: list[str]  # headers of the file that are no column of the ledger
    _order: list[int | None] | None = field(default=None, repr=False, compare=False)

    @property
    def not_imported(self) -> list[str]:
        """The file's headers of columns the ledger writes on export but does not import."""
        return [column.file_header for column in self.positions.values() if not column.imported]

    def values(self, ledger: Ledger, row: Sequence[Any]) -> list[Any]:
        """The row's cells in the ledger's column order; MISSING for columns not in the file
        and for columns that are not imported."""
        if self._order is None:  # where each ledger column is in the file, worked out once
            index_of = {c.field: i for i, c in self.positions.items() if c.imported}
            self._order = [index_of.get(column.field) for column in ledger.columns]
        width = len(row)
        return [
            MISSING if index is None else row[index] if index < width else None
            for index in self._order
        ]


@dataclass
class ImportContext:
    """What parsing one file needs across rows: the user, the header's units, the year of
    the sheet (from the import's option or the title row) for rows that give none, and a memo
    a ledger may keep (codes seen so far, a cache of looked-up units). Holds no model objects
    per row, so 100,000 rows do not pile up."""

    user: Any
    units: dict[str, str] = field(default_factory=dict)
    present: frozenset[str] = frozenset()
    memo: dict[str, Any] = field(default_factory=dict)
    row: int = 0
    year: int | None = None


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, action: str) -> None:
        name = {"create": "created", "update": "updated"}.get(action, "unchanged")
        setattr(self, name, getattr(self, name) + 1)


CELL_CACHE = 5000  # distinct values of a column whose parsing an import remembers


@dataclass(frozen=True)
class _Refused:
    """A cell value that failed to parse, and why (kept in the parse cache)."""

    message: str


class Ledger:
    """A ledger's Excel face. Subclasses set the class attributes and implement `write_row`
    (through the app's services, which check access and write the audit rows); they may add
    cross-row and database checks in `check_row`."""

    name: ClassVar[str] = ""
    title: ClassVar[str | Promise] = ""
    model: ClassVar[type[models.Model]]
    columns: ClassVar[tuple[Column, ...]] = ()
    filterset_class: ClassVar[type[django_filters.FilterSet] | None] = None
    # The field of the column that takes the sheet's year when a row gives none: district
    # sheets often give it only in the title ("2024年平城区建设项目台账"). "" for none.
    year_column: ClassVar[str] = ""
    # The field of the column that names the record: a reason about the row as a whole (a
    # locked record, a duplicate) is reported in it, so that every reason names a column.
    key_column: ClassVar[str] = ""
    # Whether an import's writes can be undone from their audit entries (plain creates and
    # field updates of audited records, nothing else): then SQLite writes it in short
    # transactions and undoes them if a later one fails (core/import_batches.py); otherwise
    # in one transaction after the check.
    undoable: ClassVar[bool] = False
    # How many parsed rows `check_rows` gets at once: 1 checks row by row; a ledger that looks
    # rows up in the database by a key (the roster's ID numbers) takes them in batches, one
    # query per batch instead of one per row.
    check_batch_size: ClassVar[int] = 1
    # Whether `write` checks again, at write time, what the check read from the database
    # (that a record exists or not, its version, access, unique keys): then SQLite's write pass
    # takes the rows of the lock-free check pass as they are, instead of reading and checking
    # the file a second time (core/imports.py).
    write_checks_again: ClassVar[bool] = False

    # Reading and export ---------------------------------------------------------------------

    def queryset_for(self, user: Any) -> models.QuerySet:
        return scope(self.model._default_manager.all(), user)  # what .for_user(user) does

    def filtered_queryset(
        self, user: Any, params: Mapping[str, Any]
    ) -> tuple[models.QuerySet, dict[str, list[str]]]:
        """The list page's rows: the ledger's FilterSet over what the user may read. Returns
        (queryset, errors); the queryset is empty when the filters are invalid."""
        queryset = self.queryset_for(user)
        if self.filterset_class is None:
            return queryset, {}
        filterset = self.filterset_class(params, queryset=queryset)
        if not filterset.is_valid():
            return queryset.none(), {k: list(v) for k, v in filterset.errors.items()}
        return filterset.qs, {}

    def export_queryset(self, queryset: models.QuerySet) -> models.QuerySet:
        """Hook to annotate or join what `value_of` needs, so the export makes no N+1 queries."""
        return queryset

    def value_of(self, obj: Any, column: Column) -> Any:
        return getattr(obj, column.field, None)

    def export_value(self, column: Column, value: Any) -> Any:
        """A stored value as the file writes it, so that an export imports back unchanged."""
        if value is None:
            return None
        if column.kind == "bool":
            return YES if value else NO
        if column.kind == "choice":
            return dict(column.choices).get(value, value)
        if column.kind == "money":
            return Decimal(value) / UNIT_FACTORS[column.units[0]]
        if column.kind == "month":
            return f"{value:%Y-%m}"
        if column.kind == "unit":
            return getattr(value, "code", value)
        return value

    def export_row(self, obj: Any, user: Any = None) -> list[Any]:
        """The record's values in column order; personal data masked as on the pages, unless
        the export is one with full personal data (core/personal.py, core/exports.py)."""
        row = [self.export_value(column, self.value_of(obj, column)) for column in self.columns]
        fields = personal.personal_fields(type(obj))
        if fields and not personal.shows_personal_data(user, obj):
            for index, column in enumerate(self.columns):
                if column.field in fields:
                    row[index] = personal.mask(fields[column.field], row[index])
        return row

    def export_rows(self, queryset: models.QuerySet, user: Any = None) -> Iterator[list[Any]]:
        """Rows of an export for `user`, fetched in chunks so a big list is never in memory
        at once."""
        for obj in self.export_queryset(queryset).iterator(chunk_size=2000):
            yield self.export_row(obj, user)

    def headers(self) -> list[str]:
        return [column.file_header for column in self.columns]

    def template_columns(self) -> list[TemplateColumn]:
        """The columns of the blank template: all but 版本 (its rows are new records)."""
        return [
            TemplateColumn(
                header=column.file_header,
                required=column.required,
                kind=str(KIND_LABELS[column.kind]()),
                accepted=self.accepted(column),
                help=str(column.help),
                width=column.width,
            )
            for column in self.columns
            if column.field != versions.VERSION_FIELD  # the 版本 column: export only
        ]

    def accepted(self, column: Column) -> str:
        """What a person may write in the column, for the template's notes sheet."""
        if column.kind == "money":
            units = "、".join(column.units)
            return _(
                "Amount in %(default)s; the header or the cell may give %(units)s, "
                "e.g. 1.2亿元. At most two decimals in 万元."
            ) % {"default": column.units[0], "units": units}
        if column.kind == "date":
            return _("2022-03-05, 2022/3/5, 2022年3月5日 or a date cell")
        if column.kind == "month":
            return _("2022-03, 2022年3月 or 2022.3 (write October as 2022-10)")
        if column.kind == "bool":
            return f"{YES} / {NO}"
        if column.kind == "choice":
            return "、".join(label for _value, label in column.choices)
        if column.kind == "unit":
            return _("Code or name of an org unit")
        if column.max_length:
            return _("At most %(count)d characters") % {"count": column.max_length}
        return ""

    # Import ---------------------------------------------------------------------------------

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def needs_year(self, data: dict[str, Any]) -> bool:
        """Whether a row whose year cell is empty needs the sheet's year (or is refused without
        one). By default when the year column is required; a sheet without the column at all
        gives every row the sheet's year."""
        return any(c.required for c in self.columns if c.field == self.year_column)

    def header_score(self, headers: Sequence[str]) -> int:
        """How many of a row's (normalised) cells are this ledger's headers."""
        mapping = self.map_headers(headers)
        return len(mapping.positions)

    def map_headers(self, headers: Sequence[Any]) -> HeaderMap:
        """Match the file's headers loosely: full-width or half-width brackets, spaces and a
        "*" are ignored; money headers may carry any accepted unit."""
        by_name = {normalise_header(column.header): column for column in self.columns}
        positions: dict[int, Column] = {}
        units: dict[str, str] = {}
        ignored: list[str] = []
        for index, header in enumerate(headers):
            name = normalise_header(header)
            if not name:
                continue
            column = by_name.get(name)
            unit = None
            if column is None:
                base, unit = split_unit(name)
                column = by_name.get(base)
                if column is not None and (column.kind != "money" or unit not in column.units):
                    column = None
            if column is None or column in positions.values():
                ignored.append(str(header))
                continue
            positions[index] = column
            if unit:
                units[column.field] = unit
        found = set(positions.values())
        missing = [
            column
            for column in self.columns
            if column.required and column not in found and column.field != self.year_column
        ]  # a row without a year may take the sheet's; `fill_year` refuses it otherwise
        return HeaderMap(positions=positions, units=units, missing=missing, ignored=ignored)

    def header_of(self, field: str) -> str:
        """The file header of the column that feeds `field`; the key column's for a field
        without a column (a rule about the row as a whole)."""
        headers = {column.field: column.file_header for column in self.columns}
        return headers.get(field) or headers.get(self.key_column) or self.columns[0].file_header

    def cell_errors(self, errors: Mapping[str, Iterable[str]]) -> list[CellError]:
        """A service's or validator's errors by field as errors by column."""
        return [
            CellError(self.header_of(field), str(message))
            for field, messages in errors.items()
            for message in messages
        ]

    def parse_cell(self, column: Column, value: Any, context: ImportContext) -> Any:
        """One non-empty cell as the stored value; ValueError with the reason otherwise."""
        kind = column.kind
        if kind == "text":
            text = text_of(value)
            if column.max_length and len(text) > column.max_length:
                raise ValueError(
                    _("Longer than %(count)d characters.") % {"count": column.max_length}
                )
            return text
        if kind == "int":
            number = read_number(value)
            if number != number.to_integral_value():
                raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
            return int(number)
        if kind == "decimal":
            return read_number(value)
        if kind == "money":
            return parse_money(value, context.units.get(column.field, column.units[0]))
        if kind == "date":
            return parse_date(value)
        if kind == "month":
            return parse_month(value)
        if kind == "bool":
            return read_bool(value)
        if kind == "choice":
            return read_choice(column.choices, value)
        return self._unit(value, context)

    @staticmethod
    def _unit(value: Any, context: ImportContext) -> Any:
        from taizhang.core.models import Unit

        text = text_of(value)
        cache = context.memo.setdefault("unit_refs", {})
        if text not in cache:
            found = Unit.objects.called(text)
            if len(found) > 1:
                cache[text] = _("Several units are called “%(value)s”; give the code.")
            else:
                cache[text] = found[0] if found else _("No org unit “%(value)s”.")
        result = cache[text]
        if isinstance(result, str):
            raise ValueError(result % {"value": text})
        return result

    def parse_row(
        self, values: Sequence[Any], context: ImportContext
    ) -> tuple[dict[str, Any], list[CellError]]:
        """The row's data by field and its errors. Columns the file lacks are left out of the
        data (so an import leaves those fields alone); an empty cell is "" for text and None
        otherwise; a cell that fails is left out and reported. The year column is filled from
        the sheet's year (`fill_year`)."""
        data: dict[str, Any] = {}
        errors: list[CellError] = []
        # A sheet repeats most of its values (categories, units, months, 是/否): each distinct
        # value of a column is parsed once per file (parsing depends only on the value and on
        # the file: its header units, the units and groups looked up), the result or the
        # reason kept. Columns of unique values (codes, names) stop filling it at CELL_CACHE.
        cache: dict[str, dict[Any, Any]] = context.memo.setdefault("cells", {})
        for column, value in zip(self.columns, values, strict=True):
            if value is MISSING:
                continue
            if is_blank(value):
                if column.required and column.field != self.year_column:
                    errors.append(CellError(column.file_header, _("This column is required.")))
                else:
                    data[column.field] = "" if column.kind == "text" else None
                continue
            seen = cache.get(column.field)
            if seen is None:
                seen = cache[column.field] = {}
            key = (type(value), value)
            parsed = seen.get(key, MISSING)
            if parsed is MISSING:
                try:
                    parsed = self.parse_cell(column, value, context)
                except ValueError as error:
                    parsed = _Refused(str(error))
                if len(seen) < CELL_CACHE:
                    seen[key] = parsed
            if type(parsed) is _Refused:
                errors.append(CellError(column.file_header, parsed.message))
            else:
                data[column.field] = list(parsed) if type(parsed) is list else parsed
        if self.year_column:
            errors += self.fill_year(data, errors, context)
        return data, errors

    def fill_year(
        self, data: dict[str, Any], errors: list[CellError], context: ImportContext
    ) -> list[CellError]:
        """Give a row without a year the sheet's year: always when the sheet has no year
        column, and when the cell is empty but the row needs one (`needs_year`). The row's
        own year wins over the sheet's. Without either, a row that needs a year is refused."""
        column = next(c for c in self.columns if c.field == self.year_column)
        if data.get(column.field) is not None or any(
            error.column == column.file_header for error in errors
        ):
            return []
        absent = column.field not in data
        needed = self.needs_year(data)
        if context.year is not None and (absent or needed):
            data[column.field] = context.year
        elif needed:
            return [
                CellError(
                    column.file_header,
                    _(
                        "No year: give it in the %(column)s column, in the title above the "
                        "headers (such as “2024年…台账”) or as the year of the import."
                    )
                    % {"column": column.header},
                )
            ]
        return []

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        """Checks that need other rows or the database. Returns what importing the row would do
        ("create", "update" or "unchanged") and its errors. `data` may lack fields whose
        cells failed to parse, so that all of a row's problems are reported at once."""
        return "create", []

    def check_rows(
        self, rows: Sequence[tuple[int, dict[str, Any]]], context: ImportContext
    ) -> list[tuple[str, list[CellError]]]:
        """`check_row` of each (row number, data) in order, up to `check_batch_size` at once; a
        ledger may override it to look the whole batch up in one query."""
        results = []
        for number, data in rows:
            context.row = number
            results.append(self.check_row(data, context))
        return results

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        """Write one checked row through the app's services; returns the action taken."""
        raise NotImplementedError

    @transaction.atomic
    def write(
        self,
        rows: Iterable[tuple[int, dict[str, Any]]],
        *,
        by: User | None,
    ) -> WriteResult:
        """Write checked rows (row number, data) in one transaction. A row the service refuses
        raises RowWriteError, which rolls back every row written before it."""
        result = WriteResult()
        for number, data in rows:
            try:
                result.add(self.write_row(data, by=by))
            except ValidationError as error:
                fields = list(getattr(error, "error_dict", {}))
                column = self.header_of(fields[0] if len(fields) == 1 else "")
                raise RowWriteError(number, column, "; ".join(error.messages)) from error
        return result


KIND_LABELS: dict[str, Callable[[], str]] = {
    "text": lambda: _("Text"),
    "int": lambda: _("Whole number"),
    "decimal": lambda: _("Number"),
    "money": lambda: _("Amount"),
    "date": lambda: _("Date"),
    "month": lambda: _("Month"),
    "bool": lambda: _("Yes/No"),
    "choice": lambda: _("One of a list"),
    "unit": lambda: _("Org unit"),
}

_registry: dict[str, Ledger] = {}


def register(ledger: Ledger) -> Ledger:
    """Make a ledger available to the pages, the API and the commands by its name."""
    if not ledger.name:
        raise ValueError("a ledger needs a name")
    if ledger.name in _registry and type(_registry[ledger.name]) is not type(ledger):
        raise ValueError(f"ledger {ledger.name!r} is already registered")
    _registry[ledger.name] = ledger
    return ledger


def get_ledger(name: str) -> Ledger:
    try:
        return _registry[name]
    except KeyError:
        raise UnknownLedger(name) from None


def all_ledgers() -> list[Ledger]:
    return list(_registry.values())


__all__ = [
    "MISSING",
    "CellError",
    "Column",
    "HeaderMap",
    "ImportContext",
    "Ledger",
    "RowError",
    "RowWriteError",
    "UnknownLedger",
    "WriteResult",
    "all_ledgers",
    "get_ledger",
    "register",
]
