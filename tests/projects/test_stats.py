"""Statistics of a year (queries.year_stats): the figures, their lists, scope and queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.models import User
from taizhang.projects.models import Category, Nature
from taizhang.projects.queries import as_json, default_month, year_stats
from tests.projects.factories import make_project
from tests.projects.stats_data import (
    plan,
    report,
    rows_behind,
    rows_in_filter,
    seed_plan,
    small_plan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(district):
    return small_plan(district)


def test_it_counts_the_years_plan_rows(data):
    stats = year_stats(year=2022, month=10)
    assert stats["count"] == 3
    assert stats["total_investment_wan"] == Decimal("230500.00")
    assert stats["by_nature"] == {"new": 2, "continued": 1}
    assert stats["by_category"] == {"industry": 1, "infrastructure": 1, "livelihood": 1}
    assert stats["count_over_1bn"] == 1
    assert stats["key_count"] == 1
    assert stats["annual_plan_wan"] == Decimal("30300.00")


def test_it_counts_only_approved_reports_up_to_the_month(data):
    stats = year_stats(year=2022, month=10)
    assert stats["completed_wan"] == Decimal("12100.00")
    assert stats["completion_rate"] == Decimal("0.3993")
    assert stats["time_progress"] == Decimal("0.8333")
    assert stats["points_vs_time_progress"] == Decimal("-43.4")
    assert year_stats(year=2022, month=12)["completed_wan"] == Decimal("12300.00")


def test_it_counts_starts_completions_and_the_reserves_conversion(data):
    stats = year_stats(year=2022, month=10)
    # Planned Jan–Oct: the park (March) and the road (May); the lanes are planned for November.
    assert stats["planned_starts"] == 2
    assert stats["started_of_planned"] == 1
    assert stats["start_rate"] == Decimal("0.5000")
    assert stats["actual_starts"] == 1  # the lanes started in 2021
    assert stats["completions"] == 1
    # Of the two new rows, the road came out of the reserve (February 2022), the park did not.
    assert stats["reserve_converted"] == 1
    assert stats["reserve_conversion_rate"] == Decimal("0.5000")
    assert year_stats(year=2022, month=1)["reserve_converted"] == 0  # it left in February


def test_it_compares_with_the_same_months_of_the_year_before(data):
    stats = year_stats(year=2022, month=10)
    assert stats["previous"]["year"] == 2021
    assert stats["previous"]["count"] == 1
    assert stats["previous"]["completed_wan"] == Decimal("150.00")
    assert stats["change"]["count"] == 2
    assert stats["change"]["count_growth"] == Decimal("2.0000")
    assert stats["change"]["completed_wan"] == Decimal("11950.00")


def test_it_breaks_the_year_down_by_category_subdistrict_department_and_month(data, district):
    stats = year_stats(year=2022, month=10)
    industry = next(g for g in stats["categories"] if g["key"] == Category.INDUSTRY)
    assert (industry["count"], industry["completed_wan"]) == (1, Decimal("10000.00"))
    by_subdistrict = {g["name"]: g for g in stats["subdistricts"]}
    assert by_subdistrict["小南头街道"]["count"] == 2
    assert by_subdistrict["小南头街道"]["completed_wan"] == Decimal("10100.00")
    assert by_subdistrict["白登山街道"]["completed_wan"] == Decimal("2000.00")
    departments = {g["name"]: g["count"] for g in stats["departments"]}
    assert departments == {"区发改局": 1, "": 2}
    assert stats["monthly"][9]["cumulative_wan"] == Decimal("12100.00")
    assert stats["monthly"][11]["target_wan"] == Decimal("30300.00")


def test_the_filters_narrow_every_figure(data, district):
    stats = year_stats(year=2022, month=10, params={"subdistrict": str(district.xiaonantou.pk)})
    assert stats["count"] == 2
    assert stats["completed_wan"] == Decimal("10100.00")
    assert stats["scope_name"] == "小南头街道"
    assert year_stats(year=2022, params={"category": "industry"})["count"] == 1


def test_every_figure_equals_the_list_its_link_opens(data, district, people):
    for params in ({}, {"subdistrict": str(district.xiaonantou.pk)}, {"nature": Nature.NEW}):
        stats = year_stats(year=2022, month=10, params=params, user=people.office)
        figures = {
            "count": stats["count"],
            "new": stats["by_nature"]["new"],
            "continued": stats["by_nature"]["continued"],
            "over_1bn": stats["count_over_1bn"],
            "key": stats["key_count"],
            "planned_starts": stats["planned_starts"],
            "started_of_planned": stats["started_of_planned"],
            "actual_starts": stats["actual_starts"],
            "completions": stats["completions"],
            "reserve_converted": stats["reserve_converted"],
            **stats["by_category"],
        }
        for key, value in figures.items():
            query = stats["links"][key]
            if query is None:  # contradicts the page's own filter: nothing to list
                assert value == 0, key
            else:
                assert rows_in_filter(people.office, query) == value, (params, key)
        for group in stats["subdistricts"] + stats["departments"] + stats["categories"]:
            if group["link"]:
                assert rows_in_filter(people.office, group["link"]) == group["count"]
    # and the page itself lists as many
    stats = year_stats(year=2022, month=10, user=people.office)
    assert rows_behind(people.office, stats["links"]["reserve_converted"]) == 1


def test_a_village_officer_counts_only_their_own_rows(data, people):
    stats = year_stats(year=2022, month=10, user=people.xwz_officer)
    assert stats["count"] == 1
    assert stats["total_investment_wan"] == Decimal("150000.00")
    assert stats["completed_wan"] == Decimal("10000.00")
    assert stats["scope_name"] == "西王庄村"
    assert [g["name"] for g in stats["subdistricts"]] == ["小南头街道"]
    # 西王庄村's officer cannot filter by the subdistrict above them: no link to follow.
    assert stats["subdistricts"][0]["link"] is None
    assert rows_behind(people.xwz_officer, stats["links"]["count"]) == 1


def test_the_seed_shaped_year_gives_the_seeds_figures(district):
    seed_plan(district)
    stats = as_json(year_stats(year=2022))
    assert stats["count"] == 223
    assert stats["total_investment_wan"] == "8096800.00"
    assert stats["by_nature"] == {"new": 85, "continued": 138}
    assert stats["by_category"] == {"industry": 40, "infrastructure": 43, "livelihood": 140}
    assert stats["count_over_1bn"] == 19


def test_the_default_month_is_the_last_complete_one(monkeypatch):
    import datetime

    monkeypatch.setattr("taizhang.lib.clock.today", lambda: datetime.date(2022, 11, 5))
    assert (default_month(2021), default_month(2022), default_month(2023)) == (12, 10, 0)


def test_it_refuses_an_unknown_filter_value(data):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        year_stats(year=2022, params={"category": "castle"})
    with pytest.raises(ValidationError):
        year_stats(year=2022, month=13)


def test_it_runs_a_constant_number_of_queries(district, people):
    def count(rows):
        for index in range(rows):
            project = make_project(
                district.xiwangzhuang, subdistrict=district.xiaonantou, name=f"p{rows}-{index}"
            )
            plan(project, 2030, Nature.NEW, "10.00")
            report(project, 2030, 1, "1.00")

        def run():
            year_stats(year=2030, month=3, params={"category": "livelihood"}, user=user)

        user = User.objects.get(pk=people.xwz_officer.pk)
        run()  # the user's roles and unit are read once, then cached on the user
        with CaptureQueriesContext(connection) as queries:
            run()
        return len(queries)

    assert count(5) == count(50) <= 10
