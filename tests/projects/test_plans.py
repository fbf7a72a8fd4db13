"""Year plans (年度计划): the nature is derived, a committed year never changes, and the list
page shows the year's totals over the same filtered rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.models import AuditEntry
from taizhang.projects.models import MonthlyReport, Nature, PlanYear, Stage, YearPlan
from taizhang.projects.services import plans
from tests.conftest import client_for
from tests.projects.factories import make_project


def test_a_project_is_new_in_its_first_plan_and_continued_the_next_year(district, people):
    project = make_project(district.taer, stage=Stage.ANNUAL)

    first = plans.include_in_plan(project, year=2022, by=people.office)
    second = plans.include_in_plan(project, year=2023, by=people.office)

    assert first.nature == Nature.NEW
    assert second.nature == Nature.CONTINUED
    assert plans.nature_in(project, 2022) == Nature.NEW
    assert plans.natures_in([project.pk], 2024) == {project.pk: Nature.CONTINUED}


def test_the_office_changes_a_row_and_the_change_is_audited(district, people):
    row = plans.include_in_plan(make_project(district.taer), year=2022, by=people.office)

    plans.update_plan_row(
        row, by=people.office, planned_investment_wan=Decimal("88.50"), is_key=True
    )

    row.refresh_from_db()
    assert (row.planned_investment_wan, row.is_key) == (Decimal("88.50"), True)
    entry = AuditEntry.objects.filter(content_type__model="yearplan").latest("pk")
    assert entry.after["planned_investment_wan"] == "88.50"


@pytest.mark.parametrize("persona", ["taer_officer", "leader", "xwz_officer"])
def test_only_the_programme_office_changes_plans(district, people, persona):
    row = plans.include_in_plan(make_project(district.taer), year=2022, by=people.office)
    with pytest.raises(PermissionDenied):
        plans.update_plan_row(row, by=getattr(people, persona), is_key=True)


def test_a_committed_year_cannot_change(district, people):
    project = make_project(district.taer, stage=Stage.ANNUAL)
    row = plans.include_in_plan(project, year=2022, by=people.office)

    plans.commit_year(2022, by=people.office)

    assert PlanYear.objects.get(year=2022).committed_by == people.office
    with pytest.raises(ValidationError, match="committed"):
        plans.update_plan_row(row, by=people.office, is_key=True)
    with pytest.raises(ValidationError, match="committed"):
        plans.remove_from_plan(row, by=people.office)
    with pytest.raises(ValidationError, match="committed"):
        plans.include_in_plan(make_project(district.taer), year=2022, by=people.office)
    with pytest.raises(ValidationError, match="already committed"):
        plans.commit_year(2022, by=people.office)


def test_editing_a_project_after_commit_leaves_the_plan_snapshot_as_it_was(district, people):
    from taizhang.projects.services.projects import update_project

    project = make_project(
        district.taer, name="旧名称", total_investment_wan=Decimal("100"), stage=Stage.ANNUAL
    )
    row = plans.include_in_plan(project, year=2022, by=people.office)
    plans.commit_year(2022, by=people.office)
    before = YearPlan.objects.filter(pk=row.pk).values().get()

    update_project(project, by=people.office, name="新名称", total_investment_wan=Decimal("999"))

    assert YearPlan.objects.filter(pk=row.pk).values().get() == before


def test_a_row_with_reports_stays_in_the_plan(district, people):
    project = make_project(district.taer)
    row = plans.include_in_plan(project, year=2022, by=people.office)
    MonthlyReport.objects.create(project=project, year=2022, month=1, completed_wan=1)

    with pytest.raises(ValidationError, match="monthly reports"):
        plans.remove_from_plan(row, by=people.office)


def test_an_empty_year_cannot_be_committed(people):
    with pytest.raises(ValidationError, match="no projects"):
        plans.commit_year(2030, by=people.office)


# ---------------------------------------------------------------------------------------------
# Pages


def _plan(district, people, n, unit=None, year=2022):
    for i in range(n):
        project = make_project(unit or district.taer, total_investment_wan=Decimal(10 + i))
        plans.include_in_plan(
            project, year=year, by=people.office, planned_investment_wan=Decimal("5")
        )


def test_the_list_shows_the_years_totals_over_the_filtered_rows(district, people):
    _plan(district, people, 3)
    _plan(district, people, 2, unit=district.xiwangzhuang)
    _plan(district, people, 1, year=2021)

    response = client_for(people.office).get("/projects/plans/?year=2022")

    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["count"] == 5
    assert totals["total_investment_wan"] == Decimal("10") * 5 + 3 + 1
    assert totals["planned_investment_wan"] == Decimal("25")
    assert response.context["years"] == [2022, 2021]


def test_an_officer_sees_only_the_rows_of_their_village(district, people):
    _plan(district, people, 2)
    _plan(district, people, 3, unit=district.xiwangzhuang)

    response = client_for(people.xwz_officer).get("/projects/plans/?year=2022")

    assert response.context["totals"]["count"] == 3
    assert "塔儿村" not in response.text


def test_the_list_runs_a_constant_number_of_queries(district, people):
    client = client_for(people.office)

    def count(n):
        YearPlan.objects.all().delete()
        _plan(district, people, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/projects/plans/?year=2022").status_code == 200
        return len(queries)

    assert count(5) == count(50)


def test_the_office_commits_the_year_from_the_page(district, people):
    _plan(district, people, 1)
    client = client_for(people.office)

    response = client.post("/projects/plans/2022/commit/")

    assert response.status_code == 302
    assert PlanYear.objects.get(year=2022).committed_at is not None
    assert "Commit the 2022 plan" not in client.get("/projects/plans/?year=2022").text


def test_the_office_edits_a_row_on_its_page(district, people):
    _plan(district, people, 1)
    row = YearPlan.objects.get()
    client = client_for(people.office)

    response = client.post(
        f"/projects/plans/rows/{row.pk}/edit/",
        {"planned_investment_wan": "0.0008亿元", "is_key": "on"},
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.planned_investment_wan, row.is_key) == (Decimal("8.00"), True)


def test_a_bad_amount_is_refused_with_its_reason(district, people):
    _plan(district, people, 1)
    row = YearPlan.objects.get()

    response = client_for(people.office).post(
        f"/projects/plans/rows/{row.pk}/edit/", {"planned_investment_wan": "很多"}
    )

    assert response.status_code == 200
    assert "is not an amount" in response.text
    row.refresh_from_db()
    assert row.planned_investment_wan == Decimal("5.00")


def test_another_villages_officer_gets_404_on_a_taer_row(district, people):
    _plan(district, people, 1)
    row = YearPlan.objects.get()
    client = client_for(people.xwz_officer)

    assert client.get(f"/projects/plans/rows/{row.pk}/edit/").status_code == 404
    assert client.post(f"/projects/plans/rows/{row.pk}/remove/").status_code == 404


@pytest.mark.parametrize("persona", ["leader", "taer_officer"])
def test_readers_and_officers_cannot_edit_or_commit(district, people, persona):
    _plan(district, people, 1)
    row = YearPlan.objects.get()
    client = client_for(getattr(people, persona))

    assert client.get(f"/projects/plans/rows/{row.pk}/edit/").status_code == 403
    assert client.post("/projects/plans/2022/commit/").status_code == 403
    assert PlanYear.objects.filter(committed_at__isnull=False).count() == 0
