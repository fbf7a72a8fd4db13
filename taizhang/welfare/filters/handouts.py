"""Filters of the visits and hand-outs lists: the page, the Excel export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import FilterSet
from taizhang.core.models import Unit
from taizhang.people.filters import active_groups, residence_units, within
from taizhang.people.models import GroupMembership
from taizhang.welfare.models import Cycle, Handout, Programme, ProgrammeKind, Visit
from taizhang.welfare.services import handouts
from taizhang.welfare.services.visits import pickable_programmes


def visit_programmes(request: Any) -> QuerySet[Programme]:
    if request is None:
        return Programme.objects.all()
    return pickable_programmes(request.user)


def in_kind_cycles(request: Any) -> QuerySet[Cycle]:
    cycles = Cycle.objects.filter(programme__kind=ProgrammeKind.IN_KIND)
    if request is None:
        return cycles
    return handouts.in_kind_cycles(request.user)


class VisitFilter(FilterSet):
    programme = django_filters.ModelChoiceFilter(label=_("programme"), queryset=visit_programmes)
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )
    year = django_filters.NumberFilter(label=_("year"), field_name="visited_on", lookup_expr="year")
    group = django_filters.ModelChoiceFilter(
        label=_("group"), queryset=active_groups, method="by_group"
    )

    class Meta:
        model = Visit
        fields = ["programme", "unit", "year", "group"]

    def by_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value, "person__unit")

    def by_group(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """Visits to people who were members of the group on the day of the visit."""
        if not value:
            return queryset
        members = GroupMembership.objects.filter(group=value)
        return queryset.filter(person__in=members.values("person_id"))


class HandoutFilter(FilterSet):
    cycle = django_filters.ModelChoiceFilter(
        label=_("cycle"), queryset=in_kind_cycles, field_name="entitlement__cycle"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )
    year = django_filters.NumberFilter(label=_("year"), field_name="handed_at", lookup_expr="year")
    method = django_filters.ChoiceFilter(
        label=_("confirmed by"),
        field_name="method",
        choices=Handout._meta.get_field("method").choices,
    )

    class Meta:
        model = Handout
        fields = ["cycle", "unit", "year", "method"]

    def by_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value, "entitlement__unit")
