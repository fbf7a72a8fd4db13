"""The project bank's figures are cached across requests (core/aggregates.py) and never
stale: a change of a plan's amount, a project's stage or an approved report is seen by the
dashboard, its data endpoint, the API and `taizhang stats` at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.projects import bulletin, queries, warnings
from taizhang.projects import stats as stats_command
from taizhang.projects.models import Stage, YearPlan
from tests.conftest import client_for
from tests.projects.stats_data import report, small_plan

pytestmark = pytest.mark.django_db

API = "/api/v1/projects/stats?year=2022&month=10"
DATA = "/projects/dashboard/data.json?year=2022&month=10"
PAGE = "/projects/dashboard/?year=2022&month=10"
BULLETIN = "/projects/bulletin/?year=2022&month=10"


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


CHANGES = {
    "approved report": lambda plans: report(plans.road, 2022, 6, "500.00"),
    "plan amount": lambda plans: YearPlan.objects.filter(pk=plans.road_2022.pk).update(
        planned_investment_wan=Decimal("12000.00")
    ),
    # The plan row's name is in the dashboard's 10亿 list; the bulletin names no project.
    "renamed plan row": lambda plans: YearPlan.objects.filter(pk=plans.park_2022.pk).update(
        name="西王庄工业园"
    ),
}


@pytest.mark.parametrize(
    ("url", "change"),
    [
        (PAGE, "approved report"),
        (PAGE, "plan amount"),
        (PAGE, "renamed plan row"),
        (BULLETIN, "approved report"),
        (BULLETIN, "plan amount"),
    ],
)
def test_the_kept_figures_of_a_page_change_with_any_record_they_show(district, people, url, change):
    plans = small_plan(district)
    client = client_for(people.leader)
    before = figures(client.get(url))
    assert figures(client.get(url)) == before  # kept: the same part, from the cache
    CHANGES[change](plans)
    after = figures(client.get(url))
    assert after != before
    cache.clear()
    assert figures(client.get(url)) == after


def test_a_part_kept_from_figures_found_in_the_cache_still_changes_with_them(
    district, people, monkeypatch
):
    """The data endpoint computes the statistics first, so the bulletin's part is made from
    cached figures and runs no query of its own: it is kept all the same, and the tables those
    figures were read from still drop it when they change."""
    plans = small_plan(district)
    client = client_for(people.leader)
    made = []
    monkeypatch.setattr(bulletin, "bulletin_parts", counted(bulletin.bulletin_parts, made))
    client.get(DATA)
    before = figures(client.get(BULLETIN))
    assert figures(client.get(BULLETIN)) == before
    assert len(made) == 1  # kept
    CHANGES["plan amount"](plans)
    after = figures(client.get(BULLETIN))
    assert "32300.00" in after and after != before
    assert len(made) == 2


def counted(function, calls: list):
    def wrapper(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return wrapper


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
    assert computed == ["year_stats", "level_counts", "located_rows", "over_billion_rows"]
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
    assert figures(second) == figures(first)
    assert sum("core_dataversion" in query["sql"] for query in warm.captured_queries) == 2


def test_a_village_officer_never_gets_the_districts_figures(district, people):
    small_plan(district)
    assert client_for(people.leader).get(API).json()["count"] == 3
    assert client_for(people.xwz_officer).get(API).json()["count"] == 1
    assert client_for(people.taer_officer).get(API).json()["count"] == 1
    assert client_for(people.leader).get(API).json()["count"] == 3


def figures(response) -> str:
    """The part of the dashboard or the bulletin below its filters: the part kept (the shell
    differs from one view to the next: its CSRF token is masked anew)."""
    page = response.content.decode()
    if 'id="figures"' in page:
        return page[page.index('id="figures"') : page.index('id="dashboard-data"')]
    return page[page.index('<article class="bulletin"') : page.index("</article>")]
