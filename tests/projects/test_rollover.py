"""Rollover (滚动接续) from 2022 to 2023: unfinished projects continue, approved reserves enter
as new, completed ones leave, and nothing is written without the confirmation of what was
shown."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from taizhang.core.models import AuditEntry
from taizhang.projects.models import Nature, PlanYear, Stage, YearPlan
from taizhang.projects.services import plans
from tests.conftest import client_for
from tests.projects.factories import make_project


@pytest.fixture
def year_2022(district, people):
    """2022's plan: an unfinished key project, an unfinished annual one, a completed one; and a
    reserve approved into the annual stage after the 2022 plan was made."""
    p = {}
    p["ongoing"] = make_project(district.taer, name="在建道路", stage=Stage.KEY)
    p["annual"] = make_project(district.xiwangzhuang, name="在建广场", stage=Stage.ANNUAL)
    p["done"] = make_project(district.taer, name="已竣工学校", stage=Stage.ANNUAL)
    for project in p.values():
        plans.include_in_plan(project, year=2022, by=people.office)
    p["done"].stage = Stage.COMPLETED
    p["done"].save(update_fields=["stage"])
    p["promoted"] = make_project(district.taer, name="新转化储备", stage=Stage.ANNUAL)
    p["reserve"] = make_project(district.taer, name="仍在储备")
    return p


def test_the_preview_shows_the_difference_and_writes_nothing(year_2022):
    diff = plans.rollover_preview(2022)

    assert {row.project for row in diff.continuing} == {year_2022["ongoing"], year_2022["annual"]}
    assert {row.nature for row in diff.continuing} == {Nature.CONTINUED}
    assert [row.project for row in diff.promoted] == [year_2022["promoted"]]
    assert diff.promoted[0].nature == Nature.NEW
    assert [row.project for row in diff.dropping] == [year_2022["done"]]
    assert diff.counts() == {"continuing": 2, "promoted": 1, "dropping": 1, "already": 0}
    assert not YearPlan.objects.filter(year=2023).exists()


def test_commit_marks_unfinished_projects_continued_and_promoted_reserves_new(year_2022, people):
    diff = plans.rollover_preview(2022)

    created = plans.commit_rollover(2022, by=people.office, fingerprint=diff.fingerprint)

    rows = {row.project_id: row for row in YearPlan.objects.filter(year=2023)}
    assert len(created) == 3
    assert rows[year_2022["ongoing"].pk].nature == Nature.CONTINUED
    assert rows[year_2022["ongoing"].pk].is_key
    assert rows[year_2022["annual"].pk].nature == Nature.CONTINUED
    assert rows[year_2022["promoted"].pk].nature == Nature.NEW
    assert year_2022["done"].pk not in rows
    assert year_2022["reserve"].pk not in rows
    audited = AuditEntry.objects.filter(
        content_type__model="yearplan", object_id__in=[str(row.pk) for row in created]
    )
    assert audited.count() == 3


def test_a_project_planned_before_a_gap_year_comes_back_as_continued(district, people):
    project = make_project(district.taer, stage=Stage.ANNUAL)
    plans.include_in_plan(project, year=2021, by=people.office)
    diff = plans.rollover_preview(2022)  # not in 2022's plan: it enters 2023 as promoted

    assert [row.nature for row in diff.promoted] == [Nature.CONTINUED]


def test_a_stale_confirmation_is_refused_and_nothing_is_written(year_2022, district, people):
    shown = plans.rollover_preview(2022).fingerprint
    make_project(district.taer, name="之后批准的", stage=Stage.ANNUAL)

    with pytest.raises(ValidationError, match="changed since"):
        plans.commit_rollover(2022, by=people.office, fingerprint=shown)
    assert not YearPlan.objects.filter(year=2023).exists()


def test_rollover_into_a_committed_year_is_refused(year_2022, people):
    plans.include_in_plan(year_2022["ongoing"], year=2023, by=people.office)
    plans.commit_year(2023, by=people.office)
    diff = plans.rollover_preview(2022)

    assert diff.target_committed
    with pytest.raises(ValidationError, match="committed"):
        plans.commit_rollover(2022, by=people.office, fingerprint=diff.fingerprint)
    assert YearPlan.objects.filter(year=2023).count() == 1


def test_rows_already_in_the_next_year_are_left_alone(year_2022, people):
    existing = plans.include_in_plan(
        year_2022["ongoing"], year=2023, by=people.office, planned_investment_wan=Decimal("9")
    )
    diff = plans.rollover_preview(2022)

    assert diff.already == [existing]
    assert year_2022["ongoing"].pk not in {row.project_id for row in diff.to_create}
    plans.commit_rollover(2022, by=people.office, fingerprint=diff.fingerprint)
    existing.refresh_from_db()
    assert existing.planned_investment_wan == Decimal("9.00")


@pytest.mark.parametrize("persona", ["taer_officer", "leader"])
def test_only_the_programme_office_rolls_over(year_2022, people, persona):
    diff = plans.rollover_preview(2022)
    with pytest.raises(PermissionDenied):
        plans.commit_rollover(2022, by=getattr(people, persona), fingerprint=diff.fingerprint)


def test_the_command_prints_the_difference_and_commits_only_when_asked(year_2022):
    out = StringIO()
    call_command("rollover", "--from", "2022", stdout=out)

    text = out.getvalue()
    assert "continuing: 2" in text and "entering: 1" in text and "leaving: 1" in text
    assert "新转化储备" in text
    assert not YearPlan.objects.filter(year=2023).exists()

    out = StringIO()
    call_command("rollover", "--from", "2022", "--commit", stdout=out)
    assert YearPlan.objects.filter(year=2023).count() == 3
    assert "3" in out.getvalue()


def test_the_page_shows_the_difference_and_commits_on_confirmation(year_2022, people):
    client = client_for(people.office)
    page = client.get("/projects/plans/2022/rollover/")

    assert page.status_code == 200
    assert "新转化储备" in page.text and "已竣工学校" in page.text
    assert not YearPlan.objects.filter(year=2023).exists()
    fingerprint = page.context["diff"].fingerprint

    response = client.post("/projects/plans/2022/rollover/", {"fingerprint": fingerprint})

    assert response.status_code == 302
    assert YearPlan.objects.filter(year=2023).count() == 3
    assert PlanYear.objects.filter(year=2023, committed_at__isnull=True).exists()


def test_the_page_refuses_a_stale_confirmation(year_2022, people):
    response = client_for(people.office).post(
        "/projects/plans/2022/rollover/", {"fingerprint": "stale"}, follow=True
    )

    assert "changed since" in response.text
    assert not YearPlan.objects.filter(year=2023).exists()


@pytest.mark.parametrize("persona", ["taer_officer", "leader", "xwz_officer"])
def test_the_rollover_page_is_the_programme_offices(year_2022, people, persona):
    client = client_for(getattr(people, persona))
    assert client.get("/projects/plans/2022/rollover/").status_code == 403
    assert client.post("/projects/plans/2022/rollover/", {"fingerprint": "x"}).status_code == 403
