"""The pages and API that create and edit an action project, set its status, add indicators
and their monthly values and milestones, and record the yearly assessment."""

import datetime
from decimal import Decimal

import pytest

from taizhang.core.access import SYSTEM
from taizhang.core.models import AuditEntry
from taizhang.party.models import ActionProject, Area, Assessment, IndicatorValue, Milestone
from taizhang.party.services import projects
from tests.conftest import client_for

API = "/api/v1/party"


@pytest.fixture
def pear(party, district):
    return projects.create_project(
        by=SYSTEM,
        year=2021,
        title="梨园水乡综合体",
        area=Area.COLLECTIVE_ECONOMY,
        lead_unit=district.xiwangzhuang,
        party_org=party.xwz,
        responsible="王书记",
    )


@pytest.fixture
def income(pear):
    return projects.add_indicator(
        pear, by=SYSTEM, name="集体经济收入", unit="万元", target=Decimal(50)
    )


def test_an_officer_creates_a_project_led_by_their_village(party, people, district):
    client = client_for(people.xwz_officer)
    page = client.get("/party/projects/new/")
    offered = set(page.context["form"].fields["lead_unit"].queryset)
    assert district.xiwangzhuang in offered and district.taer not in offered
    response = client.post(
        "/party/projects/new/",
        {
            "year": 2022,
            "title": "千亩高粱基地",
            "area": Area.INDUSTRY,
            "lead_unit": district.xiwangzhuang.pk,
            "party_org": party.xwz.pk,
            "responsible": "王书记",
        },
    )
    project = ActionProject.objects.get(title="千亩高粱基地")
    assert response.status_code == 302 and response["Location"] == f"/party/projects/{project.pk}/"
    assert AuditEntry.objects.filter(object_id=str(project.pk), action="create").exists()


def test_an_officer_edits_the_project_and_a_stale_edit_is_refused(pear, party, people, district):
    client = client_for(people.xwz_officer)
    url = f"/party/projects/{pear.pk}/edit/"
    form = {
        "title": "梨园水乡田园综合体",
        "area": Area.BEAUTIFUL_VILLAGE,
        "lead_unit": district.xiwangzhuang.pk,
        "party_org": party.xwz.pk,
        "responsible": "李委员",
        "version": pear.version,
    }
    assert client.post(url, form).status_code == 302
    pear.refresh_from_db()
    assert (pear.title, pear.responsible, pear.version) == ("梨园水乡田园综合体", "李委员", 2)
    stale = client.post(url, {**form, "responsible": "别人", "version": 1})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    pear.refresh_from_db()
    assert pear.responsible == "李委员"


def test_finishing_with_milestones_open_is_refused_naming_the_status(pear, people):
    projects.add_milestone(pear, by=SYSTEM, title="完成规划", due_on=datetime.date(2022, 5, 1))
    response = client_for(people.xwz_officer).post(
        f"/party/projects/{pear.pk}/status/", {"status": "finished", "finished_on": "2022-06-01"}
    )
    assert response.status_code == 200 and "status" in response.context["form"].errors
    pear.refresh_from_db()
    assert pear.status == "in_progress"


def test_an_indicator_is_added_and_its_month_recorded(pear, people):
    client = client_for(people.xwz_officer)
    client.post(
        f"/party/projects/{pear.pk}/indicators/new/",
        {"name": "游客人数", "unit": "万人次", "target": "10"},
    )
    indicator = pear.indicators.get(name="游客人数")
    response = client.post(
        f"/party/indicators/{indicator.pk}/values/new/", {"month": "2022-05", "actual": "3.5"}
    )
    assert response.status_code == 302
    assert indicator.values.get().month == datetime.date(2022, 5, 1)


def test_a_value_for_a_month_before_the_project_started_is_refused(income, people):
    response = client_for(people.xwz_officer).post(
        f"/party/indicators/{income.pk}/values/new/", {"month": "2020-12", "actual": "1"}
    )
    assert response.status_code == 200
    assert "2021" in str(response.context["form"].errors["month"])
    assert not IndicatorValue.objects.exists()


