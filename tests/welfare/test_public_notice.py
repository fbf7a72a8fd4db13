"""The public notice page of a village (公示栏): anyone may open it; it shows running notices
and those ended in the last 30 days with masked names, the programme, the amount, the period
and how to object — never an ID number."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from taizhang.lib.masking import mask_name
from taizhang.welfare.models import ReviewOutcome
from taizhang.welfare.services import applications
from taizhang.welfare.services import reviews as periodic
from taizhang.welfare.services.enrolments import enrol
from tests.welfare import applying
from tests.welfare.applying import in_notice, received

clock, dibao = applying.clock, applying.dibao  # fixtures
pytestmark = pytest.mark.django_db


def url(unit) -> str:
    return f"/welfare/public/{unit.pk}/"


def test_anyone_sees_a_running_notice_with_a_masked_name_and_no_id(
    district, people, villagers, dibao, clock
):
    in_notice(received(people, dibao, villagers.wang), people.xwz_officer)
    response = Client().get(url(district.xiwangzhuang))
    assert response.status_code == 200
    page = response.content.decode()
    assert "王**" in page and "王老汉" not in page
    assert villagers.wang.id_number not in page
    assert villagers.wang.id_number[:4] + "*" not in page  # not even masked
    assert "最低生活保障" in page
    assert "2022-03-01 – 2022-03-07" in page
    assert "西王庄村" in page  # how to object: to the village committee


def test_a_notice_ended_more_than_30_days_ago_is_gone(district, people, villagers, dibao, clock):
    in_notice(received(people, dibao, villagers.wang), people.xwz_officer)
    clock(datetime.date(2022, 4, 6))  # 30 days after the last day, 2022-03-07
    assert "王**" in Client().get(url(district.xiwangzhuang)).content.decode()
    clock(datetime.date(2022, 4, 7))
    assert "王**" not in Client().get(url(district.xiwangzhuang)).content.decode()


def test_a_withdrawn_application_leaves_the_page(district, people, villagers, dibao, clock):
    application = in_notice(received(people, dibao, villagers.wang), people.xwz_officer)
    applications.withdraw_application(application, by=people.xwz_officer, reason="撤回")
    assert "王**" not in Client().get(url(district.xiwangzhuang)).content.decode()


def test_a_stop_after_review_is_published(district, people, villagers, dibao, clock):
    enrolment = enrol(
        dibao, villagers.zhao, by=people.xwz_officer, started_on=datetime.date(2021, 3, 1),
        amount_yuan=Decimal("300"),
    )  # fmt: skip
    periodic.record_review(
        enrolment, by=people.xwz_officer, outcome=ReviewOutcome.STOP, reason="已去世"
    )
    page = Client().get(url(district.xiwangzhuang)).content.decode()
    assert "赵**" in page and "赵奶奶" not in page
    assert "300" in page


def test_each_village_shows_only_its_own_notices(district, people, villagers, dibao, clock):
    in_notice(received(people, dibao, villagers.wang), people.xwz_officer)
    assert "王**" not in Client().get(url(district.taer)).content.decode()


def test_a_unit_that_is_not_a_village_has_no_public_page(district, clock):
    assert Client().get(url(district.xiaonantou)).status_code == 404
    assert Client().get("/welfare/public/999999/").status_code == 404


def test_the_page_takes_no_post(district, clock):
    assert Client().post(url(district.taer)).status_code == 405


def test_the_walkers_taer_notice_shows_the_masked_name_and_never_the_full_one(district, people):
    """The scoping walker lets public notice pages show a unit's name: here is what they show
    of its canary-carrying records."""
    from tests.core.test_scoping_walker import CANARY
    from tests.walker_records import welfare_applications

    welfare_applications.make(district, people, CANARY)
    page = Client().get(url(district.taer)).content.decode()
    assert mask_name(CANARY) in page
    assert CANARY not in page
