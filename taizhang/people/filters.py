"""One FilterSet per list of the registry, serving the page, the Excel export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import FilterSet
from taizhang.core.models import Unit, UnitKind
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.ages import BY_KEY
from taizhang.people.models import (
    Group,
    Household,
    Organisation,
    OrganisationKind,
    Person,
    PersonQuerySet,
    PersonStatus,
    Sex,
)

AGE_CHOICES = [(key, band.label) for key, band in BY_KEY.items()]


def residence_units(request: Any) -> QuerySet:
    """Villages, communities and the subdistricts above them that the user may see."""
    units = Unit.objects.filter(
        kind__in=(UnitKind.SUBDISTRICT, UnitKind.VILLAGE, UnitKind.COMMUNITY)
    )
    return units if request is None else units.for_user(request.user)


def active_groups(request: Any) -> QuerySet:
    return Group.objects.filter(is_active=True)


def within(queryset: QuerySet, unit: Unit | None, field: str = "unit") -> QuerySet:
    """Records of `unit` and the units below it (a subdistrict's villages)."""
    return (
        queryset if unit is None else queryset.filter(**{f"{field}__path__startswith": unit.path})
    )


def _id_search(number: str) -> bool:
    """Whether a (normalised) search is a whole ID number or the last 4 of one."""
    is_last4 = (
        len(number) == 4 and number[:3].isdigit() and (number[3].isdigit() or number[3] == "X")
    )
    return len(number) == 18 or is_last4


def search_people(queryset: QuerySet, text: str, prefix: str = "person__") -> QuerySet:
    """Records of people (`prefix` leads to the person) by a search box: a whole ID number
    finds its person, 4 characters the ID numbers ending with them (the indexed last 4; no name
    has 3 digits), anything else names; never a part of an ID number (it is personal data)."""
    text = text.strip()
    number = normalize_id_number(text)
    if len(number) == 18:
        return queryset.filter(**{f"{prefix}id_number": number})
    if _id_search(number):  # the last 4
        return queryset.filter(**{f"{prefix}id_last4": number})
    return queryset.filter(**{f"{prefix}name__contains": text}) if text else queryset


class PersonFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("name or ID number"),
        method="search",
        help_text=_("A name, a whole ID number or its last 4 characters"),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )
    group = django_filters.ModelChoiceFilter(
        label=_("group"), queryset=active_groups, method="by_group"
    )
    age = django_filters.ChoiceFilter(label=_("age"), choices=AGE_CHOICES, method="by_age")
    status = django_filters.ChoiceFilter(label=_("status"), choices=PersonStatus.choices)
    sex = django_filters.ChoiceFilter(label=_("sex"), choices=Sex.choices)

    class Meta:
        model = Person
        fields = ["q", "unit", "group", "age", "status", "sex"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """search_people, where a text with digits that is no ID number nor its last 4 may
        also be a document number."""
        text = value.strip()
        number = normalize_id_number(text)
        if text and any(char.isdigit() for char in text) and not _id_search(number):
            return queryset.filter(Q(document_number=text) | Q(name__contains=text))
        return search_people(queryset, text, prefix="")

    def by_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value)

    def by_group(self, queryset: PersonQuerySet, name: str, value: Group) -> QuerySet:
        return queryset.in_group(value) if value else queryset

    def by_age(self, queryset: PersonQuerySet, name: str, value: str) -> QuerySet:
        band = BY_KEY.get(value)
        return queryset.aged(band.at_least, below=band.below) if band else queryset


class HouseholdFilter(FilterSet):
    q = django_filters.CharFilter(label=_("number, address or member"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )

    class Meta:
        model = Household
        fields = ["q", "unit"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        members = Household.objects.filter(members__person__name__contains=text).values("pk")
        return queryset.filter(
            Q(number__contains=text) | Q(address__contains=text) | Q(pk__in=members)
        )

    def by_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value)


class OrganisationFilter(FilterSet):
    q = django_filters.CharFilter(label=_("name or credit code"), method="search")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=OrganisationKind.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("unit"), queryset=residence_units, method="by_unit"
    )
    is_active = django_filters.BooleanFilter(label=_("in business"))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "unit", "is_active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(name__contains=text) | Q(credit_code=text.upper()) | Q(address__contains=text)
        )

    def by_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value)
