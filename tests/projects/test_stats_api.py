"""GET /api/v1/projects/stats, its bulletin and .docx: keys, figures, scope, errors."""

from __future__ import annotations

import io

import docx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.projects.stats_data import SEED_SENTENCE, rows_behind, seed_plan, small_plan

pytestmark = pytest.mark.django_db

DESIGN_KEYS = {
    "year",
    "count",
    "total_investment_wan",
    "by_nature",
    "by_category",
    "count_over_1bn",
    "annual_plan_wan",
    "completed_wan",
    "completion_rate",
    "time_progress",
}


def test_the_stats_have_the_keys_design_md_fixes(district, people):
    seed_plan(district)
    response = client_for(people.leader).get("/api/v1/projects/stats?year=2022")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= DESIGN_KEYS
    assert body["count"] == 223
    assert body["total_investment_wan"] == "8096800.00"
    assert body["by_nature"] == {"new": 85, "continued": 138}
    assert body["by_category"] == {"industry": 40, "infrastructure": 43, "livelihood": 140}
    assert body["count_over_1bn"] == 19
    assert body["time_progress"] == 1.0


def test_money_is_a_decimal_string_and_rates_are_fractions(district, people):
    small_plan(district)
    body = client_for(people.office).get("/api/v1/projects/stats?year=2022&month=10").json()
    assert body["completed_wan"] == "12100.00"
    assert body["annual_plan_wan"] == "30300.00"
    assert body["completion_rate"] == 0.3993
    assert body["points_vs_time_progress"] == -43.4
    assert body["previous"]["count"] == 1
    assert body["change"]["completed_wan"] == "11950.00"
    assert body["monthly"][9]["cumulative_wan"] == "12100.00"


def test_the_figures_filter_like_the_list_and_link_to_it(district, people):
    small_plan(district)
    query = f"year=2022&month=10&subdistrict={district.xiaonantou.pk}"
    body = client_for(people.office).get(f"/api/v1/projects/stats?{query}").json()
    assert body["count"] == 2
    assert rows_behind(people.office, body["links"]["count"]) == 2
    assert rows_behind(people.office, body["links"]["new"]) == body["by_nature"]["new"]


def test_a_village_officer_gets_only_their_own_figures(district, people):
    small_plan(district)
    body = client_for(people.xwz_officer).get("/api/v1/projects/stats?year=2022").json()
    assert body["count"] == 1
    assert body["scope_name"] == "西王庄村"
    assert "塔儿村" not in str(body)


def test_a_village_officer_cannot_filter_by_another_village(district, people):
    small_plan(district)
    response = client_for(people.xwz_officer).get(
        f"/api/v1/projects/stats?year=2022&unit={district.taer.pk}"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "unit"


def test_bad_parameters_get_422_in_the_error_shape(district, people):
    client = client_for(people.office)
    assert client.get("/api/v1/projects/stats").status_code == 422
    response = client.get("/api/v1/projects/stats?year=2022&month=13")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "month"
    assert client.get("/api/v1/projects/stats?year=2022&category=castle").status_code == 422


def test_an_anonymous_caller_gets_401(district):
    for path in ("", "/bulletin", "/bulletin.docx"):
        assert Client().get(f"/api/v1/projects/stats{path}?year=2022").status_code == 401


def test_the_bulletin_gives_the_seeds_text(district, people):
    seed_plan(district)
    body = client_for(people.leader).get("/api/v1/projects/stats/bulletin?year=2022").json()
    assert body["text"] == SEED_SENTENCE
    assert body["title"] == "2022年全区建设项目统计简报"
    first = body["paragraphs"][0]
    assert {"text": "223个", "link": first[1]["link"]} == first[1]
    assert "year=2022" in first[1]["link"]


def test_the_bulletin_downloads_as_docx(district, people):
    seed_plan(district)
    response = client_for(people.leader).get("/api/v1/projects/stats/bulletin.docx?year=2022")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    assert SEED_SENTENCE in "\n".join(p.text for p in document.paragraphs)


def test_the_stats_run_a_constant_number_of_queries(district, people):
    client = client_for(people.office)
    client.get("/api/v1/projects/stats?year=2022")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/projects/stats?year=2022").status_code == 200
        return len(queries)

    small_plan(district)
    few = count()
    seed_plan(district)
    assert count() == few
