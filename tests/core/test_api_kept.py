"""API lists kept for their caller (core/api_kept.py): a second call with the same query costs
fewer queries and answers the same, a change to any row it lists is seen at once, and a caller
never gets an answer kept for another, nor one kept before their key was revoked."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from taizhang.core import tokens
from taizhang.projects.models import Project
from tests.conftest import client_for
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects?ordering=name"


def bearer(user) -> tuple[Client, object]:
    token, key = tokens.create_token(user, by=user)
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.get("/api/v1/me").status_code == 200  # the key's first use is written down
    return client, token


def call(client: Client, url: str = PROJECTS) -> tuple[int, object, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, response.json(), len(queries.captured_queries)


def names(answer) -> list[str]:
    return [row["name"] for row in answer["results"]]


@pytest.mark.parametrize("how", ["token", "session"])
def test_a_list_called_again_costs_fewer_queries_and_answers_the_same(district, people, how):
    make_project(district.taer, name="塔儿村巷道硬化")
    client = bearer(people.leader)[0] if how == "token" else client_for(people.leader)
    status, first, built = call(client)
    again = call(client)
    assert status == again[0] == 200
    assert again[1] == first and "塔儿村巷道硬化" in names(first)
    assert again[2] < built


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects",
        "/api/v1/projects/plans",
        "/api/v1/supervision/items",
        "/api/v1/rectification/cases",
        "/api/v1/units",
    ],
)
def test_each_kept_list_is_seen_again_for_less(district, people, url):
    make_project(district.taer, name="塔儿村巷道硬化")
    client = bearer(people.leader)[0]
    status, first, built = call(client, url)
    _status, again, kept = call(client, url)
    assert status == 200
    assert again == first
    assert kept < built


def test_a_change_to_a_listed_row_is_answered_at_once(district, people):
    project = make_project(district.taer, name="塔儿村巷道硬化")
    client = bearer(people.leader)[0]
    call(client)
    Project.objects.filter(pk=project.pk).update(name="塔儿村污水管网")
    assert names(call(client)[1]) == ["塔儿村污水管网"]
    make_project(district.taer, name="塔儿村文化广场")
    assert names(call(client)[1]) == ["塔儿村文化广场", "塔儿村污水管网"]


def test_a_caller_never_gets_the_answer_kept_for_another(district, people):
    make_project(district.taer, name="塔儿村巷道硬化")
    make_project(district.xiwangzhuang, name="西王庄村文化广场")
    assert len(names(call(bearer(people.leader)[0])[1])) == 2
    assert names(call(bearer(people.taer_officer)[0])[1]) == ["塔儿村巷道硬化"]
    assert names(call(client_for(people.taer_officer))[1]) == ["塔儿村巷道硬化"]


def test_a_revoked_key_is_refused_though_its_answer_was_kept(district, people):
    make_project(district.taer, name="塔儿村巷道硬化")
    client, token = bearer(people.leader)
    assert call(client)[0] == 200
    tokens.revoke_token(token, by=people.leader)
    response = client.get(PROJECTS)
    assert response.status_code == 401
    assert "塔儿村巷道硬化" not in response.content.decode()


def test_a_refused_query_is_answered_afresh_each_time(district, people):
    client = bearer(people.leader)[0]
    first = call(client, "/api/v1/projects?page=0")
    second = call(client, "/api/v1/projects?page=0")
    assert first[0] == second[0] == 422
    assert second[2] == first[2]


def test_kept_answers_can_be_turned_off(district, people, settings):
    settings.TAIZHANG_CACHED_FRAGMENTS = False
    make_project(district.taer, name="塔儿村巷道硬化")
    client = bearer(people.leader)[0]
    built = call(client)[2]
    assert call(client)[2] == built
