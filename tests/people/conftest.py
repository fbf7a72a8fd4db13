"""Residents of two villages and an organisation, shared by the people API tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.factories import make_household, make_organisation, make_person

API = "/api/v1/people"


@pytest.fixture
def residents(district) -> SimpleNamespace:
    r = SimpleNamespace()
    r.wang = make_person(district.xiwangzhuang, "王大", born="1950-03-01", phone="13912345678")
    r.wang_son = make_person(district.xiwangzhuang, "王小", born="1990-06-02")
    r.li = make_person(district.taer, "李二", born="1940-01-05", phone="13800001111")
    r.household = make_household(district.xiwangzhuang, "XWZ-001", r.wang, r.wang_son)
    r.shop = make_organisation(district.xiwangzhuang, "西王庄村小卖部", contact_phone="13700002222")
    r.taer_shop = make_organisation(district.taer, "塔儿村修理铺", contact_phone="13600003333")
    return r
