"""Choosing a registry person for a roster: found by name (its start) or the end of the ID
number among the persons of the organisation's unit the user reads, shown masked."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from taizhang.core import personal
from taizhang.party.models import PartyOrg
from taizhang.people.models import Person
from taizhang.people.search import id_number_condition

MAX_FOUND = 20


def people_for_roster(user: Any, org: PartyOrg, query: str) -> list[tuple[Person, str]]:
    """Persons of `org`'s unit (and those below it) matching `query`, each with their ID
    number as `user` reads it (masked); nothing for an empty query."""
    text = " ".join(query.split())
    if not text:
        return []
    by_number = id_number_condition(text)
    people = (
        Person.objects.for_user(user)
        .filter(unit__path__startswith=org.unit.path)
        .filter(by_number if by_number is not None else Q(name__startswith=text))
        .select_related("unit")
        .order_by("name", "pk")[:MAX_FOUND]
    )
    return [(person, personal.shown(person, "id_number", user)) for person in people]


def person_for_roster(user: Any, org: PartyOrg, pk: int) -> Person | None:
    """The person `pk` if the user reads them and they belong to `org`'s unit."""
    return (
        Person.objects.for_user(user)
        .filter(unit__path__startswith=org.unit.path, pk=pk)
        .select_related("unit")
        .first()
    )
