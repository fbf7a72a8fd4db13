"""One FilterSet per list: the case list and the findings (the rectification ledger) serve the
page, the Excel export and the API alike, and feed the dashboard."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import FilterSet
from taizhang.core.models import Unit, UnitKind
from taizhang.lib import clock
from taizhang.rectification.flow import RECTIFICATION
from taizhang.rectification.models import Campaign, Case, Finding, FindingStatus, Origin
from taizhang.supervision import flows

STATE_CHOICES = [(s.code, s.label) for s in RECTIFICATION.states]


def visible_campaigns(request: Any) -> QuerySet:
    """The campaigns a page's filter offers: those the user may see. (The API passes no
    request; its results are scoped all the same.)"""
    if request is None:
        return Campaign.objects.all()
    return Campaign.objects.for_user(request.user)


def agencies(request: Any) -> QuerySet:
    from taizhang.rectification.forms import addressable_agencies

    return addressable_agencies()


def subdistricts(request: Any) -> QuerySet:
    return Unit.objects.filter(kind=UnitKind.SUBDISTRICT).order_by("code")


class CaseFilter(FilterSet):
    """Filters of cases; `prefix` lets the findings' filter reuse them through `case__`."""

    prefix = ""

    q = django_filters.CharFilter(label=_("search"), method="search")
    campaign = django_filters.ModelChoiceFilter(
        label=_("campaign"), queryset=visible_campaigns, method="by_field"
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("responsible agency"), queryset=agencies, method="by_field"
    )
    subdistrict = django_filters.ModelChoiceFilter(
        label=_("subdistrict"), queryset=subdistricts, method="by_field"
    )
    origin = django_filters.ChoiceFilter(
        label=_("origin"), choices=Origin.choices, method="by_field"
    )
    state = django_filters.ChoiceFilter(label=_("state"), choices=STATE_CHOICES, method="by_state")
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="by_overdue")
    light = django_filters.ChoiceFilter(
        label=_("light"),
        choices=[(light.value, label) for light, label in flows.LIGHT_LABELS.items() if light],
        method="by_light",
    )
    is_closed = django_filters.BooleanFilter(label=_("closed"), method="by_closed")

    class Meta:
        model = Case
        fields: list[str] = []

    def _q(self, **lookups: Any) -> Q:
        return Q(**{f"{self.prefix}{name}": value for name, value in lookups.items()})

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            self._q(number__icontains=value)
            | self._q(subject_name__icontains=value)
            | self._q(subject_address__icontains=value)
        )

    def by_field(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(self._q(**{name: value})) if value else queryset

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(self._q(assignment__state=value)) if value else queryset

    def by_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = self._q(assignment__is_open=True, assignment__deadline__lt=clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)

    def by_light(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from taizhang.supervision.queries import light_condition

        if not value:
            return queryset
        return queryset.filter(light_condition(value, prefix=f"{self.prefix}assignment__"))

    def by_closed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(self._q(item__closed_at__isnull=not value))


class FindingFilter(CaseFilter):
    """The rectification ledger's filter: the case filters, and the finding's own."""

    prefix = "case__"

    status = django_filters.ChoiceFilter(
        label=_("finding status"), choices=FindingStatus.choices, method="by_status"
    )
    category = django_filters.CharFilter(label=_("category"), method="by_category")

    class Meta:
        model = Finding
        fields: list[str] = []

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(status=value) if value else queryset

    def by_category(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(category__name=value.strip()) if value.strip() else queryset