def test_a_value_after_the_project_finished_is_refused(pear, income, people):
    projects.set_status(pear, by=SYSTEM, status="finished", finished_on=datetime.date(2022, 2, 10))
    response = client_for(people.xwz_officer).post(
        f"/party/indicators/{income.pk}/values/new/", {"month": "2022-04", "actual": "1"}
    )
    assert response.status_code == 200 and "month" in response.context["form"].errors
    assert not IndicatorValue.objects.exists()


def test_a_milestone_due_before_the_project_starts_is_refused(pear, people):
    client = client_for(people.xwz_officer)
    url = f"/party/projects/{pear.pk}/milestones/new/"
    refused = client.post(url, {"title": "前期", "due_on": "2020-12-31"})
    assert refused.status_code == 200 and "due_on" in refused.context["form"].errors
    assert not Milestone.objects.exists()
    assert client.post(url, {"title": "完成规划", "due_on": "2022-09-30"}).status_code == 302
    assert pear.milestones.get().title == "完成规划"


def test_the_district_assesses_the_year_and_a_village_may_not(pear, people):
    url = f"/party/projects/{pear.pk}/assess/"
    officer = client_for(people.xwz_officer)
    assert officer.get(url).status_code == 403
    assert officer.post(url, {"year": 2021, "grade": "excellent"}).status_code == 403
    office = client_for(people.office)
    assert (
        office.post(url, {"year": 2021, "grade": "excellent", "comment": "成效显著"}).status_code
        == 302
    )
    again = office.post(url, {"year": 2021, "grade": "good"})
    assert again.status_code == 200
    assert Assessment.objects.get().grade == "excellent"


def test_the_project_page_links_the_edits_to_those_who_may(pear, people, income):
    own = client_for(people.xwz_officer).get(f"/party/projects/{pear.pk}/").content.decode()
    assert f"/party/projects/{pear.pk}/edit/" in own
    assert f"/party/indicators/{income.pk}/values/new/" in own
    assert "/assess/" not in own
    office = client_for(people.office).get(f"/party/projects/{pear.pk}/").content.decode()
    assert f"/party/projects/{pear.pk}/assess/" in office
    leader = client_for(people.leader).get(f"/party/projects/{pear.pk}/").content.decode()
    assert f"/party/projects/{pear.pk}/edit/" not in leader and "/values/new/" not in leader
    listing = client_for(people.leader).get("/party/projects/").content.decode()
    assert "/party/projects/new/" not in listing


def test_another_villages_officer_is_refused_every_project_page(pear, income, people):
    client = client_for(people.taer_officer)
    for url in (
        f"/party/projects/{pear.pk}/edit/",
        f"/party/projects/{pear.pk}/status/",
        f"/party/projects/{pear.pk}/indicators/new/",
        f"/party/indicators/{income.pk}/values/new/",
        f"/party/projects/{pear.pk}/milestones/new/",
        f"/party/projects/{pear.pk}/assess/",
    ):
        assert client.get(url).status_code == 404, url
        payload = {"title": "X", "status": "dropped", "month": "2022-05", "actual": "1",
                   "due_on": "2022-09-01", "name": "X", "unit": "个", "target": "1"}  # fmt: skip
        assert client.post(url, payload).status_code == 404, url
    pear.refresh_from_db()
    assert pear.status == "in_progress" and pear.indicators.count() == 1
    assert not Milestone.objects.exists() and not IndicatorValue.objects.exists()


def test_a_leader_may_not_create_a_project(people, district):
    assert client_for(people.leader).get("/party/projects/new/").status_code == 403


