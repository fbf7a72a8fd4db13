"""The roster's filters, shared by the list page, the Excel export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import AnyBooleanSelect, FilterSet
from taizhang.core.models import Unit
from taizhang.lib import clock
from taizhang.people.filters import residence_units, search_people, within
from taizhang.people.models import Group
from taizhang.retirees.models import (
    SPECIAL_GROUPS,
    Activity,
    ActivityKind,
    PensionEvent,
    PensionEventKind,
    PensionState,
    Retiree,
    RetireeVisit,
)

ELDERLY = "elderly"
DUE, OVERDUE = "due", "overdue"


def special_lists() -> list[tuple[str, Any]]:
    groups = Group.objects.filter(code__in=SPECIAL_GROUPS, is_active=True).order_by("name")
    return [(group.code, group.name) for group in groups] + [(ELDERLY, _("Aged 80 and over"))]


class RetireeFilter(FilterSet):
    q = django_filters.CharFilter(label=_("name or ID number"), method="by_text")
    unit = django_filters.ModelChoiceFilter(
        label=_("community"), queryset=residence_units, method="by_unit"
    )
    special = django_filters.ChoiceFilter(
        label=_("special list"), choices=special_lists, method="by_special"
    )
    confirmation = django_filters.ChoiceFilter(
        label=_("confirmation"),
        choices=((DUE, _("Due this month")), (OVERDUE, _("Overdue"))),
        method="by_confirmation",
    )
    party = django_filters.BooleanFilter(
        label=_("party member"), field_name="is_party_member", widget=AnyBooleanSelect
    )
    pension_state = django_filters.ChoiceFilter(
        label=_("pension state"), choices=PensionState.choices
    )

    class Meta:
        model = Retiree
        fields = ["q", "unit", "special", "confirmation", "party", "pension_state"]

    def by_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_people(queryset, value)

    def by_unit(self, queryset: QuerySet, name: str, value: Unit | None) -> QuerySet:
        return within(queryset, value, "person__unit")

    def by_special(self, queryset: Any, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        today = clock.today()
        if value == ELDERLY:
            return queryset.elderly(today)
        group = Group.objects.filter(code=value).first()
        return queryset.none() if group is None else queryset.in_group(group, today)

    def by_confirmation(self, queryset: Any, name: str, value: str) -> QuerySet:
        today = clock.today()
        if value == DUE:
            return queryset.due(today)
        if value == OVERDUE:
            return queryset.overdue(today)
        return queryset


class VisitFilter(FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("community"), queryset=residence_units, method="by_unit"
    )
    month = django_filters.DateFilter(label=_("month"), field_name="visited_on", method="by_month")

    class Meta:
        model = RetireeVisit
        fields = ["unit"]

    def by_unit(self, queryset: QuerySet, name: str, value: Unit | None) -> QuerySet:
        return within(queryset, value, "retiree__person__unit")

    def by_month(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(visited_on__year=value.year, visited_on__month=value.month)


class PensionEventFilter(FilterSet):
    """The pension changes for the social insurance agency; `open` keeps those the agency has
    still to act on (the retiree's pension is still marked so)."""

    unit = django_filters.ModelChoiceFilter(
        label=_("community"), queryset=residence_units, method="by_unit"
    )
    kind = django_filters.ChoiceFilter(label=_("change"), choices=PensionEventKind.choices)
    open = django_filters.BooleanFilter(
        label=_("still to act on"), method="by_open", widget=AnyBooleanSelect
    )

    class Meta:
        model = PensionEvent
        fields = ["unit", "kind", "open"]

    def by_unit(self, queryset: QuerySet, name: str, value: Unit | None) -> QuerySet:
        return within(queryset, value, "retiree__person__unit")

    def by_open(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        pending = Q(
            kind=PensionEventKind.SUSPEND, retiree__pension_state=PensionState.TO_SUSPEND
        ) | Q(kind=PensionEventKind.RESUME, retiree__pension_state=PensionState.TO_RESUME)
        return queryset.filter(pending) if value else queryset.exclude(pending)


class ActivityFilter(FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("community"), queryset=residence_units, method="by_unit"
    )
    kind = django_filters.ChoiceFilter(label=_("kind of activity"), choices=ActivityKind.choices)
    campaign = django_filters.CharFilter(label=_("campaign"), lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("year"), field_name="held_on", lookup_expr="year")

    class Meta:
        model = Activity
        fields = ["unit", "kind", "campaign", "year"]

    def by_unit(self, queryset: QuerySet, name: str, value: Unit | None) -> QuerySet:
        return within(queryset, value, "unit")
