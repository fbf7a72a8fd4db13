"""The API of year plans, monthly reports and warnings: scoped like the pages, the same rules
through the same services, errors in the one shape."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.projects.models import MonthlyReport, PlanYear, ReportStatus, Stage, YearPlan
from taizhang.projects.services import plans, reports
from tests.conftest import client_for
from tests.projects.factories import make_project

API = "/api/v1/projects"


@pytest.fixture(autouse=True)
def april_2022():
    date = datetime.date(2022, 4, 3)
    with mock.patch("taizhang.lib.clock.today", new=lambda: date):
        yield


@pytest.fixture
def taer_row(district, people):
    project = make_project(
        district.taer, name="塔儿村巷道硬化", stage=Stage.ANNUAL, total_investment_wan=500
    )
    return plans.include_in_plan(
        project, year=2022, by=people.office, planned_investment_wan=Decimal("120")
    )


@pytest.fixture
def taer_report(taer_row, people):
    return reports.file_report(
        taer_row.project,
        by=people.taer_officer,
        year=2022,
        month=3,
        completed_wan=Decimal("10"),
        progress_text="路基",
        submit=True,
    )


def test_the_plan_list_is_filtered_and_paginated(taer_row, district, people):
    other = make_project(district.xiwangzhuang, stage=Stage.ANNUAL)
    plans.include_in_plan(other, year=2022, by=people.office)

    body = client_for(people.office).get(f"{API}/plans?year=2022&page_size=1").json()

    assert body["count"] == 2 and len(body["results"]) == 1
    row = client_for(people.office).get(f"{API}/plans?q=巷道").json()["results"][0]
    assert row["name"] == "塔儿村巷道硬化"
    assert row["nature"] == "new"
    assert row["planned_investment_wan"] == "120.00"


def test_an_officer_lists_only_their_villages_rows(taer_row, people):
    assert client_for(people.xwz_officer).get(f"{API}/plans").json()["count"] == 0
    totals = client_for(people.xwz_officer).get(f"{API}/plans/totals?year=2022").json()
    assert totals["count"] == 0


def test_the_plan_list_runs_a_constant_number_of_queries(district, people):
    client = client_for(people.office)

    def count(n):
        YearPlan.objects.all().delete()
        for _ in range(n):
            plans.include_in_plan(make_project(district.taer), year=2022, by=people.office)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{API}/plans?year=2022").status_code == 200
        return len(queries)

    assert count(5) == count(50)


def test_the_office_updates_a_row_and_commits_the_year(taer_row, people):
    client = client_for(people.office)

    response = client.patch(
        f"{API}/plans/rows/{taer_row.pk}",
        {"planned_investment_wan": "150.5", "is_key": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["planned_investment_wan"] == "150.50"

    assert client.post(f"{API}/plans/2022/commit").status_code == 200
    response = client.patch(
        f"{API}/plans/rows/{taer_row.pk}", {"is_key": False}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "committed" in response.json()["detail"]


def test_rollover_preview_and_commit_with_the_fingerprint(taer_row, people):
    client = client_for(people.office)
    preview = client.get(f"{API}/plans/2022/rollover").json()

    assert preview["counts"]["continuing"] == 1
    assert preview["continuing"][0]["nature"] == "continued"
    stale = client.post(
        f"{API}/plans/2022/rollover", {"fingerprint": "stale"}, content_type="application/json"
    )
    assert stale.status_code == 400
    response = client.post(
        f"{API}/plans/2022/rollover",
        {"fingerprint": preview["fingerprint"]},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json() == {"year": 2023, "created": 1}


def test_another_villages_officer_gets_404_and_leaders_403(taer_row, taer_report, people):
    xwz, leader = client_for(people.xwz_officer), client_for(people.leader)
    row, report = taer_row.pk, taer_report.pk
    patch = {"content_type": "application/json"}

    assert xwz.patch(f"{API}/plans/rows/{row}", {"is_key": True}, **patch).status_code == 404
    assert xwz.get(f"{API}/reports/{report}").status_code == 404
    assert xwz.patch(f"{API}/reports/{report}", {"problems": "x"}, **patch).status_code == 404
    for action in ("submit", "approve"):
        assert xwz.post(f"{API}/reports/{report}/{action}").status_code == 404
    ret = {"reason": "x"}
    assert xwz.post(f"{API}/reports/{report}/return", ret, **patch).status_code == 404
    body = {"project_id": taer_row.project_id, "year": 2022, "month": 2, "completed_wan": "1"}
    assert xwz.post(f"{API}/reports", body, **patch).status_code == 404
    assert xwz.get(f"{API}/reports").json()["count"] == 0
    assert xwz.get(f"{API}/warnings?year=2022").json()["count"] == 0
    assert xwz.get(f"{API}/reports/missing?year=2022&month=2").json()["count"] == 0
    assert xwz.get(f"{API}/plans/2022/rollover").status_code == 403
    assert xwz.post(f"{API}/plans/2022/commit").status_code == 403

    assert leader.patch(f"{API}/plans/rows/{row}", {"is_key": True}, **patch).status_code == 403
    assert leader.post(f"{API}/reports", body, **patch).status_code == 403
    assert leader.post(f"{API}/reports/{report}/approve").status_code == 403
    rule = {"yellow_from": "1"}
    assert leader.patch(f"{API}/warnings/rules/time_progress", rule, **patch).status_code == 403
    assert PlanYear.objects.filter(committed_at__isnull=False).count() == 0


def test_reports_through_the_api_with_maker_checker(taer_row, people):
    officer, office = client_for(people.taer_officer), client_for(people.office)
    body = {"project_id": taer_row.project_id, "year": 2022, "month": 3, "completed_wan": "10"}

    created = officer.post(f"{API}/reports", body, content_type="application/json")
    assert created.status_code == 201
    report = created.json()
    assert report["status"] == "draft"
    changed = officer.patch(
        f"{API}/reports/{report['id']}",
        {"problems": "征地", "submit": True},
        content_type="application/json",
    ).json()
    assert (changed["status"], changed["problems"], changed["completed_wan"]) == (
        "submitted",
        "征地",
        "10.00",
    )
    approved = office.post(f"{API}/reports/{report['id']}/approve")
    assert approved.json()["status"] == "approved"


def test_the_filer_cannot_approve_through_the_api(taer_row, people):
    office = client_for(people.office)
    body = {
        "project_id": taer_row.project_id,
        "year": 2022,
        "month": 3,
        "completed_wan": "10",
        "submit": True,
    }
    report = office.post(f"{API}/reports", body, content_type="application/json").json()

    response = office.post(f"{API}/reports/{report['id']}/approve")

    assert response.status_code == 403
    assert "another person must approve" in response.json()["detail"]


def test_a_future_month_is_refused_in_the_error_shape(taer_row, people):
    body = {"project_id": taer_row.project_id, "year": 2022, "month": 5, "completed_wan": "1"}
    response = client_for(people.taer_officer).post(
        f"{API}/reports", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "month", "message": "A report cannot be filed for a future month."}
    ]
    assert not MonthlyReport.objects.exists()


def test_returning_needs_a_reason(taer_report, people):
    office = client_for(people.office)
    url = f"{API}/reports/{taer_report.pk}/return"

    assert office.post(url, {"reason": ""}, content_type="application/json").status_code == 422
    response = office.post(url, {"reason": "数字不对"}, content_type="application/json")
    assert response.json()["status"] == ReportStatus.RETURNED


def test_warnings_and_rules(taer_report, people):
    office = client_for(people.office)
    office.post(f"{API}/reports/{taer_report.pk}/approve")

    body = office.get(f"{API}/warnings?year=2022&month=3").json()

    [warning] = body["results"]
    assert warning["level"] == "yellow"  # 10 of 120 by March: 8.3% against 25%, 16.7 behind
    assert warning["completion_rate"] == "8.3"
    rules = office.get(f"{API}/warnings/rules").json()
    assert {rule["kind"] for rule in rules} == {"time_progress", "start_overdue", "overdue_items"}
    response = office.patch(
        f"{API}/warnings/rules/time_progress",
        {"yellow_from": "20"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert office.get(f"{API}/warnings?year=2022&month=3&level=green").json()["count"] == 1
