"""The filters of the volunteer lists (volunteers, campaigns, a letter campaign's targets), on
the pages and in the API: they narrow what the caller sees and never widen it, and a page's
queries do not grow with its rows."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.access import SYSTEM
from taizhang.volunteers import services
from taizhang.volunteers.models import TargetState
from tests.conftest import client_for
from tests.factories import make_household, make_organisation, make_person
from tests.volunteers.conftest import signature

pytestmark = pytest.mark.django_db


def volunteer(unit, name, **fields):
    return services.register_volunteer(make_person(unit, name), by=SYSTEM, **fields)


def rows(page: str) -> str:
    """What follows the page's filter form: its table."""
    return page.split('role="search"', 1)[1].split("</form>", 1)[1]


@pytest.fixture
def crowd(world):
    w = world
    w.student = volunteer(w.wenxing, "李同学", school="山西大学", skills="医护、摄影")
    w.worker = volunteer(w.wenxing, "王师傅", organisation="文兴物业", skills="电工")
    w.villager = volunteer(w.district.taer, "赵大姐", skills="医护")
    return w


def test_the_volunteer_list_filters_by_name_skill_student_organisation_and_unit(crowd):
    w = crowd
    client = client_for(w.people.admin)

    def names(query: str) -> set[str]:
        page = rows(client.get(f"/volunteers/people/?{query}").content.decode())
        return {name for name in ("李同学", "王师傅", "赵大姐") if name in page}

    assert names("") == {"李同学", "王师傅", "赵大姐"}
    assert names("q=王师") == {"王师傅"}
    assert names(f"q={w.student.number}") == {"李同学"}
    assert names(f"q={w.villager.person.id_number[-4:]}") == {"赵大姐"}
    assert names("skill=医护") == {"李同学", "赵大姐"}
    assert names("student=true") == {"李同学"}
    assert names("student=false") == {"王师傅", "赵大姐"}
    assert names("organisation=物业") == {"王师傅"}
    assert names(f"unit={w.shuibosi.pk}") == {"李同学", "王师傅"}  # the subdistrict and below
    assert names(f"unit={w.district.taer.pk}&skill=医护") == {"赵大姐"}


def test_the_volunteer_api_filters_alike_and_keeps_to_the_callers_scope(crowd):
    w = crowd
    admin = client_for(w.people.admin)
    url = "/api/v1/volunteers/people"
    listed = admin.get(url, {"skill": "医护", "student": "true"}).json()["results"]
    assert [row["name"] for row in listed] == ["李同学"]
    # 文兴社区's officer asks for 塔儿村's volunteers: the filter does not widen the scope.
    officer = client_for(w.wenxing_officer)
    assert officer.get(url, {"unit": w.district.taer.pk}).json()["results"] == []
    assert {row["name"] for row in officer.get(url).json()["results"]} == {"李同学", "王师傅"}
    refused = admin.get(url, {"unit": 999999})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "unit"


@pytest.fixture
def campaigns(world):
    w = world
    w.closed = services.create_campaign(
        by=w.organiser, unit=w.league, places=[w.wenxing], title="暑期社区服务",
        starts_on=datetime.date(2022, 1, 10), ends_on=datetime.date(2022, 3, 1),
    )  # fmt: skip
    services.close_campaign(w.closed, by=w.organiser)
    w.ended = services.create_campaign(
        by=w.wenxing_officer, unit=w.wenxing, places=[w.wenxing], title="元旦慰问",
        starts_on=datetime.date(2021, 12, 28), ends_on=datetime.date(2022, 1, 3),
    )  # fmt: skip
    return w


def test_the_campaign_list_filters_by_organiser_status_and_period(campaigns):
    w = campaigns  # today is 2022-01-20
    client = client_for(w.people.admin)

    def titles(query: str) -> set[str]:
        page = rows(client.get(f"/volunteers/?{query}").content.decode())
        return {title for title in ("寒假返乡", "暑期社区服务", "元旦慰问") if title in page}

    assert titles("") == {"寒假返乡", "暑期社区服务", "元旦慰问"}
    assert titles("status=open") == {"寒假返乡"}
    assert titles("status=closed") == {"暑期社区服务"}
    assert titles("status=ended") == {"元旦慰问"}
    assert titles(f"organiser={w.shuibosi.pk}") == {"元旦慰问"}
    assert titles(f"organiser={w.league.pk}") == {"寒假返乡", "暑期社区服务"}
    assert titles("since=2022-02-21") == {"暑期社区服务"}  # still running after that day
    assert titles("until=2022-01-12") == {"暑期社区服务", "元旦慰问"}  # started by that day
    api = client_for(w.people.admin).get("/api/v1/volunteers/campaigns", {"status": "ended"})
    assert [row["title"] for row in api.json()["results"]] == ["元旦慰问"]
    bad = client_for(w.people.admin).get("/api/v1/volunteers/campaigns", {"status": "soon"})
    assert bad.status_code == 422


