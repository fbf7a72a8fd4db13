"""The welfare lists' filters, each one FilterSet serving the page, the Excel export and the
API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import FilterSet
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.filters import residence_units, within
from taizhang.welfare.models import Cycle, Entitlement, PaymentStatus, Programme

YES_NO = (("yes", _("Yes")), ("no", _("No")))


def visible_programmes(request: Any) -> QuerySet:
    programmes = Programme.objects.all()
    return programmes if request is None else programmes.for_user(request.user)


def visible_cycles(request: Any) -> QuerySet:
    cycles = Cycle.objects.select_related("programme")
    return cycles if request is None else cycles.for_user(request.user)


def search_people(queryset: QuerySet, text: str, prefix: str = "person__") -> QuerySet:
    """A whole ID number finds its person, 4 characters the ID numbers ending with them,
    anything else names (never a part of an ID number: it is personal data)."""
    text = text.strip()
    number = normalize_id_number(text)
    if len(number) == 18:
        return queryset.filter(**{f"{prefix}id_number": number})
    if len(number) == 4 and number[:3].isdigit() and (number[3].isdigit() or number[3] == "X"):
        return queryset.filter(**{f"{prefix}id_last4": number})
    return queryset.filter(**{f"{prefix}name__contains": text}) if text else queryset


class EntitlementFilter(FilterSet):
    """Entitlements (待遇) by programme, cycle, village (and the units below), year, payment
    status, whether the hand-out is collected, and a name or the last 4 of an ID number."""

    q = django_filters.CharFilter(
        label=_("name or ID number"),
        method="search",
        help_text=_("A name, a whole ID number or its last 4 characters"),
    )
    programme = django_filters.ModelChoiceFilter(label=_("programme"), queryset=visible_programmes)
    cycle = django_filters.ModelChoiceFilter(label=_("cycle"), queryset=visible_cycles)
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )
    year = django_filters.NumberFilter(
        label=_("year"), field_name="cycle__period", lookup_expr="year"
    )
    payment_status = django_filters.ChoiceFilter(
        label=_("payment"),
        choices=[(value, label) for value, label in PaymentStatus.choices if value],
    )
    collected = django_filters.ChoiceFilter(
        label=_("collected"), choices=YES_NO, method="by_collected"
    )

    class Meta:
        model = Entitlement
        fields = ["q", "programme", "cycle", "unit", "year", "payment_status", "collected"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_people(queryset, value)

    def by_unit(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return within(queryset, value)

    def by_collected(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "yes":
            return queryset.filter(handout__isnull=False)
        if value == "no":
            return queryset.filter(Q(handout__isnull=True))
        return queryset
