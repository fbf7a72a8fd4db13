"""A resident of 塔儿村 with a household, a group membership, a status change and a merged
duplicate, and an organisation of 塔儿村, each carrying the canary, for the scoping walker.
The resident's `ID_NUMBER`, `DOCUMENT_NUMBER` and phone never show in full on an ordinary page
or endpoint (tests/core/test_personal_data.py)."""

import datetime

from taizhang.core.access import SYSTEM
from taizhang.lib import clock
from taizhang.lib.idcard import make_id_number
from taizhang.people.models import DocumentType, Group, HouseholdMember
from taizhang.people.services import groups, households, merge, organisations, persons

ID_NUMBER = make_id_number("140213", datetime.date(1940, 2, 3), 901)
DOCUMENT_NUMBER = "E98765432"


def make(district, people, canary):
    person = persons.create_person(
        by=SYSTEM,
        unit=district.taer,
        name=canary,
        id_number=ID_NUMBER,
        phone="13912345678",
        address=canary,
        notes=canary,
    )
    twin = persons.create_person(
        by=SYSTEM,
        unit=district.taer,
        name=canary,
        document_type=DocumentType.PASSPORT,
        document_number=DOCUMENT_NUMBER,
        notes=canary,
    )
    merged = merge.merge_people(person, twin, by=SYSTEM, reason=canary)
    household = households.create_household(
        by=SYSTEM, unit=district.taer, number=canary, address=canary, notes=canary, head=person
    )
    membership = groups.add_to_group(
        person,
        Group.objects.filter(is_active=True).first(),
        by=SYSTEM,
        started_on=clock.today() - datetime.timedelta(days=30),
        evidence=canary,
    )
    change = persons.change_status(
        person, by=SYSTEM, status="moved_out", on=clock.today(), reason=canary
    )
    organisation = organisations.create_organisation(
        by=SYSTEM,
        unit=district.taer,
        name=canary,
        kind="shop",
        contact_person=canary,
        contact_phone="13912345678",
        address=canary,
    )
    person.refresh_from_db()
    return [
        person,
        household,
        HouseholdMember.objects.get(person=person),
        membership,
        change,
        merged,
        organisation,
    ]
