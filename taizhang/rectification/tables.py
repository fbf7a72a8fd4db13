"""The case list table: sorting and pagination run in the database."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from taizhang.core.tables import PlainCellsTable
from taizhang.rectification.models import Case
from taizhang.supervision.tables import light_badge


class CaseTable(PlainCellsTable):
    number = tables.Column(linkify=True)
    subject_name = tables.Column(attrs={"td": {"class": "wrap"}})
    campaign = tables.Column(order_by=("campaign__name",))
    village = tables.Column(order_by=("village__code",))
    agency = tables.Column(order_by=("agency__name",))
    state = tables.Column(
        verbose_name=_("state"), accessor="assignment__state", order_by=("assignment__state",)
    )
    deadline = tables.DateColumn(  # Case.deadline, read from its column to sort by it
        verbose_name=_("deadline"),
        accessor="assignment__deadline",
        format="Y-m-d",
        order_by=("assignment__deadline",),
    )
    light = tables.Column(verbose_name=_("light"), empty_values=(), orderable=False)
    opened_at = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = Case
        fields = (
            "number",
            "subject_name",
            "campaign",
            "village",
            "agency",
            "state",
            "deadline",
            "light",
            "opened_at",
        )
        order_by = ("-opened_at",)
        attrs = {"class": "striped"}
        empty_text = _("No cases match.")

    def render_state(self, record: Case) -> Any:
        return record.assignment.state_label

    def render_light(self, record: Case) -> Any:
        return light_badge(record.assignment.light())
