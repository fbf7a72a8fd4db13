"""A small party tree of the shared district, with the clock set to 2022-06-15:

平城区委 ─ 小南头街道党工委 ─ 西王庄村党支部 (4 full members, 1 probationary)
                          ─ 塔儿村党支部 (2 full members)
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from taizhang.core.access import SYSTEM
from taizhang.party.models import MemberStatus, OrgLevel
from taizhang.party.services import orgs
from tests.factories import day_setter, make_person

TODAY = datetime.date(2022, 6, 15)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), SHANGHAI)


@pytest.fixture
def set_day(monkeypatch):
    return day_setter(monkeypatch, TODAY)


@pytest.fixture
def party(district, set_day) -> SimpleNamespace:
    p = SimpleNamespace()
    p.district_committee = orgs.create_org(
        by=SYSTEM, name="中共平城区委", level=OrgLevel.DISTRICT, unit=district.pingcheng
    )
    p.working = orgs.create_org(
        by=SYSTEM,
        name="小南头街道党工委",
        level=OrgLevel.WORKING_COMMITTEE,
        unit=district.xiaonantou,
        parent=p.district_committee,
    )
    p.xwz_people = [
        make_person(district.xiwangzhuang, name, born="1970-01-01")
        for name in ("王书记", "李委员", "张党员", "赵党员", "钱预备")
    ]
    p.xwz = orgs.create_org(
        by=SYSTEM,
        name="西王庄村党支部",
        level=OrgLevel.BRANCH,
        unit=district.xiwangzhuang,
        parent=p.working,
        secretary=p.xwz_people[0],
        committee=p.xwz_people[:2],
        published_names="王书记",
    )
    for person in p.xwz_people:
        orgs.add_member(
            p.xwz,
            by=SYSTEM,
            person=person,
            joined_party_on=datetime.date(2000, 7, 1),
            joined_org_on=datetime.date(2020, 1, 1),
            status=MemberStatus.PROBATIONARY if person.name == "钱预备" else MemberStatus.FULL,
        )
    p.taer_people = [make_person(district.taer, name) for name in ("塔书记", "塔党员")]
    p.taer = orgs.create_org(
        by=SYSTEM,
        name="塔儿村党支部",
        level=OrgLevel.BRANCH,
        unit=district.taer,
        parent=p.working,
        secretary=p.taer_people[0],
    )
    for person in p.taer_people:
        orgs.add_member(
            p.taer,
            by=SYSTEM,
            person=person,
            joined_party_on=datetime.date(2010, 7, 1),
            joined_org_on=datetime.date(2020, 1, 1),
        )
    return p
