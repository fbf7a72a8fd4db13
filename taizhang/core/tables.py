"""Tables of the list pages: sorting and pagination run in the database, and a page's cells
are worked out in Python once per row (`PlainCellsTable`).

django-tables2 renders each cell through several layers (the bound row, the accessor,
`call_with_appropriate`, the column's template for dates and links, the column's HTML
attributes worked out again for every cell); at 50 rows and 9 columns that was about 80 % of
the project list's time (issue 18, `benchmarks/page_profile.py`). A `PlainCellsTable` keeps
django-tables2's columns, headers, sorting and pagination, and renders the body through one
loop in `core/table.html`: per column, what to read and how to show it is decided once; per
row, the cells are plain values (escaped by the template) or HTML made with `format_html`.
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import BooleanColumn, BoundColumn, DateColumn

from taizhang.core.models import Unit

Cell = Callable[[Any], Any]
RENDER_ARGUMENTS = ("record", "value", "table")


def _resolve(record: Any, bits: list[str]) -> Any:
    """The value at `bits` from `record`, as django-tables2's Accessor reads it: None when a
    link of the chain is missing, methods called."""
    value = record
    for bit in bits:
        if value is None:
            return None
        try:
            value = value[bit] if isinstance(value, dict) else getattr(value, bit)
        except (AttributeError, KeyError, models.ObjectDoesNotExist):
            return None
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


def _choice_labels(model: Any, bits: list[str]) -> dict[Any, Any] | None:
    """The labels of a field with choices at the end of `bits` (get_FOO_display), else None."""
    field = None
    for bit in bits:
        if model is None:
            return None
        try:
            field = model._meta.get_field(bit)
        except (FieldDoesNotExist, AttributeError):
            return None
        model = field.related_model
    choices = getattr(field, "flatchoices", None)
    return dict(choices) if choices else None


class PlainCellsTable(tables.Table):
    """A django-tables2 table whose body is rendered from cells made once per row.

    Supports what the plain list tables use: model fields (choice labels shown), related
    objects, `DateColumn` formats (local time), `BooleanColumn`, `linkify` (True, a callable, or
    reverse arguments), `render_<name>(record=…, value=…)` methods, column defaults for empty
    values and static `td` attributes. Anything else is rendered by django-tables2 for that
    column, so the output stays the same."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("template_name", "core/table.html")
        super().__init__(*args, **kwargs)

    def plain_rows(self) -> Iterator[list[tuple[SafeString, Any]]]:
        """For each row of the current page, its (td attributes, cell) pairs."""
        rows = self.page.object_list if getattr(self, "page", None) else self.rows
        columns = [(self._td_attrs(column), self._cell_of(column)) for column in self.columns]
        for row in rows:
            record = row.record
            yield [
                (attrs, cell(record) if cell else row.get_cell(column.name))
                for (attrs, cell), column in zip(columns, self.columns, strict=True)
            ]

    def _td_attrs(self, column: BoundColumn) -> SafeString:
        return mark_safe(column.attrs["td"].as_html())  # noqa: S308 - AttributeDict escapes

    def _cell_of(self, bound: BoundColumn) -> Cell | None:
        """How to make this column's cell from a record, or None to leave it to django-tables2."""
        column = bound.column
        if column.localize is not None or type(column) not in (
            tables.Column,
            DateColumn,
            BooleanColumn,
        ):
            return None
        bits = tables.A(bound.accessor).bits
        model = getattr(self.data, "model", None)
        labels = _choice_labels(model, bits)
        empty, default = column.empty_values, bound.default
        if isinstance(column, DateColumn):  # its template: {{ value|date:…|default:default }}
            empty = (None, "")
        render = self._render_method(bound.name)
        show = self._shown(column)
        link = column.link
        linked = self._linker(bound.name, column, bits) if link is not None else None

        def cell(record: Any) -> Any:
            value = _resolve(record, bits)
            if labels is not None and value in labels:
                value = labels[value]
            if value in empty:
                return default
            content = render(record, value) if render else show(value)
            if linked is None:
                return content
            href = linked(record)
            return content if href is None else format_html('<a href="{}">{}</a>', href, content)

        return cell

    def _render_method(self, name: str) -> Callable[[Any, Any], Any] | None:
        method = getattr(self, f"render_{name}", None)
        if method is None:
            return None
        wanted = set(inspect.signature(method).parameters)
        if not wanted <= set(RENDER_ARGUMENTS):
            raise TypeError(f"render_{name} takes arguments a plain table does not give")

        def render(record: Any, value: Any) -> Any:
            given = {"record": record, "value": value, "table": self}
            return method(**{key: given[key] for key in wanted})

        return render

    @staticmethod
    def _shown(column: tables.Column) -> Callable[[Any], Any]:
        if isinstance(column, DateColumn):
            # DateColumn's template: {{ value|date:"<format>" }}, in local time.
            template = column.template_code
            date_format = template.split('"')[1]

            def date(value: Any) -> Any:
                if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                    value = timezone.localtime(value)
                return dateformat.format(value, date_format)

            return date
        if isinstance(column, BooleanColumn):
            yes, no = column.yesno

            def boolean(value: Any) -> SafeString:
                text = yes if value else no
                return format_html('<span class="{}">{}</span>', str(bool(value)).lower(), text)

            return boolean
        return lambda value: value

    @staticmethod
    def _linker(name: str, column: tables.Column, bits: list[str]) -> Callable[[Any], Any]:
        link = column.link
        if callable(link.url):
            url = link.url
            wanted = set(inspect.signature(url).parameters)
            if wanted != {"record"}:
                raise TypeError(f"linkify of {name} takes arguments a plain table does not give")
            return lambda record: url(record=record)
        if link.reverse_args.get("viewname") is not None:
            return link.call_reverse
        target = tables.A(link.accessor).bits if link.accessor is not None else bits

        def href(record: Any) -> Any:
            value = _resolve(record, target)
            if not hasattr(value, "get_absolute_url"):
                value = record
            return value.get_absolute_url()

        return href


class UnitTable(PlainCellsTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    kind = tables.Column()
    address = tables.Column(attrs={"td": {"class": "wrap"}})
    contact_person = tables.Column()
    is_demo = tables.BooleanColumn(verbose_name=_("demo"))

    class Meta:
        model = Unit
        fields = ("code", "name", "kind", "address", "contact_person", "is_demo")
        order_by = ("code",)
        attrs = {"class": "striped"}
        empty_text = _("No units match.")
