"""Registering a roster of residents at once (花名册登记): people, the households they open or
join and their group memberships, written in bulk with their audit rows in the same
transaction. For the roster import (people/ledgers/people.py), whose rows have passed the
checks of the form first (persons.clean_person, the duplicate checks of identity.py, the
household rules), a batch of them at a time; inserted with `inserts.insert_objects` (ids
reserved, COPY or one prepared INSERT), not `bulk_create`."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.inserts import insert_objects
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.people.models import Group, GroupMembership, Household, HouseholdMember, Person


@dataclass
class RosterEntry:
    """One checked row: the person (unsaved, cleaned), the household to open or join by its
    number within the person's unit (none: ""), the relation to its head and the groups."""

    person: Person
    household_number: str = ""
    relation: str = ""
    groups: Sequence[Group] = ()
    groups_since: datetime.date | None = None
    household_address: str = ""


@transaction.atomic
def register_roster(entries: Sequence[RosterEntry], *, by: User | None) -> int:
    """Create the entries' people, households, memberships and group memberships, and their
    audit rows; returns how many people. The caller has checked the rows (see the module)."""
    units = {entry.person.unit_id: entry.person.unit for entry in entries}
    for unit in units.values():
        require_person_or_system(by, writes_for(by, unit))
    today = clock.today()
    people = [entry.person for entry in entries]
    for person in people:
        person.status_since = person.status_since or today
    insert_objects(Person, people)
    households, opened = _households(entries)
    members = [
        HouseholdMember(
            household=households[(entry.person.unit_id, entry.household_number)],
            person=entry.person,
            relation=entry.relation,
        )
        for entry in entries
        if entry.household_number
    ]
    insert_objects(HouseholdMember, members)
    memberships = [
        GroupMembership(
            person=entry.person,
            group=group,
            started_on=entry.groups_since or today,
            added_by=by,
        )
        for entry in entries
        for group in entry.groups
    ]
    insert_objects(GroupMembership, memberships)
    audit.record_bulk(
        ((record, None) for record in chain(people, opened, members, memberships)),
        by=by,
        reason=_("Excel import"),
    )
    return len(people)


def _households(
    entries: Sequence[RosterEntry],
) -> tuple[dict[tuple[int, str], Household], list[Household]]:
    """The households the entries name, by (unit id, number): those that exist, and those
    opened now with the address of their first row (also returned on their own)."""
    keys = {(e.person.unit_id, e.household_number) for e in entries if e.household_number}
    if not keys:
        return {}, []
    found = Household.objects.filter(
        unit_id__in={unit_id for unit_id, _n in keys}, number__in={number for _u, number in keys}
    )
    households = {(h.unit_id, h.number): h for h in found if (h.unit_id, h.number) in keys}
    new = []
    for entry in entries:
        key = (entry.person.unit_id, entry.household_number)
        if entry.household_number and key not in households:
            household = Household(
                unit=entry.person.unit,
                number=entry.household_number,
                address=entry.household_address,
            )
            households[key] = household
            new.append(household)
    insert_objects(Household, new)
    return households, new
