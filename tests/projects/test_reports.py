"""Monthly progress reports (月度进度): the unit files, the programme office approves (never
the filer), only approved reports count, late ones are flagged."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from taizhang.core.models import AuditEntry, Notification
from taizhang.projects.models import MonthlyReport, ReportStatus, Stage, YearPlan
from taizhang.projects.services import plans, reports
from tests.conftest import client_for
from tests.factories import make_user
from tests.projects.factories import make_project


def on(day: str):
    """Set the district's today."""
    date = datetime.date.fromisoformat(day)
    return mock.patch("taizhang.lib.clock.today", new=lambda: date)


@pytest.fixture
def planned(district, people):
    project = make_project(
        district.taer, name="塔儿村巷道硬化", stage=Stage.ANNUAL, total_investment_wan=500
    )
    plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=120)
    return project


def file(project, by, month=3, **fields):
    values = {"year": 2022, "month": month, "completed_wan": Decimal("10"), **fields}
    return reports.file_report(project, by=by, **values)


@on("2022-04-03")
def test_the_unit_files_and_submits_and_the_office_approves(planned, people):
    report = file(planned, people.taer_officer, progress_text="路基完成")
    assert report.status == ReportStatus.DRAFT

    report = reports.submit_report(report, by=people.taer_officer)
    assert (report.status, report.is_late) == (ReportStatus.SUBMITTED, False)

    report = reports.approve_report(report, by=people.office)
    assert report.status == ReportStatus.APPROVED
    assert report.approved_by == people.office
    actions = AuditEntry.objects.filter(content_type__model="monthlyreport").count()
    assert actions == 3


@on("2022-04-03")
def test_the_person_who_filed_cannot_approve(planned, people):
    report = file(planned, people.office, submit=True)

    with pytest.raises(PermissionDenied):
        reports.approve_report(report, by=people.office)
    assert reports.approve_report(report, by=people.admin).status == ReportStatus.APPROVED


@on("2022-04-03")
def test_approvers_hear_of_a_submitted_report_and_the_filer_of_the_decision(
    planned, people, django_capture_on_commit_callbacks
):
    def told(step, report, **kwargs):
        Notification.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            step(report, **kwargs)
        return sorted(Notification.objects.values_list("recipient__username", "kind"))

    report = file(planned, people.taer_officer)
    assert told(reports.submit_report, report, by=people.taer_officer) == [
        ("admin", "review_submitted"),
        ("office", "review_submitted"),
    ]
    assert told(reports.return_report, report, by=people.office, reason="数字不对") == [
        ("taer", "review_returned")
    ]
    reports.submit_report(report, by=people.taer_officer)
    assert told(reports.approve_report, report, by=people.admin) == [("taer", "review_approved")]


@on("2022-04-03")
def test_unit_officers_and_leaders_cannot_approve(planned, people):
    report = file(planned, people.taer_officer, submit=True)
    for persona in (people.subdistrict_officer, people.leader, people.taer_officer):
        with pytest.raises(PermissionDenied):
            reports.approve_report(report, by=persona)


@on("2022-04-03")
def test_another_village_and_a_leader_cannot_file(planned, people):
    for persona in (people.xwz_officer, people.leader):
        with pytest.raises(PermissionDenied):
            file(planned, persona)
    assert not MonthlyReport.objects.exists()


@on("2022-03-31")
def test_a_future_month_is_refused(planned, people):
    with pytest.raises(ValidationError, match="future month"):
        file(planned, people.taer_officer, month=4)
    assert file(planned, people.taer_officer, month=3).pk


@on("2022-04-03")
def test_a_project_outside_the_years_plan_is_refused(district, people):
    project = make_project(district.taer)
    with pytest.raises(ValidationError, match="not in the 2022 plan"):
        file(project, people.taer_officer)


@on("2022-04-03")
def test_an_approved_report_cannot_be_changed(planned, people):
    report = reports.approve_report(
        file(planned, people.taer_officer, submit=True), by=people.office
    )
    with pytest.raises(ValidationError, match="cannot be changed"):
        file(planned, people.taer_officer, completed_wan=Decimal("99"))
    report.refresh_from_db()
    assert report.completed_wan == Decimal("10.00")


@on("2022-04-03")
def test_a_returned_report_carries_the_reason_and_can_be_corrected(planned, people):
    report = file(planned, people.taer_officer, submit=True)
    with pytest.raises(ValidationError):
        reports.return_report(report, by=people.office, reason=" ")

    report = reports.return_report(report, by=people.office, reason="数字不对")
    assert (report.status, report.review_note) == (ReportStatus.RETURNED, "数字不对")

    report = file(planned, people.taer_officer, completed_wan=Decimal("12"), submit=True)
    assert (report.status, report.completed_wan) == (ReportStatus.SUBMITTED, Decimal("12.00"))


