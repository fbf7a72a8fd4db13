"""Where each welfare figure leads: the list that shows exactly the rows it counts, with the
same filters (programme or unit, year), so that a click on a number opens its records."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from taizhang.welfare.queries import Figures, Overview


def _url(name: str, **params: object) -> str:
    given = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{reverse(name)}?{urlencode(given)}" if given else reverse(name)


def figure_links(row: Figures, *, year: int, by: str) -> dict[str, str]:
    """Links of one row; `by` is "programme" or "unit" (a village or subdistrict)."""
    key = {by: row.key} if row.key else {}
    return {
        "enrolled": _url("welfare-enrolment-list", year=year, **key),
        "paid": _url("welfare-entitlement-list", year=year, payment_status="paid", **key),
        "handouts_planned": _url("welfare-entitlement-list", year=year, kind="in_kind", **key),
        "handouts_done": _url(
            "welfare-entitlement-list", year=year, kind="in_kind", collected="yes", **key
        ),
        "reviews_overdue": _url("welfare-review-list", overdue="yes", **key),
    }


def with_links(overview: Overview) -> dict:
    """The overview as JSON, each row with its links, and the labels of the charts."""
    data = overview.as_json()
    for group, by in (("programmes", "programme"), ("villages", "unit"), ("subdistricts", "unit")):
        for row, figures in zip(data[group], getattr(overview, group), strict=True):
            row["links"] = figure_links(figures, year=overview.year, by=by)
    data["totals"]["links"] = figure_links(overview.totals, year=overview.year, by="unit")
    data["labels"] = {
        "people": _("people enrolled"),
        "households": _("households enrolled"),
        "paid": _("yuan paid"),
        "planned": _("hand-outs planned"),
        "done": _("hand-outs done"),
        "overdue": _("reviews overdue"),
    }
    return data
