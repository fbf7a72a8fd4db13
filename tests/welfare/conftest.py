"""Residents of 西王庄村 and 塔儿村 with households and groups, and programmes on them, shared
by the welfare tests. `CYCLE_DAY` is the day the tests evaluate eligibility on."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from taizhang.core.models import UnitKind
from taizhang.core.roles import Role
from taizhang.people.models import Group, GroupMembership
from taizhang.welfare.models import (
    BasketItem,
    BenefitUnit,
    Enrolment,
    Programme,
    ProgrammeKind,
    Tier,
)
from taizhang.welfare.services import cycles
from tests.factories import make_household, make_person, make_unit, make_user
from tests.welfare.figures_data import year_2022  # noqa: F401 (a fixture for every test here)

CYCLE_DAY = datetime.date(2022, 1, 1)


@pytest.fixture
def minzhengju(district):
    """区民政局, the department that approves applications, and its officer."""
    unit = make_unit("区民政局", UnitKind.DEPARTMENT, district.pingcheng, code="140213104")
    unit.refresh_from_db()
    return SimpleNamespace(unit=unit, officer=make_user("mzj", Role.UNIT_OFFICER, unit=unit))


@pytest.fixture
def villagers(district) -> SimpleNamespace:
    """西王庄村: 王老汉 (born 1950, 71 on CYCLE_DAY) heads a household with his son (born
    1990); 赵奶奶 (born 1938, 83) lives alone and is 低保; 孙大 (born 1962, 59) is not yet 60.
    塔儿村: 李二 (born 1940, 81)."""
    v = SimpleNamespace()
    v.wang = make_person(district.xiwangzhuang, "王老汉", born="1950-03-01")
    v.wang_son = make_person(district.xiwangzhuang, "王小", born="1990-06-02")
    v.zhao = make_person(district.xiwangzhuang, "赵奶奶", born="1938-07-09", sex="female")
    v.sun = make_person(district.xiwangzhuang, "孙大", born="1962-05-20")
    v.li = make_person(district.taer, "李二", born="1940-01-05")
    v.wang_household = make_household(district.xiwangzhuang, "XWZ-001", v.wang, v.wang_son)
    v.zhao_household = make_household(district.xiwangzhuang, "XWZ-002", v.zhao)
    v.sun_household = make_household(district.xiwangzhuang, "XWZ-003", v.sun)
    v.li_household = make_household(district.taer, "TE-001", v.li)
    v.dibao = Group.objects.get(code="dibao")
    GroupMembership.objects.create(
        person=v.zhao, group=v.dibao, started_on=datetime.date(2020, 1, 1)
    )
    return v


@pytest.fixture
def allowance(district) -> Programme:
    """西王庄村's monthly allowance from the age of 60, by age tier: 60–69 100元, 70–79
    150元, 80 and over 200元."""
    programme = Programme.objects.create(
        name="60岁以上老人生活补贴",
        owner=district.xiwangzhuang,
        kind=ProgrammeKind.CASH_MONTHLY,
        starts_on=datetime.date(2021, 1, 1),
        min_age=60,
        funding_source="村集体经济收入",
    )
    for low, high, amount in ((60, 70, "100"), (70, 80, "150"), (80, None, "200")):
        Tier.objects.create(
            programme=programme, min_age=low, max_age=high, amount_yuan=Decimal(amount)
        )
    return programme


@pytest.fixture
def spring_goods(district) -> Programme:
    """Spring Festival goods for every household of 小南头街道's villages: 大米 10 kg, 面粉
    5 kg, 食用油 5 L."""
    programme = Programme.objects.create(
        name="春节慰问品",
        owner=district.xiaonantou,
        kind=ProgrammeKind.IN_KIND,
        benefit_unit=BenefitUnit.HOUSEHOLD,
        starts_on=datetime.date(2022, 1, 1),
    )
    for name, quantity, unit in (("大米", "10", "kg"), ("面粉", "5", "kg"), ("食用油", "5", "L")):
        BasketItem.objects.create(
            programme=programme, name=name, quantity=Decimal(quantity), unit_of_measure=unit
        )
    return programme


# Cycles (tests of services/cycles.py and payments.py): an approved January cycle of the
# allowance (王老汉 150元, 赵奶奶 200元), made by the village officer, approved by the
# subdistrict's.


def enrol_both(villagers, allowance):
    for person in (villagers.wang, villagers.zhao):
        Enrolment.objects.create(
            programme=allowance, person=person, started_on=datetime.date(2021, 1, 1)
        )


@pytest.fixture
def draft_cycle(people, villagers, allowance):
    enrol_both(villagers, allowance)
    cycle, _refused = cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    return cycle


@pytest.fixture
def approved_cycle(people, draft_cycle):
    cycles.submit_cycle(draft_cycle, by=people.xwz_officer)
    return cycles.approve_cycle(draft_cycle, by=people.subdistrict_officer)
