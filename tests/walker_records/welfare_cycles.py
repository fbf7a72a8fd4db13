"""A cycle of a 塔儿村-owned allowance with the entitlement of a 塔儿村 resident, for the scoping
walker: the canary is the cycle's label, the entitlement's bank note and the resident's name."""

import datetime
from decimal import Decimal

from taizhang.core.access import SYSTEM
from taizhang.lib.idcard import make_id_number
from taizhang.people.services import persons
from taizhang.welfare.models import Programme, ProgrammeKind
from taizhang.welfare.services import cycles, enrolments

ID_NUMBER = make_id_number("140213", datetime.date(1945, 6, 7), 913)


def make(district, people, canary):
    programme = Programme.objects.create(
        name=f"塔儿村高龄补贴 {canary}",
        owner=district.taer,
        kind=ProgrammeKind.CASH_MONTHLY,
        amount_yuan=Decimal("120"),
        starts_on=datetime.date(2021, 1, 1),
        min_age=60,
    )
    resident = persons.create_person(
        by=SYSTEM, unit=district.taer, name=canary, id_number=ID_NUMBER, notes=canary
    )
    day = datetime.date(2022, 1, 1)
    enrolments.enrol(programme, resident, by=SYSTEM, started_on=day)
    cycle, _refused = cycles.create_cycle(programme, by=SYSTEM, period=day, label=canary)
    entitlement = cycle.entitlements.get()
    entitlement.payment_note = canary
    entitlement.save(update_fields=["payment_note"])
    return [cycle, entitlement]  # the programme is the programmes part's record
