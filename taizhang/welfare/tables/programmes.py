"""The programme and enrolment tables: sorting and pagination run in the database; ID numbers
are shown as `personal.shown` says (masked)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core import personal
from taizhang.core.tables import PlainCellsTable
from taizhang.welfare.models import Enrolment, EnrolmentStatus, Programme


def programmes_for_list(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """The owner joined and the counts of active enrolments (people and households) as one
    aggregate each, in the page's query."""
    active = Q(enrolments__status=EnrolmentStatus.ACTIVE)
    return programmes.select_related("owner").annotate(
        enrolled_people=Count("enrolments__person", filter=active, distinct=True),
        enrolled_households=Count("enrolments__household", filter=active, distinct=True),
    )


def enrolments_for_list(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return enrolments.select_related("programme", "person__unit", "household")


class ProgrammeTable(PlainCellsTable):
    name = tables.Column(linkify=True, attrs={"td": {"class": "wrap"}})
    owner = tables.Column(verbose_name=_("programme owner"), order_by=("owner__path",))
    kind = tables.Column()
    starts_on = tables.DateColumn(format="Y-m-d")
    ends_on = tables.DateColumn(format="Y-m-d", default="—")
    enrolled_people = tables.Column(verbose_name=_("enrolled people"))
    enrolled_households = tables.Column(verbose_name=_("enrolled households"))
    is_active = tables.BooleanColumn()

    class Meta:
        model = Programme
        fields = (
            "name", "owner", "kind", "starts_on", "ends_on", "enrolled_people",
            "enrolled_households", "is_active",
        )  # fmt: skip
        order_by = ("owner", "name")
        attrs = {"class": "striped"}
        empty_text = _("No programmes match.")

    def render_owner(self, record: Programme) -> str:
        return record.owner.name


class EnrolmentTable(PlainCellsTable):
    person = tables.Column(
        verbose_name=_("name of the person"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("person__name",),
    )
    id_number = tables.Column(verbose_name=_("citizen ID number"), empty_values=(), orderable=False)
    unit = tables.Column(
        verbose_name=_("village or community"),
        accessor="person__unit",
        order_by=("person__unit__path",),
    )
    programme = tables.Column(verbose_name=_("programme"), order_by=("programme__name",))
    started_on = tables.DateColumn(format="Y-m-d")
    ended_on = tables.DateColumn(format="Y-m-d", default="—")
    amount_yuan = tables.Column(default="—")
    next_review_on = tables.DateColumn(format="Y-m-d", default="—")
    status = tables.Column()

    class Meta:
        model = Enrolment
        fields = (
            "person", "id_number", "unit", "programme", "started_on", "ended_on", "amount_yuan",
            "next_review_on", "status",
        )  # fmt: skip
        order_by = ("unit", "person")
        attrs = {"class": "striped"}
        empty_text = _("No enrolments match.")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def render_person(self, record: Enrolment) -> str:
        return record.person.name

    def render_id_number(self, record: Enrolment) -> Any:
        return personal.shown(record.person, "id_number", self.user) or "—"

    def render_unit(self, record: Enrolment) -> str:
        return record.person.unit.name

    def render_programme(self, record: Enrolment) -> str:
        return record.programme.name
