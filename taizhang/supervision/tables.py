"""The supervision list table: sorting and pagination run in the database."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from taizhang.core.tables import PlainCellsTable
from taizhang.supervision import flows, queries
from taizhang.supervision.models import SupervisionItem


class SupervisionItemTable(PlainCellsTable):
    title = tables.Column(linkify=True, attrs={"td": {"class": "wrap"}})
    subject_repr = tables.Column(verbose_name=_("subject"))
    supervisor_unit = tables.Column(order_by=("supervisor_unit__name",))
    assignments = tables.Column(verbose_name=_("assigned units"), empty_values=(), orderable=False)
    deadline = tables.DateColumn(
        verbose_name=_("deadline"),
        accessor="shown_deadline",  # supervision.deadlines.item_deadline(), as the page shows it
        format="Y-m-d",
        order_by=("shown_deadline",),
    )
    light = tables.Column(verbose_name=_("light"), empty_values=(), orderable=False)
    created_at = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = SupervisionItem
        fields = (
            "title",
            "subject_repr",
            "supervisor_unit",
            "assignments",
            "deadline",
            "light",
            "created_at",
        )
        order_by = ("-created_at",)
        attrs = {"class": "striped"}
        empty_text = _("No supervision items match.")

    # The cells are made with format_html rather than a template per row (issue 18); the
    # same HTML as supervision/_assignment_badges.html and supervision/_light.html.
    def render_assignments(self, record: SupervisionItem) -> Any:
        return format_html_join(
            "",
            '<span class="badge">{} · {}</span> ',
            ((a.unit.name, a.state_label) for a in record.assignments.all()),
        )

    def render_light(self, record: SupervisionItem) -> Any:
        return light_badge(queries.worst_light(list(record.assignments.all())))


def light_badge(light: flows.Light) -> SafeString:
    """A traffic light's badge, as supervision/_light.html shows it."""
    label = flows.LIGHT_LABELS[light]
    symbol = "●" if light in ("red", "yellow", "green") else "○"
    return format_html(
        '<span class="badge light-{}" title="{}">{} {}</span>',
        light or "none",
        label,
        symbol,
        label,
    )
