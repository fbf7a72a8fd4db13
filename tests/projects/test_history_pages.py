"""A project's history as people read it: money in 万元, dates as dates, choice labels, and
departments by name (one and many)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from taizhang.projects.models import Project
from taizhang.projects.services.projects import create_project, update_project
from tests.conftest import client_for
from tests.core.test_history import ROW

pytestmark = pytest.mark.django_db


def newest_rows(client, project) -> dict[str, tuple[str, str, str]]:
    response = client.get(f"/records/projects/project/{project.pk}/history/")
    assert response.status_code == 200
    newest = response.content.decode().split("<article>")[1]
    return {m["field"]: (m["label"], m["before"], m["after"]) for m in ROW.finditer(newest)}


def test_a_change_shows_money_dates_choices_and_departments_by_name(
    district, people, settings, taer_project
):
    settings.LANGUAGE_CODE = "zh-hans"
    update_project(
        taer_project,
        by=people.office,
        total_investment_wan=Decimal("12345.60"),
        planned_start=datetime.date(2022, 4, 1),
        category="infrastructure",
        lead_department=district.fagaiju,
        co_departments=[district.fagaiju, district.baidengshan],
    )
    rows = newest_rows(client_for(people.office), taer_project)
    assert rows["total_investment_wan"][1:] == ("100.00万元", "12,345.60万元")
    assert rows["planned_start"][1:] == ("", "2022-04-01")
    assert rows["category"][1:] == ("社会民生类", "基础设施类")
    assert rows["lead_department"][1:] == ("", "区发改局")
    assert rows["co_departments"][1] == "区发改局"
    assert set(rows["co_departments"][2].split("、")) == {"区发改局", "白登山街道"}


def test_a_new_project_shows_its_time_in_local_time_and_large_amounts_exactly_in_wan(
    district, people
):
    project = create_project(
        by=people.office,
        unit=district.taer,
        name="塔儿村大道",
        category="infrastructure",
        total_investment_wan=Decimal("250000"),
    )
    rows = newest_rows(client_for(people.office), project)
    created = timezone.localtime(project.created_at).strftime("%Y-%m-%d %H:%M")
    assert rows["created_at"][2] == created
    assert rows["total_investment_wan"][2] == "250,000.00万元"
    assert rows["is_demo"][2] == "No"


def test_a_model_may_mark_a_money_field_that_is_not_named_in_wan(
    district, people, taer_project, monkeypatch
):
    monkeypatch.setattr(Project, "money_fields", ("latitude",), raising=False)
    update_project(taer_project, by=people.office, latitude=Decimal("40.1"))
    rows = newest_rows(client_for(people.office), taer_project)
    assert rows["latitude"][2] == "40.10万元"
