"""Each main page of the project bank costs the same queries with 3 plan rows as with 226
(issue 18: pages render in a constant number of queries), within a ceiling that catches a new
query added by accident. Lists of the other modules have their own tests
(tests/supervision/test_pages.py, tests/rectification/test_pages.py, …)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.projects.stats_data import seed_plan, small_plan

pytestmark = pytest.mark.django_db

# page: the most queries it may make (what it made when this test was written, 2026-12-03, for
# the persona that needs more: an officer's scope is one more query on the API; the workbench
# gathers every module's to-dos and tiles: each provider in a savepoint of its own, two
# statements, besides its queries; 49 before the retirees and land modules, 56 with them, 61
# with the volunteer module's three, 65 with the party module's provider: its branches and its
# overdue milestones, 2 queries).
PAGES = {
    "/": 65,
    "/projects/?category=industry&sort=-total_investment_wan": 10,
    "/projects/?page=2": 10,
    "/projects/plans/?year=2022": 14,
    "/projects/warnings/?year=2022": 15,
    "/projects/dashboard/?year=2022": 17,
    "/projects/dashboard/data.json?year=2022": 12,
    "/projects/bulletin/?year=2022": 13,
    "/api/v1/projects?limit=50": 8,
    "/api/v1/projects/plans?year=2022&limit=50": 6,
    "/api/v1/projects/stats?year=2022": 9,
}


def counts(client) -> dict[str, int]:
    result = {}
    for url, _ceiling in PAGES.items():
        client.get(url)  # warm-up: caches of the first request (content types, menus)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        result[url] = len(queries.captured_queries)
    return result


@pytest.mark.parametrize("persona", ["office", "subdistrict_officer"])
def test_every_page_costs_the_same_queries_for_few_and_many_rows(
    district, people, persona, settings
):
    settings.TAIZHANG_CACHED_FRAGMENTS = False  # the pages as built, not the parts kept
    client = client_for(getattr(people, persona))
    small_plan(district)
    few = counts(client)
    seed_plan(district)
    many = counts(client)
    assert many == few
    over = {url: n for url, n in many.items() if n > PAGES[url]}
    assert not over, f"more queries than the ceiling: {over}"
