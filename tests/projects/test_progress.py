"""Plan progress (the approved investment of a plan row by month) always equals its approved
reports: the statistics read it instead of the reports, so a stale sum would be a wrong figure."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command

from taizhang.projects.models import MonthlyReport, PlanProgress, ReportStatus, Stage
from taizhang.projects.queries import year_stats
from taizhang.projects.services import plans, progress, reports
from tests.projects.factories import make_project


def progress_table() -> dict[int, list[Decimal]]:
    return {
        row.plan_id: [getattr(row, f"m{month}") for month in range(1, 13)]
        for row in PlanProgress.objects.order_by("plan_id")
    }


@pytest.fixture
def planned(district, people):
    lanes = make_project(district.taer, name="塔儿村巷道硬化", stage=Stage.ANNUAL)
    road = make_project(district.xiwangzhuang, name="西王庄村道路", stage=Stage.ANNUAL)
    for project in (lanes, road):
        plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=100)
    return lanes, road


@pytest.fixture
def october():
    with mock.patch("taizhang.lib.clock.today", new=lambda: datetime.date(2022, 11, 3)):
        yield


def file_and_approve(project, officer, approver, month, wan):
    report = reports.file_report(
        project, by=officer, year=2022, month=month, completed_wan=Decimal(wan), submit=True
    )
    return reports.approve_report(report, by=approver)


@pytest.mark.django_db
def test_an_approved_report_counts_at_once_and_a_submitted_one_does_not(planned, people, october):
    lanes, road = planned
    file_and_approve(lanes, people.taer_officer, people.office, 3, "12.50")
    file_and_approve(lanes, people.taer_officer, people.office, 4, "7.50")
    reports.file_report(
        road, by=people.xwz_officer, year=2022, month=3, completed_wan=40, submit=True
    )
    stats = year_stats(year=2022, month=10, user=people.admin)
    assert stats["completed_wan"] == Decimal("20.00")
    march, april = stats["monthly"][2:4]
    assert (march["completed_wan"], april["completed_wan"]) == (Decimal("12.50"), Decimal("7.50"))
    assert april["cumulative_wan"] == Decimal("20.00")


@pytest.mark.django_db
def test_a_rebuild_from_the_reports_changes_nothing(planned, people, october):
    lanes, road = planned
    for month, wan in ((1, "3"), (2, "4.25"), (5, "10")):
        file_and_approve(lanes, people.taer_officer, people.office, month, wan)
    file_and_approve(road, people.xwz_officer, people.office, 2, "8")
    kept = progress_table()
    assert kept and next(iter(kept.values()))[:2] == [Decimal("3.00"), Decimal("4.25")]
    PlanProgress.objects.all().delete()
    progress.rebuild()
    assert progress_table() == kept


@pytest.mark.django_db
def test_the_command_rebuilds_reports_loaded_outside_the_services(planned, people, capsys):
    lanes, _road = planned
    MonthlyReport.objects.create(
        project=lanes, year=2022, month=6, completed_wan=Decimal("55"),
        status=ReportStatus.APPROVED,
    )  # fmt: skip
    assert year_stats(year=2022, month=12, user=people.admin)["completed_wan"] == 0
    call_command("refresh_progress", "--year", "2022")
    assert "2 plan rows" in capsys.readouterr().out
    assert year_stats(year=2022, month=12, user=people.admin)["completed_wan"] == Decimal("55")


@pytest.mark.django_db
def test_a_project_put_into_a_plan_brings_its_approved_reports(district, people):
    project = make_project(district.taer, name="回到计划的项目", stage=Stage.ANNUAL)
    MonthlyReport.objects.create(
        project=project, year=2023, month=2, completed_wan=Decimal("9"),
        status=ReportStatus.APPROVED,
    )  # fmt: skip
    row = plans.include_in_plan(project, year=2023, by=people.office)
    assert PlanProgress.objects.get(plan=row).m2 == Decimal("9.00")
