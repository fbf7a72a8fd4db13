"""The personal data access log (个人信息查看记录) for the audit administrator: who saw whose
personal data in full, when, why and how — the page and the API."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taizhang.core import personal
from taizhang.core.models import PersonalDataAccess
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGE = "/audit/personal-data/"
API = "/api/v1/audit/personal-data"


@pytest.fixture
def reveals(district, people):
    personal.reveal(district.taer, by=people.taer_officer, reason="核对联系电话", kind="page")
    personal.reveal(district.xiwangzhuang, by=people.admin, reason="回访村委会", kind="api")


@pytest.mark.parametrize("persona", ["auditor", "admin"])
def test_the_audit_and_system_administrators_read_who_saw_what_and_why(
    district, people, reveals, persona
):
    response = client_for(getattr(people, persona)).get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    for expected in ("taer", "塔儿村", "核对联系电话", "Contact phone", "西王庄村", "回访村委会"):
        assert expected in text
    assert f"/records/core/unit/{district.taer.pk}/history/" in text
    assert "13912345678" not in text


@pytest.mark.parametrize("persona", ["taer_officer", "leader", "office", "nobody"])
def test_everyone_else_is_forbidden(district, people, reveals, persona):
    client = client_for(getattr(people, persona))
    assert client.get(PAGE).status_code == 403
    assert client.get(API).status_code == 403


def test_it_filters_by_user_kind_and_day(district, people, reveals):
    client = client_for(people.auditor)
    assert "回访村委会" not in client.get(PAGE, {"user": "taer"}).content.decode()
    assert "核对联系电话" not in client.get(PAGE, {"kind": "api"}).content.decode()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "核对联系电话" not in client.get(PAGE, {"since": tomorrow}).content.decode()
    assert "核对联系电话" in client.get(PAGE, {"until": tomorrow}).content.decode()


def test_the_audit_log_links_to_it_for_the_auditor_only(district, people):
    assert PAGE in client_for(people.auditor).get("/audit/").content.decode()
    assert PAGE not in client_for(people.leader).get("/audit/").content.decode()


def test_the_page_makes_the_same_number_of_queries_for_few_and_many_rows(district, people):
    client = client_for(people.auditor)

    def count_queries(total: int) -> int:
        for i in range(PersonalDataAccess.objects.count(), total):
            unit = district.taer if i % 2 else district.xiwangzhuang
            personal.reveal(unit, by=people.admin, reason=f"第{i}次", kind="page")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    assert count_queries(3) == count_queries(40)


def test_the_api_lists_it_paginated_and_filtered(district, people, reveals):
    client = client_for(people.auditor)
    body = client.get(API).json()
    assert body["count"] == 2
    newest = body["results"][0]
    assert newest["user_name"] == "admin"
    assert newest["kind"] == "api"
    assert newest["model"] == "core.unit"
    assert newest["object_repr"] == "西王庄村"
    assert newest["fields"] == ["contact_phone"]
    assert newest["reason"] == "回访村委会"
    assert client.get(API, {"kind": "page"}).json()["count"] == 1
    assert client.get(API, {"kind": "nonsense"}).status_code == 422


def test_the_api_makes_the_same_number_of_queries_for_few_and_many_rows(district, people):
    client = client_for(people.auditor)

    def count_queries(total: int) -> int:
        for i in range(PersonalDataAccess.objects.count(), total):
            personal.reveal(district.taer, by=people.admin, reason=f"第{i}次", kind="api")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(API).json()["count"] == total
        return len(queries)

    assert count_queries(3) == count_queries(40)
