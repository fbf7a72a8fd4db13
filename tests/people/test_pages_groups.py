"""The group pages: counts in the user's scope, members on a day, and the district's forms."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from taizhang.core.access import SYSTEM
from taizhang.people.models import Group
from taizhang.people.services import groups
from tests.conftest import client_for
from tests.factories import make_person


def _group() -> Group:
    return Group.objects.filter(is_active=True).order_by("pk").first()


def test_the_list_counts_todays_members_in_the_users_scope_in_one_query(district, people):
    group = _group()
    for unit, count in ((district.xiwangzhuang, 3), (district.taer, 2)):
        for index in range(count):
            person = make_person(unit, f"{unit.name}{index}")
            groups.add_to_group(person, group, by=SYSTEM, started_on=datetime.date(2020, 1, 1))
    ended = make_person(district.xiwangzhuang, "已退出")
    groups.add_to_group(
        ended,
        group,
        by=SYSTEM,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
    )
    client = client_for(people.xwz_officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people-group-list"))
    assert sum('"people_group"' in query["sql"] for query in queries.captured_queries) == 1
    counts = {g.pk: g.members for g in response.context["groups"]}
    assert counts[group.pk] == 3
    assert (
        client_for(people.leader)
        .get(reverse("people-group-list"))
        .context["groups"]
        .get(pk=group.pk)
        .members
        == 5
    )


def test_the_members_of_a_group_on_a_day(district, people):
    group = _group()
    early = make_person(district.xiwangzhuang, "早期成员")
    groups.add_to_group(
        early,
        group,
        by=SYSTEM,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2020, 12, 31),
    )
    now = make_person(district.xiwangzhuang, "现在成员")
    groups.add_to_group(now, group, by=SYSTEM, started_on=datetime.date(2024, 1, 1))
    make_person(district.taer, "外村成员")
    client = client_for(people.xwz_officer)
    url = reverse("people-group", args=[group.pk])
    today = client.get(url).content.decode()
    assert "现在成员" in today and "早期成员" not in today
    past = client.get(url, {"on": "2020-06-01"}).content.decode()
    assert "早期成员" in past and "现在成员" not in past


def test_only_district_writers_define_groups(district, people):
    for user in (people.xwz_officer, people.leader):
        response = client_for(user).post(
            reverse("people-group-create"), {"code": "kunnan", "name": "困难群众"}
        )
        assert response.status_code == 403
    assert client_for(people.auditor).get(reverse("people-group-list")).status_code == 403
    response = client_for(people.admin).post(
        reverse("people-group-create"), {"code": "kunnan", "name": "困难群众", "is_active": "on"}
    )
    group = Group.objects.get(code="kunnan")
    assert response.status_code == 302
    client_for(people.admin).post(
        reverse("people-group-edit", args=[group.pk]),
        {"code": "kunnan", "name": "困难群众", "aliases": "困难户", "is_active": "on"},
    )
    group.refresh_from_db()
    assert group.aliases == "困难户"
    assert (
        client_for(people.xwz_officer)
        .get(reverse("people-group-edit", args=[group.pk]))
        .status_code
        == 403
    )


def test_the_menu_offers_the_registry_to_readers_of_ledgers_only(district, people):
    link = f'href="{reverse("people-household-list")}"'
    assert link in client_for(people.leader).get("/").content.decode()
    assert link in client_for(people.xwz_officer).get("/").content.decode()
    assert link not in client_for(people.auditor).get("/").content.decode()
