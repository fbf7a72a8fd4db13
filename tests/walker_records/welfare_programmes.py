"""A programme owned by 塔儿村 and the enrolment of a 塔儿村 resident in it, carrying the canary,
for the scoping walker: a 西王庄村 officer, another subdistrict or a department outside the
owner line finds neither, on pages or endpoints."""

import datetime

from taizhang.core.access import SYSTEM
from taizhang.lib import clock
from taizhang.lib.idcard import make_id_number
from taizhang.people.services import persons
from taizhang.welfare.services import enrolments, programmes


def make(district, people, canary):
    start = clock.today() - datetime.timedelta(days=30)
    programme = programmes.create_programme(
        by=SYSTEM,
        owner=district.taer,
        name=canary,
        kind="cash_monthly",
        funding_source=canary,
        starts_on=start,
        min_age=60,
        tiers=[{"min_age": 60, "max_age": None, "amount_yuan": "100"}],
    )
    resident = persons.create_person(
        by=SYSTEM,
        unit=district.taer,
        name=canary,
        id_number=make_id_number("140213", datetime.date(1940, 5, 6), 903),
    )
    enrolment = enrolments.enrol(programme, resident, by=SYSTEM, started_on=start)
    enrolment = enrolments.stop_enrolment(
        enrolment, by=SYSTEM, ended_on=clock.today(), reason=canary
    )
    return [programme, enrolment]
