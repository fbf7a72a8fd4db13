"""The supervision scorecard is cached across requests and never stale: a new assignment, a
closed one or a passed deadline is counted at once (core/aggregates.py)."""

import datetime

import pytest
from django.utils import timezone

from taizhang.supervision.models import Assignment
from tests.conftest import client_for
from tests.supervision.conftest import DEADLINE

pytestmark = pytest.mark.django_db
API = "/api/v1/supervision/scorecard"


def counts(client, url=API):
    return {(r["unit_name"], r["open"], r["overdue"], r["closed"]) for r in client.get(url).json()}


def test_a_new_item_is_counted_at_once(district, people, make_item):
    make_item(district.taer)
    client = client_for(people.office)
    assert counts(client) == {("塔儿村", 1, 0, 0)}
    make_item(district.taer, district.xiwangzhuang)
    assert counts(client) == {("塔儿村", 2, 0, 0), ("西王庄村", 1, 0, 0)}


def test_a_closed_assignment_is_counted_at_once(district, people, make_item):
    make_item(district.taer)
    client = client_for(people.office)
    assert counts(client) == {("塔儿村", 1, 0, 0)}
    Assignment.objects.update(is_open=False, closed_at=timezone.now())
    assert counts(client) == {("塔儿村", 0, 0, 1)}


def test_a_passed_deadline_is_counted_the_next_day(district, people, make_item, clock):
    make_item(district.taer)
    client = client_for(people.office)
    assert counts(client) == {("塔儿村", 1, 0, 0)}
    clock(DEADLINE + datetime.timedelta(days=1))
    # A new sign-in: the session of the day before has expired.
    assert counts(client_for(people.office)) == {("塔儿村", 1, 1, 0)}


def test_the_page_and_a_village_officer_get_their_own_scorecards(district, people, make_item):
    make_item(district.taer)
    make_item(district.xiwangzhuang)
    assert len(client_for(people.office).get(API).json()) == 2
    assert counts(client_for(people.xwz_officer)) == {("西王庄村", 1, 0, 0)}
    page = client_for(people.xwz_officer).get("/supervision/scorecard/")
    assert [row["unit__name"] for row in page.context["rows"]] == ["西王庄村"]
