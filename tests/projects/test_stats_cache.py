"""The project bank's figures are cached across requests (core/aggregates.py) and never
stale: a change of a plan's amount, a project's stage or an approved report is seen by the
dashboard, its data endpoint, the API and `taizhang stats` at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.projects import queries, warnings
from taizhang.projects import stats as stats_command
from taizhang.projects.models import Stage, YearPlan
from tests.conftest import client_for
from tests.projects.stats_data import report, small_plan

pytestmark = pytest.mark.django_db

API = "/api/v1/projects/stats?year=2022&month=10"
DATA = "/projects/dashboard/data.json?year=2022&month=10"
PAGE = "/projects/dashboard/?year=2022&month=10"


def fresh(client, url):
    """What the endpoint gives with nothing cached."""
    cache.clear()
    return client.get(url).json()


def test_a_plans_new_amount_is_in_the_api_figures_at_once(district, people):
    plans = small_plan(district)
    client = client_for(people.leader)
    before = client.get(API).json()
    assert before["annual_plan_wan"] == "30300.00"
    plans.road_2022.planned_investment_wan = Decimal("12000.00")
    plans.road_2022.save(update_fields=["planned_investment_wan"])
    after = client.get(API).json()
    assert after["annual_plan_wan"] == "32300.00"
    assert after == fresh(client, API)


def test_a_projects_new_stage_is_in_the_dashboards_warnings_at_once(district, people):
    plans = small_plan(district)
    client = client_for(people.leader)
    before = client.get(DATA).json()["warnings"]
    type(plans.road).objects.filter(pk=plans.road.pk).update(stage=Stage.DROPPED)
    after = client.get(DATA).json()["warnings"]
    assert after != before
    assert after == fresh(client, DATA)["warnings"]


def test_an_approved_report_is_in_the_dashboards_figures_at_once(district, people):
    plans = small_plan(district)
    client = client_for(people.leader)
    page = client.get(PAGE).context["stats"]
    report(plans.road, 2022, 6, "500.00")
    assert client.get(PAGE).context["stats"]["completed_wan"] == page["completed_wan"] + 500


def test_the_stats_command_counts_a_new_plan_row_at_once(district, people):
    plans = small_plan(district)
    before = stats_command.run({"year": 2022, "format": "json"}, None)
    YearPlan.objects.filter(pk=plans.road_2022.pk).delete()
    after = stats_command.run({"year": 2022, "format": "json"}, None)
    assert '"count": 3' in before and '"count": 2' in after


@pytest.fixture
def computed(monkeypatch):
    """The names of the project bank's statistics functions as they are computed."""
    names: list[str] = []
    for name in ("year_stats", "map_points", "located_rows", "over_billion_rows"):
        function = getattr(queries, name)
        monkeypatch.setattr(queries, name, counting(names, name, function))
    monkeypatch.setattr(
        warnings, "level_counts", counting(names, "level_counts", warnings.level_counts)
    )
    return names


def counting(names, name, function):
    def wrapper(*args, **kwargs):
        names.append(name)
        return function(*args, **kwargs)

    return wrapper


def test_the_data_endpoint_reuses_the_dashboards_statistics(district, people, computed):
    small_plan(district)
    client = client_for(people.leader)
    client.get(PAGE)
    assert computed == ["year_stats", "over_billion_rows", "level_counts", "located_rows"]
    computed.clear()
    assert client.get(DATA).status_code == 200
    assert computed == ["map_points", "located_rows"]  # map_points reads located_rows


def test_a_second_look_at_the_dashboard_computes_nothing_again(district, people, computed):
    small_plan(district)
    client = client_for(people.leader)
    first = client.get(PAGE)
    client.get(DATA)
    computed.clear()
    with CaptureQueriesContext(connection) as warm:
        second = client.get(PAGE)
        client.get(DATA)
    assert computed == []
    assert first.context["cards"] == second.context["cards"]
    assert sum("core_dataversion" in query["sql"] for query in warm.captured_queries) == 2


def test_a_village_officer_never_gets_the_districts_figures(district, people):
    small_plan(district)
    assert client_for(people.leader).get(API).json()["count"] == 3
    assert client_for(people.xwz_officer).get(API).json()["count"] == 1
    assert client_for(people.taer_officer).get(API).json()["count"] == 1
    assert client_for(people.leader).get(API).json()["count"] == 3
