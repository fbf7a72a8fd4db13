"""The project endpoints: scoping, writes through the services, the pipeline, errors, queries."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.models import AuditEntry
from taizhang.core.roles import Role
from taizhang.projects.models import Nature, Project, Review, Stage, YearPlan
from taizhang.projects.services.projects import request_stage
from tests.conftest import client_for
from tests.factories import make_user
from tests.projects.factories import make_project, make_quantity

API = "/api/v1"
pytestmark = pytest.mark.django_db


def post(client, url, data=None):
    return client.post(f"{API}{url}", data or {}, content_type="application/json")


def patch(client, url, data):
    return client.patch(f"{API}{url}", data, content_type="application/json")


def new_project(**extra):
    return {
        "name": "塔儿村花池",
        "category": "livelihood",
        "total_investment_wan": "35.50",
        "quantities": [
            {"item": "新建花池", "value": "40", "qualifier": "多", "unit_of_measure": "个"}
        ],
        **extra,
    }


def test_an_officer_lists_their_projects_and_those_they_join(district, people, taer_project):
    make_project(district.guchengcun, name="古城村道路")
    fgj = make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju)
    taer = client_for(people.taer_officer).get(f"{API}/projects").json()
    assert [row["name"] for row in taer["results"]] == ["塔儿村巷道硬化"]
    joined = client_for(fgj).get(f"{API}/projects").json()
    assert [row["name"] for row in joined["results"]] == ["塔儿村巷道硬化"]
    assert joined["results"][0]["can_write"] is False
    xwz = client_for(people.xwz_officer).get(f"{API}/projects").json()
    assert xwz["count"] == 0


def test_the_list_filters_like_the_page(district, people, taer_project):
    make_project(district.guchengcun, name="古城村道路", stage=Stage.ANNUAL)
    client = client_for(people.office)
    body = client.get(f"{API}/projects?stage=annual").json()
    assert [row["name"] for row in body["results"]] == ["古城村道路"]
    body = client.get(f"{API}/projects?department={district.fagaiju.pk}").json()
    assert [row["name"] for row in body["results"]] == ["塔儿村巷道硬化"]


def test_the_list_runs_a_constant_number_of_queries(district, people):
    client = client_for(people.office)

    def count(rows):
        Project.objects.all().delete()
        for _ in range(rows):
            project = make_project(district.taer, co_departments=[district.fagaiju])
            make_quantity(project)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}/projects?page_size=100")
        assert response.json()["count"] == rows
        return len(queries)

    assert count(5) == count(50)


def test_an_officer_files_a_project_for_their_village(district, people):
    response = post(client_for(people.taer_officer), "/projects", new_project())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"]["name"] == "塔儿村"
    assert body["subdistrict"]["name"] == "小南头街道"
    assert body["stage"] == "reserve"
    assert body["total_investment_wan"] == "35.50"
    assert body["quantities"][0]["item"] == "新建花池"


def test_a_bad_code_is_refused_in_the_error_shape(district, people):
    response = post(
        client_for(people.taer_officer), "/projects", new_project(code="2022-140213-7-03-006548")
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "code"
    assert "industry" in response.json()["detail"]
    assert not Project.objects.exists()


def test_an_officer_cannot_file_for_another_village_or_name_unseen_units(district, people):
    client = client_for(people.xwz_officer)
    response = post(client, "/projects", new_project(unit_id=district.taer.pk))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "unit_id"
    response = post(client, "/projects", new_project(co_department_ids=[district.fagaiju.pk]))
    assert response.status_code == 400
    assert not Project.objects.exists()


def test_a_patch_is_audited_and_refused_while_locked(district, people, taer_project):
    client = client_for(people.taer_officer)
    response = patch(
        client, f"/projects/{taer_project.pk}", {"leader": "张副区长", "reason": "包联调整"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["leader"] == "张副区长"
    assert AuditEntry.objects.filter(object_id=str(taer_project.pk), reason="包联调整").exists()

    response = post(client, f"/projects/{taer_project.pk}/request-stage", {"to_stage": "annual"})
    assert response.json()["review"] == "submitted"
    response = patch(client, f"/projects/{taer_project.pk}", {"leader": "李"})
    assert response.status_code == 400
    assert "locked" in response.json()["detail"]


def test_approve_and_return_show_in_the_timeline(district, people, taer_project):
    officer, office = client_for(people.taer_officer), client_for(people.office)
    url = f"/projects/{taer_project.pk}"
    post(officer, f"{url}/request-stage", {"to_stage": "annual", "note": "申报"})
    response = post(office, f"{url}/return", {"reason": "缺少用地手续"})
    assert response.json()["review"] == "returned"
    assert response.json()["review_note"] == "缺少用地手续"
    post(officer, f"{url}/request-stage", {"to_stage": "annual", "note": "补齐材料"})
    with mock.patch("taizhang.lib.clock.today", return_value=datetime.date(2022, 5, 1)):
        response = post(office, f"{url}/approve", {"note": "同意"})
    assert response.json()["stage"] == "annual"
    timeline = officer.get(f"{API}{url}/timeline").json()
    assert [(e["action"], e["note"]) for e in timeline] == [
        ("submit", "申报"),
        ("return", "缺少用地手续"),
        ("submit", "补齐材料"),
        ("approve", "同意"),
    ]
    assert YearPlan.objects.get(project=taer_project).nature == Nature.NEW


def test_returning_without_a_reason_is_refused(district, people, taer_project):
    request_stage(taer_project, by=people.taer_officer, to_stage=Stage.ANNUAL)
    response = post(client_for(people.office), f"/projects/{taer_project.pk}/return", {})
    assert response.status_code == 422
    response = post(
        client_for(people.office), f"/projects/{taer_project.pk}/return", {"reason": " "}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reason"


def test_the_office_moves_a_project_directly(district, people, taer_project):
    with mock.patch("taizhang.lib.clock.today", return_value=datetime.date(2022, 5, 1)):
        response = post(
            client_for(people.office), f"/projects/{taer_project.pk}/move", {"to_stage": "annual"}
        )
    assert response.status_code == 200
    assert YearPlan.objects.get(project=taer_project, year=2022).nature == Nature.NEW
    response = post(
        client_for(people.office), f"/projects/{taer_project.pk}/move", {"to_stage": "reserve"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "to_stage"


def test_an_officer_cannot_approve_or_move(district, people, taer_project):
    request_stage(taer_project, by=people.taer_officer, to_stage=Stage.ANNUAL)
    client = client_for(people.taer_officer)
    assert post(client, f"/projects/{taer_project.pk}/approve").status_code == 403
    assert post(client, f"/projects/{taer_project.pk}/return", {"reason": "x"}).status_code == 403
    response = post(client, f"/projects/{taer_project.pk}/move", {"to_stage": "dropped"})
    assert response.status_code == 403
    taer_project.refresh_from_db()
    assert taer_project.review == Review.SUBMITTED


def test_a_leader_reads_and_is_refused_every_write(district, people, taer_project):
    client = client_for(people.leader)
    url = f"/projects/{taer_project.pk}"
    assert client.get(f"{API}{url}").status_code == 200
    assert client.get(f"{API}{url}/timeline").status_code == 200
    assert post(client, "/projects", new_project(unit_id=district.taer.pk)).status_code == 403
    assert patch(client, url, {"name": "x"}).status_code == 403
    assert post(client, f"{url}/request-stage", {"to_stage": "annual"}).status_code == 403
    assert post(client, f"{url}/approve").status_code == 403
    assert post(client, f"{url}/return", {"reason": "x"}).status_code == 403
    assert post(client, f"{url}/move", {"to_stage": "annual"}).status_code == 403


def test_another_village_gets_404_on_every_project_endpoint(district, people, taer_project):
    client = client_for(people.xwz_officer)
    url = f"/projects/{taer_project.pk}"
    assert client.get(f"{API}{url}").status_code == 404
    assert client.get(f"{API}{url}/timeline").status_code == 404
    assert patch(client, url, {"name": "x"}).status_code == 404
    assert post(client, f"{url}/request-stage", {"to_stage": "annual"}).status_code == 404
    assert post(client, f"{url}/approve").status_code == 404
    assert post(client, f"{url}/return", {"reason": "x"}).status_code == 404
    assert post(client, f"{url}/move", {"to_stage": "annual"}).status_code == 404


def test_a_co_department_officer_reads_but_cannot_change(district, people, taer_project):
    client = client_for(make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju))
    url = f"/projects/{taer_project.pk}"
    body = client.get(f"{API}{url}").json()
    assert body["co_departments"] == [{"id": district.fagaiju.pk, "name": "区发改局"}]
    assert patch(client, url, {"name": "x"}).status_code == 403
    assert post(client, f"{url}/request-stage", {"to_stage": "annual"}).status_code == 403


def test_the_list_takes_several_stages(district, people, taer_project):
    make_project(district.guchengcun, name="古城村道路", stage=Stage.ANNUAL)
    make_project(district.guchengcun, name="古城村学校", stage=Stage.KEY)
    body = client_for(people.office).get(f"{API}/projects?stage=annual&stage=key").json()
    assert sorted(row["name"] for row in body["results"]) == ["古城村学校", "古城村道路"]
    response = client_for(people.office).get(f"{API}/projects?stage=nonsense")
    assert response.status_code == 422


def test_an_officer_may_resend_the_units_a_project_already_names(district, people, taer_project):
    client = client_for(people.taer_officer)
    url = f"/projects/{taer_project.pk}"
    response = patch(client, url, {"co_department_ids": [district.fagaiju.pk], "leader": "王"})
    assert response.status_code == 200, response.content
    response = patch(client, url, {"lead_department_id": district.eco_bureau.pk})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "lead_department_id"