def test_the_api_writes_a_project_from_creation_to_assessment(party, people, district):
    client = client_for(people.xwz_officer)
    created = client.post(
        f"{API}/projects",
        {"year": 2022, "title": "高粱基地", "area": "industry",
         "lead_unit_id": district.xiwangzhuang.pk, "party_org_id": party.xwz.pk,
         "responsible": "王书记"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    edited = client.patch(
        f"{API}/projects/{pk}",
        {"title": "千亩高粱基地", "area": "industry", "lead_unit_id": district.xiwangzhuang.pk,
         "responsible": "李委员", "version": 1},
        content_type="application/json",
    )  # fmt: skip
    assert edited.status_code == 200 and edited.json()["title"] == "千亩高粱基地"
    stale = client.patch(
        f"{API}/projects/{pk}",
        {"title": "旧", "area": "industry", "lead_unit_id": district.xiwangzhuang.pk,
         "responsible": "旧", "version": 1},
        content_type="application/json",
    )  # fmt: skip
    assert stale.status_code == 409
    indicator = client.post(
        f"{API}/projects/{pk}/indicators",
        {"name": "种植面积", "unit": "亩", "target": "1000"},
        content_type="application/json",
    )
    assert indicator.status_code == 201
    value = client.post(
        f"{API}/indicators/{indicator.json()['id']}/values",
        {"month": "2022-05-20", "actual": "600"},
        content_type="application/json",
    )
    assert value.status_code == 200 and value.json()["month"] == "2022-05-01"
    early = client.post(
        f"{API}/indicators/{indicator.json()['id']}/values",
        {"month": "2021-12-01", "actual": "1"},
        content_type="application/json",
    )
    assert early.status_code == 400 and early.json()["errors"][0]["field"] == "month"
    milestone = client.post(
        f"{API}/projects/{pk}/milestones",
        {"title": "播种", "due_on": "2021-05-01"},
        content_type="application/json",
    )
    assert milestone.status_code == 400 and milestone.json()["errors"][0]["field"] == "due_on"
    status = client.post(
        f"{API}/projects/{pk}/status", {"status": "dropped"}, content_type="application/json"
    )
    assert status.status_code == 200 and status.json()["status"] == "dropped"
    refused = client.post(
        f"{API}/projects/{pk}/assessments", {"year": 2022, "grade": "pass"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403
    assessed = client_for(people.office).post(
        f"{API}/projects/{pk}/assessments", {"year": 2022, "grade": "pass"},
        content_type="application/json",
    )  # fmt: skip
    assert assessed.status_code == 201 and assessed.json()["grade"] == "pass"


def test_the_api_refuses_an_outsider_each_project_write(pear, income, people, district):
    client = client_for(people.taer_officer)
    writes = [
        ("patch", f"{API}/projects/{pear.pk}",
         {"title": "X", "area": "industry", "lead_unit_id": district.taer.pk, "responsible": "X"}),
        ("post", f"{API}/projects/{pear.pk}/status", {"status": "dropped"}),
        ("post", f"{API}/projects/{pear.pk}/indicators", {"name": "X", "unit": "个", "target": 1}),
        ("post", f"{API}/indicators/{income.pk}/values", {"month": "2022-05-01", "actual": 1}),
        ("post", f"{API}/projects/{pear.pk}/milestones", {"title": "X", "due_on": "2022-09-01"}),
        ("post", f"{API}/projects/{pear.pk}/assessments", {"year": 2022, "grade": "fail"}),
    ]  # fmt: skip
    for method, url, payload in writes:
        response = getattr(client, method)(url, payload, content_type="application/json")
        assert response.status_code == 404, url
    created = client.post(
        f"{API}/projects",
        {"year": 2022, "title": "X", "area": "industry",
         "lead_unit_id": district.xiwangzhuang.pk, "responsible": "X"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code in (403, 404)
    pear.refresh_from_db()
    assert (pear.title, pear.status, pear.indicators.count()) == (
        "梨园水乡综合体",
        "in_progress",
        1,
    )
    assert not Milestone.objects.exists() and not Assessment.objects.exists()