@pytest.mark.parametrize(
    ("submitted", "late"),
    [("2022-04-05", False), ("2022-04-06", True), ("2022-03-31", False)],
)
def test_a_report_is_late_after_the_due_day_of_the_next_month(planned, people, submitted, late):
    with on("2022-03-31"):
        report = file(planned, people.taer_officer)
    with on(submitted):
        assert reports.submit_report(report, by=people.taer_officer).is_late is late


@override_settings(TAIZHANG_REPORT_DUE_DAY=10)
def test_the_due_day_is_a_setting(planned, people):
    with on("2022-04-08"):
        assert file(planned, people.taer_officer, submit=True).is_late is False


def test_a_december_report_is_due_in_january(planned, people):
    with on("2023-01-06"):
        assert file(planned, people.taer_officer, month=12, submit=True).is_late is True


@on("2022-05-20")
def test_a_start_and_finish_become_the_projects_once_approved(planned, people):
    report = file(planned, people.taer_officer, started_on=datetime.date(2022, 3, 8), submit=True)
    planned.refresh_from_db()
    assert planned.actual_start is None  # not before the office approves

    reports.approve_report(report, by=people.office)

    planned.refresh_from_db()
    assert planned.actual_start == datetime.date(2022, 3, 8)
    entry = AuditEntry.objects.filter(content_type__model="project").latest("pk")
    assert entry.after["actual_start"] == "2022-03-08"


@on("2022-05-20")
def test_missing_reports_are_plan_rows_without_a_submitted_report(planned, district, people):
    other = make_project(district.taer, stage=Stage.ANNUAL)
    plans.include_in_plan(other, year=2022, by=people.office)
    file(planned, people.taer_officer, month=3, submit=True)
    file(other, people.taer_officer, month=3)  # a draft is not a report yet

    missing = reports.missing_reports(YearPlan.objects.all(), 2022, 3)

    assert [row.project for row in missing] == [other]
    assert not reports.missing_reports(YearPlan.objects.all(), 2022, 5).exists()


# ---------------------------------------------------------------------------------------------
# Pages


@on("2022-04-03")
def test_the_officer_files_on_the_page_and_the_office_approves_from_the_queue(planned, people):
    officer = client_for(people.taer_officer)
    url = f"/projects/reports/file/?project={planned.pk}&year=2022&month=3"
    assert officer.get(url).status_code == 200

    response = officer.post(url, {"completed_wan": "12.5", "progress_text": "路基", "submit": "1"})

    report = MonthlyReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.status == ReportStatus.SUBMITTED
    office = client_for(people.office)
    assert "塔儿村巷道硬化" in office.get("/projects/reports/queue/").text
    assert office.post(f"/projects/reports/{report.pk}/approve/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


@on("2022-04-03")
def test_the_page_tells_the_filer_they_cannot_approve(planned, people):
    report = file(planned, people.office, submit=True)

    response = client_for(people.office).post(
        f"/projects/reports/{report.pk}/approve/", follow=True
    )

    assert "another person must approve" in response.text
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@on("2022-04-03")
def test_another_villages_officer_gets_404_on_taers_reports(planned, people):
    report = file(planned, people.taer_officer, submit=True, progress_text="秘密")
    client = client_for(people.xwz_officer)

    assert client.get(f"/projects/reports/{report.pk}/").status_code == 404
    assert (
        client.get(f"/projects/reports/file/?project={planned.pk}&year=2022&month=3").status_code
        == 404
    )
    for action in ("submit", "approve", "return"):
        assert client.post(f"/projects/reports/{report.pk}/{action}/").status_code == 404
    assert "秘密" not in client.get("/projects/reports/").text
    assert "塔儿村巷道硬化" not in client.get("/projects/reports/missing/?year=2022&month=3").text


@on("2022-04-03")
def test_a_leader_reads_but_cannot_file_or_approve(planned, people):
    report = file(planned, people.taer_officer, submit=True)
    client = client_for(people.leader)

    assert client.get(f"/projects/reports/{report.pk}/").status_code == 200
    assert client.get(f"/projects/reports/file/?project={planned.pk}").status_code == 403
    assert client.post(f"/projects/reports/{report.pk}/approve/").status_code == 403
    assert client.get("/projects/reports/queue/").status_code == 403


def test_the_report_list_filters_and_runs_a_constant_number_of_queries(district, people):
    client = client_for(people.office)
    officer = make_user("taer2", unit=district.taer)

    def count(n):
        MonthlyReport.objects.all().delete()
        for i in range(n):
            project = make_project(district.taer)
            plans.include_in_plan(project, year=2022, by=people.office)
            MonthlyReport.objects.create(
                project=project,
                year=2022,
                month=3,
                completed_wan=i,
                is_late=i % 2 == 0,
                filed_by=officer,
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/projects/reports/?year=2022&month=3&late=true")
        assert response.status_code == 200
        assert response.context["page"].paginator.count == (n + 1) // 2
        return len(queries)

    assert count(5) == count(50)
