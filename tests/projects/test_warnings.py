"""Warnings (预警): green, yellow and red at the rules' thresholds, with the clock set; the
rules are data the programme office edits."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.projects import warnings
from taizhang.projects.models import (
    MonthlyReport,
    Project,
    ReportStatus,
    Stage,
    WarningRule,
    YearPlan,
)
from taizhang.projects.services import plans
from taizhang.projects.services.warning_rules import update_rule
from taizhang.supervision.models import Assignment, SupervisionItem
from tests.conftest import client_for
from tests.projects.factories import make_project


def on(day: str):
    date = datetime.date.fromisoformat(day)
    return mock.patch("taizhang.lib.clock.today", new=lambda: date)


@pytest.fixture(autouse=True)
def mid_july():
    with on("2022-07-10"):
        yield


def planned(district, people, *, completed=(), status=ReportStatus.APPROVED, **fields):
    """A 2022 project planning 1200万元, with approved reports of `completed` for Jan, Feb…"""
    values = {"stage": Stage.ANNUAL, "total_investment_wan": 5000, **fields}
    project = make_project(district.taer, **values)
    plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=1200)
    for month, amount in enumerate(completed, start=1):
        MonthlyReport.objects.create(
            project=project, year=2022, month=month, completed_wan=amount, status=status
        )
    return project


def level_of(project, month=6):
    [warning] = warnings.evaluate(YearPlan.objects.filter(project=project), year=2022, month=month)
    return warning


@pytest.mark.parametrize(
    ("completed", "level"),
    [
        (Decimal("481"), "green"),  # 9.92 points behind 50%
        (Decimal("480"), "yellow"),  # exactly 10 behind
        (Decimal("240"), "yellow"),  # exactly 30 behind
        (Decimal("239"), "red"),  # beyond 30
        (Decimal("0"), "red"),
        (Decimal("900"), "green"),  # ahead of time progress
    ],
)
def test_completion_against_time_progress(district, people, completed, level):
    project = planned(district, people, completed=[completed / 2, completed / 2])

    warning = level_of(project)

    assert warning.level == level
    assert warning.time_progress == Decimal("50.0")
    assert bool(warning.reasons) is (level != "green")


def test_only_approved_reports_count_in_cumulative_completion(district, people):
    project = planned(district, people, completed=[Decimal("600")])
    MonthlyReport.objects.create(
        project=project, year=2022, month=2, completed_wan=100, status=ReportStatus.SUBMITTED
    )
    MonthlyReport.objects.create(
        project=project, year=2022, month=7, completed_wan=100, status=ReportStatus.APPROVED
    )

    [row] = warnings.annotate_warnings(YearPlan.objects.all(), year=2022, month=6)

    assert row.completed_to_date == Decimal("600")
    assert level_of(project).completion_rate == Decimal("50.0")


def test_the_reason_says_how_far_behind(district, people):
    warning = level_of(planned(district, people, completed=[Decimal("239")]))
    assert warning.reasons == ["Completion 19.9% is 30.1 points behind time progress 50.0%."]


@pytest.mark.parametrize(
    ("planned_start", "level"),
    [
        ("2022-06-20", "green"),
        ("2022-05-31", "yellow"),
        ("2022-04-01", "yellow"),
        ("2022-03-31", "red"),
    ],
)
def test_a_planned_start_passed_without_a_start(district, people, planned_start, level):
    project = planned(
        district,
        people,
        completed=[Decimal("1200")],
        planned_start=datetime.date.fromisoformat(planned_start),
    )
    assert level_of(project).level == level


def test_a_started_project_is_not_warned_for_its_start(district, people):
    project = planned(
        district,
        people,
        completed=[Decimal("1200")],
        planned_start=datetime.date(2022, 1, 1),
        actual_start=datetime.date(2022, 4, 1),
    )
    assert level_of(project).level == "green"


def test_completed_projects_are_green(district, people):
    project = planned(district, people, stage=Stage.COMPLETED)
    assert level_of(project).level == "green"


def _coordination_item(project, unit, *, deadline, is_open=True):
    item = SupervisionItem.objects.create(
        flow="coordination",
        title="协调事项",
        content_type=ContentType.objects.get_for_model(Project),
        object_id=str(project.pk),
        supervisor_unit=unit,
        deadline=deadline,
    )
    return Assignment.objects.create(
        item=item, unit=unit, state="assigned", deadline=deadline, is_open=is_open
    )


def test_overdue_coordination_items_warn(district, people):
    project = planned(district, people, completed=[Decimal("1200")])
    past = datetime.date(2022, 7, 1)
    _coordination_item(project, district.fagaiju, deadline=past)
    _coordination_item(project, district.fagaiju, deadline=past, is_open=False)
    _coordination_item(project, district.fagaiju, deadline=datetime.date(2022, 8, 1))

    assert level_of(project).level == "yellow"
    for _ in range(2):
        _coordination_item(project, district.fagaiju, deadline=past)
    warning = level_of(project)
    assert warning.level == "red"
    assert "3 coordination items are overdue." in warning.reasons


def test_the_default_month_is_the_current_month(district, people):
    project = planned(district, people, completed=[Decimal("700")])  # 58.3% of the plan

    [warning] = warnings.evaluate(YearPlan.objects.filter(project=project), year=2022)

    assert warning.time_progress == Decimal("58.3")  # July: 7/12
    assert warning.level == "green"


def test_rules_are_data_the_office_edits(district, people):
    project = planned(district, people, completed=[Decimal("540")])  # 5 points behind
    assert level_of(project).level == "green"

    rule = WarningRule.objects.get(kind=WarningRule.Kind.TIME_PROGRESS)
    update_rule(rule, by=people.office, yellow_from=Decimal("5"))
    assert level_of(project).level == "yellow"

    update_rule(rule, by=people.office, is_active=False)
    assert level_of(project).level == "green"


def test_rule_thresholds_must_make_sense(people):
    rule = WarningRule.objects.get(kind=WarningRule.Kind.TIME_PROGRESS)
    with pytest.raises(ValidationError):
        update_rule(rule, by=people.office, yellow_from=Decimal("40"))
    with pytest.raises(PermissionDenied):
        update_rule(rule, by=people.taer_officer, yellow_from=Decimal("5"))
    rule.refresh_from_db()
    assert rule.yellow_from == Decimal("10")


# ---------------------------------------------------------------------------------------------
# Pages


def test_the_warning_page_lists_projects_by_level_with_reasons(district, people):
    planned(district, people, name="落后项目", completed=[Decimal("100")])
    planned(district, people, name="正常项目", completed=[Decimal("700")])

    response = client_for(people.office).get("/projects/warnings/?year=2022&month=6&level=red")

    assert response.status_code == 200
    assert response.context["counts"] == {"green": 1, "yellow": 0, "red": 1}
    assert "落后项目" in response.text and "正常项目" not in response.text
    assert "points behind time progress" in response.text


def test_another_villages_officer_sees_no_taer_warnings(district, people):
    planned(district, people, name="落后项目", completed=[Decimal("100")])

    response = client_for(people.xwz_officer).get("/projects/warnings/?year=2022")

    assert "落后项目" not in response.text
    assert response.context["counts"] == {"green": 0, "yellow": 0, "red": 0}


def test_levels_of_a_scope_that_sees_no_plan_row_are_all_zero(district, people):
    """A scope that sees nothing is `none()`, which has no SQL to count over."""
    planned(district, people, completed=[Decimal("100")])

    counts = warnings.level_counts(YearPlan.objects.none(), year=2022, month=6)

    assert counts == {"green": 0, "yellow": 0, "red": 0}


def test_the_warning_list_runs_a_constant_number_of_queries(district, people):
    client = client_for(people.office)

    def count(n):
        for _ in range(n - YearPlan.objects.count()):
            planned(district, people, completed=[Decimal("100")])
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/projects/warnings/?year=2022").status_code == 200
        return len(queries)

    assert count(5) == count(50)


def test_the_office_edits_the_rules_on_their_page(people):
    client = client_for(people.office)
    data = {}
    for rule in WarningRule.objects.all():
        data[f"{rule.kind}-yellow_from"] = rule.yellow_from
        data[f"{rule.kind}-red_from"] = rule.red_from
        data[f"{rule.kind}-is_active"] = "on"
    data["time_progress-yellow_from"] = "15"

    response = client.post("/projects/warnings/rules/", data)

    assert response.status_code == 302
    assert WarningRule.objects.get(kind="time_progress").yellow_from == Decimal("15")


@pytest.mark.parametrize("persona", ["leader", "taer_officer", "xwz_officer"])
def test_others_read_the_rules_but_cannot_change_them(people, persona):
    client = client_for(getattr(people, persona))
    assert client.get("/projects/warnings/rules/").status_code == 200
    response = client.post("/projects/warnings/rules/", {"time_progress-yellow_from": "1"})
    assert response.status_code == 403
    assert WarningRule.objects.get(kind="time_progress").yellow_from == Decimal("10")
