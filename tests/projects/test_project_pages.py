"""Project pages: list, review queue, detail with timeline, new and edit, pipeline actions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.roles import Role
from taizhang.projects.models import Project, Review, Stage, YearPlan
from taizhang.projects.services.projects import request_stage
from tests.conftest import client_for
from tests.factories import make_user
from tests.projects.factories import make_project, make_quantity

pytestmark = pytest.mark.django_db


def form_data(unit, **extra):
    data = {
        "name": "塔儿村亮化工程",
        "unit": unit.pk,
        "category": "livelihood",
        "total_investment_wan": "88.50",
        "code": "",
        "quantities-TOTAL_FORMS": "2",
        "quantities-INITIAL_FORMS": "0",
        "quantities-0-item": "新建花池",
        "quantities-0-value": "40",
        "quantities-0-qualifier": "多",
        "quantities-0-unit_of_measure": "个",
    }
    return {**data, **extra}


def test_the_list_shows_the_users_projects_and_the_export_link(district, people, taer_project):
    make_project(district.guchengcun, name="古城村道路")
    response = client_for(people.taer_officer).get("/projects/?q=巷道")
    text = response.content.decode()
    assert response.status_code == 200
    assert "塔儿村巷道硬化" in text
    assert "古城村道路" not in text
    assert "/ledgers/projects/export.xlsx?q=" in text


def test_the_list_runs_a_constant_number_of_queries(district, people):
    client = client_for(people.office)

    def count(rows):
        Project.objects.all().delete()
        for _ in range(rows):
            make_project(district.taer, subdistrict=district.xiaonantou)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/projects/").status_code == 200
        return len(queries)

    assert count(5) == count(50)


def test_an_officer_files_a_project_with_quantities(district, people):
    response = client_for(people.taer_officer).post("/projects/new/", form_data(district.taer))
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/"
    assert (project.stage, project.subdistrict) == (Stage.RESERVE, district.xiaonantou)
    assert [str(q) for q in project.quantities.all()] == ["新建花池40.00多个"]


def test_a_bad_project_code_is_shown_on_the_form(district, people):
    response = client_for(people.taer_officer).post(
        "/projects/new/", form_data(district.taer, code="2022-140213-70-03-12345")
    )
    assert response.status_code == 200
    assert "The serial part of a project code is 6 digits" in response.content.decode()
    assert not Project.objects.exists()


def test_an_officer_cannot_file_for_another_village(district, people):
    response = client_for(people.xwz_officer).post("/projects/new/", form_data(district.taer))
    assert response.status_code == 200  # 塔儿村 is not a choice for them
    assert not Project.objects.exists()


def test_the_edit_form_changes_fields_and_quantities(district, people, taer_project):
    quantity = make_quantity(taer_project)
    data = form_data(
        district.taer,
        name="塔儿村巷道硬化（二期）",
        **{
            "quantities-INITIAL_FORMS": "1",
            "quantities-0-id": str(quantity.pk),
            "quantities-0-item": "硬化巷道",
            "quantities-0-value": "1500",
            "quantities-0-unit_of_measure": "平方米",
        },
    )
    data["co_departments"] = [district.fagaiju.pk]
    response = client_for(people.office).post(f"/projects/{taer_project.pk}/edit/", data)
    assert response.status_code == 302
    taer_project.refresh_from_db()
    assert taer_project.name == "塔儿村巷道硬化（二期）"
    assert taer_project.quantities.get().value == Decimal("1500")


def test_the_detail_page_shows_the_project_and_its_timeline(district, people, taer_project):
    make_quantity(taer_project)
    request_stage(taer_project, by=people.taer_officer, to_stage=Stage.ANNUAL, note="申报")
    client_for(people.office).post(f"/projects/{taer_project.pk}/return/", {"reason": "材料不全"})
    text = client_for(people.taer_officer).get(f"/projects/{taer_project.pk}/").content.decode()
    assert "塔儿村巷道硬化" in text
    assert "区发改局" in text
    assert "硬化巷道 1000多 平方米" in text
    assert "材料不全" in text
    assert f"/projects/reports/?project={taer_project.pk}" in text
    assert f"/projects/{taer_project.pk}/edit/" in text
    assert "Submit for review" in text


def test_a_submitted_project_cannot_be_edited(district, people, taer_project):
    request_stage(taer_project, by=people.taer_officer, to_stage=Stage.ANNUAL)
    client = client_for(people.taer_officer)
    detail = client.get(f"/projects/{taer_project.pk}/").content.decode()
    assert f"/projects/{taer_project.pk}/edit/" not in detail
    response = client.post(f"/projects/{taer_project.pk}/edit/", form_data(district.taer))
    assert response.status_code == 302
    taer_project.refresh_from_db()
    assert taer_project.name == "塔儿村巷道硬化"


def test_the_office_approves_from_the_review_queue(district, people, taer_project):
    request_stage(taer_project, by=people.taer_officer, to_stage=Stage.ANNUAL, note="请审核")
    client = client_for(people.office)
    queue = client.get("/projects/review/").content.decode()
    assert "塔儿村巷道硬化" in queue
    assert "请审核" in queue
    with mock.patch("taizhang.lib.clock.today", return_value=datetime.date(2022, 3, 1)):
        response = client.post(f"/projects/{taer_project.pk}/approve/", {"note": "同意"})
    assert response.status_code == 302
    taer_project.refresh_from_db()
    assert (taer_project.stage, taer_project.review) == (Stage.ANNUAL, Review.NONE)
    assert YearPlan.objects.filter(project=taer_project, year=2022).exists()
    assert "塔儿村巷道硬化" not in client.get("/projects/review/").content.decode()


def test_returning_without_a_reason_changes_nothing(district, people, taer_project):
    request_stage(taer_project, by=people.taer_officer, to_stage=Stage.ANNUAL)
    client_for(people.office).post(f"/projects/{taer_project.pk}/return/", {"reason": ""})
    taer_project.refresh_from_db()
    assert taer_project.review == Review.SUBMITTED


def test_an_officer_cannot_approve_nor_open_the_review_queue(district, people, taer_project):
    request_stage(taer_project, by=people.taer_officer, to_stage=Stage.ANNUAL)
    client = client_for(people.taer_officer)
    assert client.post(f"/projects/{taer_project.pk}/approve/", {}).status_code == 403
    assert client.post(f"/projects/{taer_project.pk}/move/", {}).status_code == 403
    assert client.get("/projects/review/").status_code == 403


def test_a_leader_reads_but_every_write_is_forbidden(district, people, taer_project):
    client = client_for(people.leader)
    assert client.get(f"/projects/{taer_project.pk}/").status_code == 200
    assert client.get("/projects/new/").status_code == 403
    for action in ("edit", "request-stage", "approve", "return", "move"):
        response = client.post(f"/projects/{taer_project.pk}/{action}/", {"reason": "x"})
        assert response.status_code == 403, action


def test_another_village_gets_404_on_every_project_page(district, people, taer_project):
    client = client_for(people.xwz_officer)
    assert client.get(f"/projects/{taer_project.pk}/").status_code == 404
    assert client.get(f"/projects/{taer_project.pk}/edit/").status_code == 404
    for action in ("request-stage", "approve", "return", "move"):
        assert client.post(f"/projects/{taer_project.pk}/{action}/").status_code == 404
    assert "塔儿村巷道硬化" not in client.get("/projects/").content.decode()


def test_a_co_department_officer_reads_but_cannot_edit(district, people, taer_project):
    client = client_for(make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju))
    detail = client.get(f"/projects/{taer_project.pk}/")
    assert detail.status_code == 200
    assert f"/projects/{taer_project.pk}/edit/" not in detail.content.decode()
    assert "塔儿村巷道硬化" in client.get("/projects/").content.decode()
    assert client.get(f"/projects/{taer_project.pk}/edit/").status_code == 403
    response = client.post(f"/projects/{taer_project.pk}/request-stage/", {"to_stage": "annual"})
    assert response.status_code == 403


def test_the_navigation_offers_projects(people):
    text = client_for(people.taer_officer).get("/").content.decode()
    assert 'href="/projects/"' in text


def test_a_village_officer_editing_keeps_the_units_they_cannot_see(district, people):
    project = make_project(
        district.taer,
        subdistrict=district.xiaonantou,
        lead_department=district.fagaiju,
        co_departments=[district.fagaiju],
    )
    client = client_for(people.taer_officer)
    form = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "区发改局" in form
    data = form_data(
        district.taer,
        name="改名",
        subdistrict=district.xiaonantou.pk,
        lead_department=district.fagaiju.pk,
        co_departments=[district.fagaiju.pk],
    )
    assert client.post(f"/projects/{project.pk}/edit/", data).status_code == 302
    project.refresh_from_db()
    assert (project.name, project.subdistrict, project.lead_department) == (
        "改名",
        district.xiaonantou,
        district.fagaiju,
    )
    assert list(project.co_departments.all()) == [district.fagaiju]


def test_the_detail_page_lists_the_projects_coordination_items_and_offers_a_new_one(
    district, people, taer_project
):
    from taizhang.supervision.services import create_item

    create_item(
        by=people.office,
        flow="coordination",
        title="征地协调",
        supervisor_unit=district.fagaiju,
        units=[district.taer],
        deadline=datetime.date(2031, 1, 1),
        subject=taer_project,
    )
    content = client_for(people.office).get(f"/projects/{taer_project.pk}/").content.decode()
    assert "征地协调" in content
    assert f"subject=projects.project.{taer_project.pk}" in content
