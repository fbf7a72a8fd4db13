"""One FilterSet per land list, serving the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import FilterSet
from taizhang.land.models import ContractKind, ContractStatus, IncomeSource
from taizhang.land.workbench import EXPIRY_DAYS
from taizhang.lib import clock
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.people.filters import residence_units, within

YEARS = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}


class ContractFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("contract number"), field_name="number", lookup_expr="icontains"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("subdistrict or village"), queryset=residence_units, method="in_unit"
    )
    year = django_filters.NumberFilter(label=_("in force in"), method="in_year", **YEARS)
    kind = django_filters.ChoiceFilter(label=_("way of transfer"), choices=ContractKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=ContractStatus.choices)
    expiring = django_filters.BooleanFilter(label=_("ending within 90 days"), method="ending_soon")

    def in_unit(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return within(queryset, value)

    def in_year(self, queryset: Any, name: str, value: Any) -> QuerySet:
        return queryset.in_force_in(int(value))

    def ending_soon(self, queryset: Any, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        soon = queryset.expiring(clock.today(), EXPIRY_DAYS)
        return soon if value else queryset.exclude(pk__in=soon.values("pk"))


class ParcelFilter(FilterSet):
    q = django_filters.CharFilter(label=_("parcel code or name"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("subdistrict or village"), queryset=residence_units, method="in_unit"
    )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))

    def in_unit(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return within(queryset, value, "household__unit")


class DueFilter(FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("subdistrict or village"), queryset=residence_units, method="in_unit"
    )
    year = django_filters.NumberFilter(
        label=_("contract year starting in"), field_name="period_starts_on__year", **YEARS
    )
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="only_overdue")

    def in_unit(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return within(queryset, value, "contract__unit")

    def only_overdue(self, queryset: Any, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        return queryset.overdue(clock.today())


class IncomeFilter(FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("subdistrict or village"), queryset=residence_units, method="in_unit"
    )
    year = django_filters.NumberFilter(label=_("year"), field_name="received_on__year", **YEARS)
    source = django_filters.ChoiceFilter(label=_("source"), choices=IncomeSource.choices)

    def in_unit(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return within(queryset, value)