@pytest.fixture
def targets(world):
    w = world
    w.letters = services.create_letter_campaign(
        by=w.organiser, unit=w.league, places=[w.wenxing, w.district.taer], title="责任书",
        duties="消毒", starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 20),
    )  # fmt: skip
    w.property = services.add_target(
        w.letters,
        by=w.organiser,
        organisation=make_organisation(w.wenxing, "文兴物业", kind="property_manager"),
    )
    w.shop = services.add_target(
        w.letters, by=w.organiser, organisation=make_organisation(w.district.taer, "塔儿商店")
    )
    w.home = services.add_target(
        w.letters, by=w.organiser, household=make_household(w.wenxing, "WX-007")
    )
    services.sign_target(
        w.property,
        by=w.wenxing_officer,
        signed_on=datetime.date(2022, 1, 18),
        signed_by="吴经理",
        signature=signature(),
    )
    return w


def test_the_target_list_filters_by_state_kind_and_community(targets):
    w = targets
    client = client_for(w.people.admin)
    url = w.letters.get_absolute_url()

    def shown(query: str) -> set[str]:
        page = rows(client.get(f"{url}?{query}").content.decode())
        return {name for name in ("文兴物业", "塔儿商店", "WX-007") if name in page}

    assert shown("") == {"文兴物业", "塔儿商店", "WX-007"}
    assert shown("state=signed") == {"文兴物业"}
    assert shown("state=pending") == {"塔儿商店", "WX-007"}  # the reminder list
    assert shown("kind=household") == {"WX-007"}
    assert shown("kind=property_manager") == {"文兴物业"}
    assert shown(f"community={w.district.taer.pk}") == {"塔儿商店"}
    assert shown(f"community={w.wenxing.pk}&state=pending") == {"WX-007"}
    api = client_for(w.people.admin)
    listed = api.get(f"/api/v1/volunteers/letters/{w.letters.pk}/targets", {"kind": "shop"})
    assert [row["name"] for row in listed.json()["results"]] == ["塔儿商店"]
    pending = api.get(
        f"/api/v1/volunteers/letters/{w.letters.pk}/targets",
        {"pending": "true", "community": w.wenxing.pk},
    )
    assert [row["id"] for row in pending.json()["results"]] == [w.home.pk]
    # 塔儿村's officer reads only 塔儿村's target, whatever the filter asks.
    taer = client_for(w.people.taer_officer)
    asked = taer.get(
        f"/api/v1/volunteers/letters/{w.letters.pk}/targets", {"state": TargetState.SIGNED}
    )
    assert asked.json()["results"] == []
    page = rows(taer.get(url + "?kind=property_manager").content.decode())
    assert "文兴物业" not in page and "塔儿商店" not in page
    assert "塔儿商店" in rows(taer.get(url).content.decode())


def test_the_filter_forms_offer_all_and_keep_the_choice(targets, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = client_for(targets.people.admin)
    for url in ("/volunteers/people/", "/volunteers/", targets.letters.get_absolute_url()):
        page = client.get(url + "?student=true&status=open&state=signed").content.decode()
        assert "未知" not in page and "---------" not in page
        assert re.search(r'<option value=""( selected)?>全部</option>', page)
        assert re.search(r'<option value="(true|open|signed)" selected>', page)


def test_the_lists_queries_do_not_grow_with_their_rows(targets):
    w = targets
    client = client_for(w.people.admin)
    urls = ("/volunteers/people/?skill=医护", "/volunteers/?status=open",
            w.letters.get_absolute_url() + "?state=pending",
            "/api/v1/volunteers/people?skill=医护", "/api/v1/volunteers/campaigns?status=open",
            f"/api/v1/volunteers/letters/{w.letters.pk}/targets?state=pending")  # fmt: skip

    def counts() -> list[int]:
        found = []
        for url in urls:
            client.get(url)  # warm caches (the session, content types)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    volunteer(w.wenxing, "甲", skills="医护")
    before = counts()
    for index in range(4):
        volunteer(w.wenxing, f"乙{index}", skills="医护")
        services.create_campaign(
            by=w.organiser, unit=w.league, places=[w.wenxing], title=f"活动{index}",
            starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 20),
        )  # fmt: skip
        services.add_target(
            w.letters, by=w.organiser, household=make_household(w.wenxing, f"WX-1{index}")
        )
    assert counts() == before
