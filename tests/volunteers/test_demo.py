"""The volunteer demo (筑牢疫情防线 展现青春担当, 文兴社区 2022) and `taizhang stats volunteers`:
every letter of 文兴社区 signed (rate 1.0), a second campaign half done.

The demo is loaded once for the module on the district's, the registry's and the retirees'
demos (as `taizhang demo` runs them): each test runs in a savepoint of that load."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction

from taizhang.core.demo import load_demo_district
from taizhang.core.models import User
from taizhang.people import demo as people_demo
from taizhang.people.models import Person
from taizhang.retirees import demo as retirees_demo
from taizhang.volunteers import demo
from taizhang.volunteers.models import Campaign, Participation, Visit, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_district()
        admin = User.objects.get(username="admin")
        people_demo.load(admin)
        retirees_demo.load(admin)
        demo.load(admin)
        yield SimpleNamespace(admin=admin)
        transaction.set_rollback(True)


def stats(year=2022) -> dict:
    out = StringIO()
    call_command("stats", "volunteers", "--year", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_every_letter_of_wenxing_is_signed_and_the_second_campaign_is_half_done(loaded):
    letters = {row["campaign"]: row for row in stats()["letters"]}
    wenxing = letters["文兴社区疫情防控责任书"]
    assert wenxing["unit"] == "共青团平城区委"
    assert wenxing["targets"] >= 5 and wenxing["signed"] == wenxing["targets"]
    assert wenxing["rate"] == 1.0
    assert letters["迎宾东社区疫情防控责任书"]["rate"] == 0.5


def test_the_students_served_hours_and_visited_every_household(loaded):
    figures = stats()
    assert figures["volunteers"] == 12 - 2  # two of 迎宾东社区 still wait for confirmation
    assert figures["hours"] > 8 * 3
    campaign = Campaign.objects.get(title__contains="文兴社区")
    assert Visit.objects.filter(campaign=campaign).values("outcome").distinct().count() == 4
    assert Participation.objects.filter(shift__campaign=campaign, hours=0).count() == 0


def test_the_demo_people_are_marked_demo_and_loading_again_changes_nothing(loaded):
    assert not Volunteer.objects.filter(is_demo=False).exists()
    assert not Person.objects.filter(volunteer__isnull=False, is_demo=False).exists()
    count = Participation.objects.count()
    demo.load(loaded.admin)
    assert Participation.objects.count() == count


def test_the_text_stats_read_like_the_seed(loaded):
    out = StringIO()
    call_command("stats", "volunteers", "--year", "2022", "--format", "text", stdout=out)
    assert "100%" in out.getvalue()
