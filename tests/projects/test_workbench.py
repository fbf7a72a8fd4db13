"""The project bank on the workbench: reports to file, fix and approve, returned and submitted
projects, a leader's red and yellow projects and figures, the search, the "file this month's
report" action and the missing-reports page's default month."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from taizhang.projects import workbench
from taizhang.projects.models import Stage
from taizhang.projects.services import plans, reports
from taizhang.projects.services import projects as project_services
from tests.conftest import client_for
from tests.factories import day_setter
from tests.projects.factories import make_project

MONDAY = datetime.date(2022, 4, 4)  # February's report is late, March's is due on 5 April


@pytest.fixture
def today(monkeypatch):
    return day_setter(monkeypatch, MONDAY)


@pytest.fixture
def planned(district, people, today):
    project = make_project(
        district.taer,
        name="塔儿村巷道硬化",
        stage=Stage.ANNUAL,
        code="",
        address="塔儿村东街",
        subdistrict=district.xiaonantou,
        total_investment_wan=500,
    )
    plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=120)
    return project


def file(project, by, month, submit=True):
    return reports.file_report(
        project, by=by, year=2022, month=month, completed_wan=Decimal("10"), submit=submit
    )


def batches(user, day=MONDAY, limit=8):
    return {batch.kind: batch for batch in workbench.todo(user, day, limit)}


def test_the_months_owing_are_the_late_one_and_the_one_just_over():
    assert reports.months_due(datetime.date(2022, 4, 4)) == [(2022, 2), (2022, 3)]
    assert reports.months_due(datetime.date(2022, 4, 6)) == [(2022, 3)]
    assert reports.latest_due_month(datetime.date(2023, 1, 5)) == (2022, 11)
    assert reports.latest_due_month(datetime.date(2023, 1, 6)) == (2022, 12)
    assert reports.month_to_report(datetime.date(2023, 1, 2)) == (2022, 12)


def test_the_village_officer_sees_the_late_and_the_due_report(planned, people):
    batch = batches(people.taer_officer)["report_due"]
    assert (batch.total, batch.overdue, batch.due_this_week) == (2, 1, 1)
    late, due = batch.items
    assert (late.due, late.overdue) == (datetime.date(2022, 3, 5), True)
    assert (due.due, due.overdue) == (datetime.date(2022, 4, 5), False)
    assert due.url == f"/projects/reports/file/?project={planned.pk}&year=2022&month=3"
    assert "2022-02" in late.detail


def test_another_village_and_the_programme_office_have_no_report_to_file(planned, people):
    assert batches(people.xwz_officer)["report_due"].total == 0
    assert "report_due" not in batches(people.office)


def test_a_filed_report_leaves_the_list_and_waits_for_the_office(planned, people):
    file(planned, people.taer_officer, 2)
    mine = batches(people.taer_officer)
    assert [item.due for item in mine["report_due"].items] == [datetime.date(2022, 4, 5)]
    assert mine["report_waiting"].total == 1
    assert mine["report_waiting"].waiting_on_others
    office = batches(people.office)["report_approve"]
    assert [item.title for item in office.items] == ["塔儿村巷道硬化"]
    assert office.items[0].url.startswith("/projects/reports/")


def test_the_office_is_not_asked_to_approve_its_own_report(planned, people):
    file(planned, people.office, 2)
    assert batches(people.office)["report_approve"].total == 0
    assert batches(people.admin)["report_approve"].total == 1


def test_a_draft_and_a_returned_report_are_to_fix_not_to_file(planned, people):
    file(planned, people.taer_officer, 2, submit=False)
    returned = file(planned, people.taer_officer, 3)
    reports.return_report(returned, by=people.office, reason="数字不对")
    mine = batches(people.taer_officer)
    assert mine["report_due"].total == 0
    fix = mine["report_fix"]
    assert (fix.total, fix.overdue, fix.due_this_week) == (2, 1, 1)
    assert "数字不对" in fix.items[1].detail
    assert str(fix.items[1].action) == "Correct and submit"


def test_returned_and_submitted_projects_reach_the_unit_and_the_office(district, people, today):
    project = make_project(district.taer, name="塔儿村路灯")
    project_services.request_stage(project, by=people.taer_officer, to_stage=Stage.ANNUAL)
    assert [i.title for i in batches(people.office)["project_review"].items] == ["塔儿村路灯"]
    project_services.return_project(project, by=people.office, reason="补充资料")
    returned = batches(people.taer_officer)["project_returned"]
    assert [item.title for item in returned.items] == ["塔儿村路灯"]
    assert "补充资料" in returned.items[0].detail
    assert batches(people.office)["project_review"].total == 0


def test_leaders_see_red_and_yellow_projects_and_the_figures(planned, district, people):
    make_project(district.guchengcun, name="古城村广场", stage=Stage.ANNUAL)
    [alerts] = workbench.alerts(people.leader, MONDAY, 8)
    # Nothing reported by April: 0% done against a time progress of 4/12 is red.
    assert [(item.title, item.level) for item in alerts.items] == [("塔儿村巷道硬化", "red")]
    assert (alerts.total, alerts.overdue) == (1, 1)
    tiles = {str(tile.label): tile.value for tile in workbench.tiles(people.leader)}
    assert tiles["Projects 2022"] == "1"
    assert tiles["Total investment"] == "500.00万元"
    assert tiles["Completion rate"] == "0.0%"
    assert tiles["Red projects"] == "1"


def test_the_search_finds_projects_by_name_code_and_address_in_scope(planned, people):
    for query in ("巷道", "东街"):
        [group] = workbench.search(people.taer_officer, query, 5)
        assert [hit.title for hit in group.hits] == ["塔儿村巷道硬化"]
    [group] = workbench.search(people.xwz_officer, "巷道", 5)
    assert group.total == 0


def test_the_project_page_offers_to_file_the_report_owing(planned, people, today):
    page = client_for(people.taer_officer).get(f"/projects/{planned.pk}/").content.decode()
    assert f"/projects/reports/file/?project={planned.pk}&amp;year=2022&amp;month=2" in page
    file(planned, people.taer_officer, 2)
    page = client_for(people.taer_officer).get(f"/projects/{planned.pk}/").content.decode()
    assert "month=3" in page
    assert "/projects/reports/file/" not in (
        client_for(people.leader).get(f"/projects/{planned.pk}/").content.decode()
    )


def test_the_report_form_opens_on_the_month_just_over(planned, people):
    page = client_for(people.taer_officer).get(f"/projects/reports/file/?project={planned.pk}")
    assert (page.context["year"], page.context["month"]) == (2022, 3)


def test_the_missing_reports_page_opens_on_the_latest_month_past_its_due_date(
    planned, people, today
):
    assert client_for(people.office).get("/projects/reports/missing/").context["month"] == 2
    today(datetime.date(2022, 4, 6))  # days later: a new session (the old one timed out)
    assert client_for(people.office).get("/projects/reports/missing/").context["month"] == 3
    today(datetime.date(2023, 1, 6))
    response = client_for(people.office).get("/projects/reports/missing/")
    assert (response.context["year"], response.context["month"]) == (2022, 12)
