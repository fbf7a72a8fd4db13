"""The applications API (/api/v1/welfare/applications…): the whole flow through its
endpoints, errors in one shape, another village and a department outside the line refused,
masked ID numbers, the reviews due and the recording of a review."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from taizhang.core.roles import Role
from taizhang.welfare.models import Application, ApplicationStatus, EnrolmentStatus
from taizhang.welfare.services.enrolments import enrol
from tests.conftest import client_for
from tests.factories import make_user
from tests.welfare import applying
from tests.welfare.applying import DAY, in_notice, investigated, received

clock, dibao, staff = applying.clock, applying.dibao, applying.staff  # fixtures
pytestmark = pytest.mark.django_db
API = "/api/v1/welfare"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_whole_flow_through_the_api(people, villagers, dibao, staff, minzhengju, clock):
    village = client_for(people.xwz_officer)
    response = post(
        village,
        f"{API}/applications",
        {"programme_id": dibao.pk, "applicant_id_number": villagers.wang.id_number,
         "monthly_income_yuan": "1000", "reason": "老伴去世，无收入"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert body["number"] == "SQ20220001" and body["deadline"] == "2022-04-13"
    assert body["applicant"]["id_number"] != villagers.wang.id_number
    assert "*" in body["applicant"]["id_number"]
    response = post(
        village,
        f"{API}/applications/{pk}/investigations",
        {"investigated_on": "2022-03-01", "first_investigator_id": staff.first.pk,
         "second_investigator_id": staff.second.pk, "findings": "属实",
         "verified_income_yuan": "900"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    short = post(
        village,
        f"{API}/applications/{pk}/preliminary",
        {"passed": True, "note": "符合", "notice_days": 6},
    )
    assert short.status_code == 400
    assert "at least 7 days" in short.json()["detail"] + str(short.json()["errors"])
    response = post(
        village, f"{API}/applications/{pk}/preliminary", {"passed": True, "note": "符合"}
    )
    assert response.json()["notice"]["ends_on"] == "2022-03-07"
    response = post(village, f"{API}/applications/{pk}/objections", {"content": "有车"})
    assert response.status_code == 201
    objection = response.json()["id"]
    early = post(village, f"{API}/applications/{pk}/submit", {})
    assert early.status_code == 400
    response = post(
        village, f"{API}/objections/{objection}/check", {"handling": "车已报废", "sustained": False}
    )
    assert response.json()["sustained"] is False
    clock(datetime.date(2022, 3, 8))
    village = client_for(people.xwz_officer)  # a new session: the idle one has timed out
    assert post(village, f"{API}/applications/{pk}/submit", {}).json()["status"] == "submitted"
    decider = client_for(minzhengju.officer)
    assert (
        post(village, f"{API}/applications/{pk}/approve", {"enrol_from": "2022-04-01"}).status_code
        == 403
    )
    response = post(
        decider, f"{API}/applications/{pk}/approve",
        {"enrol_from": "2022-04-01", "amount_yuan": "250", "note": "同意"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    detail = decider.get(f"{API}/applications/{pk}").json()
    assert detail["status"] == "approved" and detail["amount_yuan"] == "250.00"
    assert [s["step"] for s in detail["steps"]][-1] == "approved"


def test_an_unknown_id_number_is_refused_on_its_field(people, villagers, dibao, clock):
    response = post(
        client_for(people.xwz_officer),
        f"{API}/applications",
        {"programme_id": dibao.pk, "applicant_id_number": "110101199003077777"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "applicant_id_number"
    assert not Application.objects.exists()


def test_another_village_and_a_department_outside_the_line_see_nothing(
    district, people, villagers, dibao, clock
):
    application = received(people, dibao, villagers.wang)
    fagaiju = make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju)
    for outsider in (people.taer_officer, fagaiju):
        client = client_for(outsider)
        assert client.get(f"{API}/applications").json()["count"] == 0
        assert client.get(f"{API}/applications/{application.pk}").status_code == 404
        response = post(client, f"{API}/applications/{application.pk}/withdraw", {"reason": "x"})
        assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED


def test_the_deciding_unit_reads_the_applications_of_its_programmes(
    people, villagers, dibao, minzhengju, clock
):
    received(people, dibao, villagers.wang)
    assert client_for(minzhengju.officer).get(f"{API}/applications").json()["count"] == 1


def test_the_list_filters_like_the_page_in_a_constant_number_of_queries(
    people, villagers, dibao, clock, django_assert_max_num_queries
):
    received(people, dibao, villagers.wang, is_staff_relative=True, staff_relative_note="亲属")
    received(people, dibao, villagers.sun)
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(12):
        body = client.get(f"{API}/applications?flagged=true").json()
    assert [a["applicant"]["name"] for a in body["results"]] == ["王老汉"]
    clock(datetime.date(2022, 5, 1))
    client = client_for(people.xwz_officer)
    assert client.get(f"{API}/applications?overdue=true").json()["count"] == 2


def test_reviews_due_and_recording_one(people, villagers, dibao, clock):
    enrolment = enrol(
        dibao, villagers.wang, by=people.xwz_officer, started_on=datetime.date(2021, 3, 1),
        amount_yuan=Decimal("300"),
    )  # fmt: skip
    client = client_for(people.xwz_officer)
    body = client.get(f"{API}/reviews/due").json()
    assert [e["id"] for e in body["results"]] == [enrolment.pk]
    assert client_for(people.taer_officer).get(f"{API}/reviews/due").json()["count"] == 0
    refused = post(
        client_for(people.taer_officer),
        f"{API}/enrolments/{enrolment.pk}/reviews",
        {"outcome": "stop", "reason": "x"},
    )
    assert refused.status_code == 404
    response = post(
        client, f"{API}/enrolments/{enrolment.pk}/reviews", {"outcome": "continue", "reason": ""}
    )
    assert response.status_code == 422
    response = post(
        client, f"{API}/enrolments/{enrolment.pk}/reviews", {"outcome": "stop", "reason": "迁出"}
    )
    assert response.status_code == 201
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.STOPPED


def test_a_flagged_application_needs_the_subdistrict_for_its_preliminary_review(
    people, villagers, dibao, staff, clock
):
    application = investigated(
        received(people, dibao, villagers.wang, is_staff_relative=True, staff_relative_note="亲属"),
        staff,
    )
    url = f"{API}/applications/{application.pk}/preliminary"
    assert (
        post(client_for(people.xwz_officer), url, {"passed": True, "note": "x"}).status_code == 403
    )
    response = post(client_for(people.subdistrict_officer), url, {"passed": True, "note": "x"})
    assert response.status_code == 200
    assert response.json()["status"] == "in_notice"


def test_anonymous_callers_are_refused(people, villagers, dibao, clock):
    from django.test import Client

    assert Client().get(f"{API}/applications").status_code == 401
    application = in_notice(received(people, dibao, villagers.wang), people.xwz_officer)
    assert post(Client(), f"{API}/applications/{application.pk}/submit", {}).status_code == 401
    assert DAY
