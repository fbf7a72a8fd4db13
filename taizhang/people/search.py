"""The registry's part of the global search (全局搜索): residents by name or by the last
characters of their ID number, organisations by name or credit code, scoped to what the user
may read. ID numbers are matched only through the indexed `id_last4` column (never by
`icontains` on the number) and always shown masked."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from taizhang.core import personal
from taizhang.core.modules import SearchGroup, SearchHit
from taizhang.core.personal import PersonalKind
from taizhang.core.search import group_of
from taizhang.people.models import Organisation, Person

# 4 to 18 characters of an ID number's end: digits, the last one possibly X.
ID_TAIL = re.compile(r"\d{3,17}[\dX]")


def id_number_condition(query: str) -> Q | None:
    """People whose ID number ends with `query`, through the indexed last 4 characters."""
    tail = query.replace(" ", "").upper()
    if not ID_TAIL.fullmatch(tail):
        return None
    if len(tail) == 18:
        return Q(id_number=tail)
    condition = Q(id_last4=tail[-4:])
    return condition if len(tail) == 4 else condition & Q(id_number__endswith=tail)


def search(user: Any, query: str, limit: int) -> list[SearchGroup]:
    """Residents and organisations the user may read: four queries (a count and a slice
    each)."""
    by_id = id_number_condition(query)
    people = (
        Person.objects.for_user(user)
        .filter(Q(name__icontains=query) if by_id is None else by_id)
        .select_related("unit")
        .order_by("name", "pk")
    )
    organisations = (
        Organisation.objects.for_user(user)
        .filter(Q(name__icontains=query) | Q(credit_code=query.replace(" ", "").upper()))
        .select_related("unit")
        .order_by("name", "pk")
    )
    return [
        group_of(gettext_lazy("People"), people, limit, _person_hit),
        group_of(gettext_lazy("Organisations"), organisations, limit, _organisation_hit),
    ]


def _person_hit(person: Person) -> SearchHit:
    masked = personal.mask(PersonalKind.ID_NUMBER, person.id_number)
    details = (masked, person.unit.name, str(person.get_status_display()))
    return SearchHit(person.name, person.get_absolute_url(), " · ".join(filter(None, details)))


def _organisation_hit(organisation: Organisation) -> SearchHit:
    details = (
        str(organisation.get_kind_display()),
        organisation.credit_code,
        organisation.unit.name,
    )
    return SearchHit(
        organisation.name, organisation.get_absolute_url(), " · ".join(filter(None, details))
    )
