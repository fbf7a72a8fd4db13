"""Retirees of two villages of the shared district (a village's officer keeps them as a
community's would), with the clock set to 2026-06-15."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from taizhang.core.access import SYSTEM
from taizhang.people.models import Group
from taizhang.people.services.groups import add_to_group
from taizhang.retirees.services.roster import register_retiree
from tests.factories import day_setter, make_organisation, make_person

TODAY = datetime.date(2026, 6, 15)
API = "/api/v1/retirees"
SOCIAL_NUMBER = "140213195001012345"


@pytest.fixture
def set_day(monkeypatch):
    return day_setter(monkeypatch, TODAY)


@pytest.fixture
def retirees(district, set_day) -> SimpleNamespace:
    r = SimpleNamespace()
    r.factory = make_organisation(district.xiwangzhuang, "机车配件厂", kind="enterprise")
    r.wang = register_retiree(
        make_person(district.xiwangzhuang, "王退休", born="1950-01-01", phone="13912340001"),
        by=SYSTEM,
        employer=r.factory,
        retired_on=datetime.date(2010, 1, 1),
        social_insurance_number=SOCIAL_NUMBER,
        emergency_phone="13811112222",
    )
    r.zhao = register_retiree(
        make_person(district.xiwangzhuang, "赵孤寡", born="1940-03-01"),
        by=SYSTEM,
        employer_name="已破产纺织厂",
        retired_on=datetime.date(2000, 3, 1),
    )
    r.li = register_retiree(
        make_person(district.taer, "李塔儿", born="1948-05-05"),
        by=SYSTEM,
        employer_name="塔儿村砖厂",
        retired_on=datetime.date(2008, 5, 5),
    )
    add_to_group(
        r.zhao.person,
        Group.objects.get(code="guagua-laoren"),
        by=SYSTEM,
        started_on=datetime.date(2025, 1, 1),
    )
    return r
