"""Print views (打印): `?print=1` renders a page for A4 paper, without JavaScript.

The same template is rendered with the menu left out and the `print` class on the body, which
applies static/core/print.css on screen too (the browser's Print then prints what is shown); a
list shows every row of its current filter, up to PRINT_LIMIT, with a note when it is cut.
`print.css` also applies when any page is printed as it is."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig, Table

PRINT_PARAM = "print"
PRINT_LIMIT = 2000  # rows of one printed list: some 60 A4 pages


def is_print(request: HttpRequest) -> bool:
    return request.GET.get(PRINT_PARAM) == "1"


def page_of(request: HttpRequest, rows: Sequence[Any] | Any, per_page: int) -> Page:
    """The page of a list to show: the one asked for, or for print the first PRINT_LIMIT rows."""
    if is_print(request):
        return Paginator(rows, PRINT_LIMIT).get_page(1)
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def paginate_table(request: HttpRequest, table: Table, per_page: int) -> None:
    """Sort and paginate a django-tables2 table from the query; for print, the first
    PRINT_LIMIT rows."""
    options: dict[str, Any] = {"per_page": per_page}
    if is_print(request):
        options = {"per_page": PRINT_LIMIT, "page": 1}
    RequestConfig(request, paginate=options).configure(table)


def print_query(request: HttpRequest) -> str:
    """The page's query string for its print variant: the same filters, no page number."""
    query = request.GET.copy()
    query.pop("page", None)
    query[PRINT_PARAM] = "1"
    return query.urlencode()


def screen_query(request: HttpRequest) -> str:
    """The query string of the page a print variant was made from."""
    query = request.GET.copy()
    query.pop(PRINT_PARAM, None)
    return query.urlencode()


def _shown(field: forms.Field, value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set) or hasattr(value, "model"):  # several, a queryset
        return "、".join(_shown(field, item) for item in value)
    choices = getattr(field, "choices", None)
    if choices is not None and not hasattr(field, "queryset"):
        for key, label in choices:
            if isinstance(label, list | tuple):  # a group of choices
                found = dict(label).get(value)
                if found is not None:
                    return str(found)
            elif str(key) == str(value):
                return str(label)
    return str(value)


def filter_in_words(form: forms.Form) -> str:
    """A filter form's chosen values as a line of words ("stage: 年度建设; subdistrict: …"),
    or that nothing is filtered. Values that are not valid are left out."""
    if not form.is_bound:
        return _("none: every record")
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    parts = []
    for name, field in form.fields.items():
        value = cleaned.get(name)
        if value is None or value == "" or (hasattr(value, "__len__") and not len(value)):
            continue
        parts.append(f"{field.label or name}: {_shown(field, value)}")
    return "; ".join(parts) if parts else _("none: every record")
