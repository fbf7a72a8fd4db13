"""/api/v1/welfare/programmes and /enrolments: scoped lists with the pages' filters, masked ID
numbers, defining and changing programmes, the candidate list, enrolling (all or nothing)
and stopping, with refusals in the platform's one error shape."""

import datetime

import pytest

from taizhang.core.access import SYSTEM
from taizhang.core.roles import Role
from taizhang.lib.masking import mask_id_number
from taizhang.welfare.models import Enrolment, EnrolmentStatus, Programme
from taizhang.welfare.services import enrolments
from tests.conftest import client_for
from tests.factories import make_person, make_user
from tests.welfare.conftest import CYCLE_DAY

pytestmark = pytest.mark.django_db
API = "/api/v1/welfare"
DAY = CYCLE_DAY.isoformat()


def post(client, path, **data):
    return client.post(f"{API}{path}", data, content_type="application/json")


def patch(client, path, **data):
    return client.patch(f"{API}{path}", data, content_type="application/json")


def test_a_village_officer_lists_their_programmes_only(district, people, allowance):
    Programme.objects.create(name="塔儿村补贴", owner=district.taer, kind="visit", starts_on=DAY)
    body = client_for(people.xwz_officer).get(f"{API}/programmes").json()
    assert [row["name"] for row in body["results"]] == ["60岁以上老人生活补贴"]
    assert body["results"][0]["tiers"][0] == {"min_age": 60, "max_age": 70, "amount_yuan": "100.00"}


def test_the_programme_list_takes_a_fixed_number_of_queries(
    district, people, django_assert_max_num_queries
):
    for index in range(20):
        Programme.objects.create(
            name=f"项目{index}", owner=district.xiwangzhuang, kind="visit", starts_on=DAY
        )
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(14):
        assert client.get(f"{API}/programmes").status_code == 200


def test_another_villages_programme_is_not_found(district, people, allowance):
    client = client_for(people.taer_officer)
    assert client.get(f"{API}/programmes/{allowance.pk}").status_code == 404
    assert patch(client, f"/programmes/{allowance.pk}", name="x").status_code == 404
    assert client.get(f"{API}/programmes/{allowance.pk}/candidates").status_code == 404


def test_an_officer_defines_a_programme_with_tiers_basket_and_exclusions(district, people):
    dibao = Programme.objects.create(
        name="低保", owner=district.xiwangzhuang, kind="cash_monthly", starts_on=DAY
    )
    response = post(
        client_for(people.xwz_officer),
        "/programmes",
        name="春节慰问",
        owner_id=district.xiwangzhuang.pk,
        kind="in_kind",
        starts_on=DAY,
        basket=[{"name": "面粉", "quantity": "5", "unit_of_measure": "kg"}],
        tiers=[{"min_age": 60, "max_age": None, "amount_yuan": "50"}],
        exclude_ids=[dibao.pk],
        residence_unit_ids=[district.xiwangzhuang.pk],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["basket"] == [{"name": "面粉", "quantity": "5.00", "unit_of_measure": "kg"}]
    assert body["excludes"] == [{"id": dibao.pk, "name": "低保"}]
    assert list(dibao.excludes.values_list("name", flat=True)) == ["春节慰问"]


def test_a_refused_programme_says_why_in_the_one_error_shape(district, people):
    response = post(
        client_for(people.subdistrict_officer),
        "/programmes",
        name="慰问",
        owner_id=district.xiaonantou.pk,
        kind="in_kind",
        starts_on=DAY,
        basket=[{"name": "面粉", "quantity": "0", "unit_of_measure": "kg"}],
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and body["errors"][0]["field"] == "basket"
    assert not Programme.objects.exists()


def test_a_programme_for_a_unit_the_caller_does_not_see_is_refused(district, people):
    response = post(
        client_for(people.xwz_officer),
        "/programmes",
        name="慰问",
        owner_id=district.taer.pk,
        kind="visit",
        starts_on=DAY,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "owner_id"


def test_a_patch_changes_the_fields_sent_and_a_stale_version_is_409(district, people, allowance):
    client = client_for(people.xwz_officer)
    response = patch(client, f"/programmes/{allowance.pk}", name="老人补贴", version=1)
    assert response.status_code == 200 and response.json()["version"] == 2
    assert patch(client, f"/programmes/{allowance.pk}", name="又改", version=1).status_code == 409
    allowance.refresh_from_db()
    assert allowance.name == "老人补贴" and allowance.tiers.count() == 3


def test_the_candidate_list_masks_id_numbers(district, people, villagers, allowance):
    body = (
        client_for(people.xwz_officer)
        .get(f"{API}/programmes/{allowance.pk}/candidates", {"on": DAY})
        .json()
    )
    assert body["joining_count"] == 2
    wang = next(row for row in body["joining"] if row["name"] == "王老汉")
    assert wang["id_number"] == mask_id_number(villagers.wang.id_number)


def test_enrolling_is_all_or_nothing_and_names_the_refused_person(
    district, people, villagers, allowance
):
    client = client_for(people.xwz_officer)
    response = post(
        client,
        "/enrolments",
        programme_id=allowance.pk,
        person_ids=[villagers.wang.pk, villagers.sun.pk],
        started_on=DAY,
    )
    assert response.status_code == 400 and "孙大" in response.json()["detail"]
    assert not Enrolment.objects.exists()
    response = post(
        client,
        "/enrolments",
        programme_id=allowance.pk,
        person_ids=[villagers.wang.pk, villagers.zhao.pk],
        started_on=DAY,
    )
    assert response.status_code == 201
    assert {row["person"]["name"] for row in response.json()} == {"王老汉", "赵奶奶"}


def test_a_person_the_caller_may_not_see_is_no_such_person(district, people, villagers, allowance):
    response = post(
        client_for(people.xwz_officer),
        "/enrolments",
        programme_id=allowance.pk,
        person_ids=[villagers.li.pk],
        started_on=DAY,
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "person_ids"


def test_enrolments_list_with_the_pages_filters_and_masked_numbers(
    district, people, villagers, allowance, django_assert_max_num_queries
):
    for index in range(10):
        person = make_person(district.xiwangzhuang, f"老人{index}", born="1940-01-01")
        enrolments.enrol(allowance, person, by=SYSTEM, started_on=CYCLE_DAY)
    enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(10):
        body = client.get(f"{API}/enrolments", {"q": villagers.wang.id_number[-4:]}).json()
    assert [row["person"]["name"] for row in body["results"]] == ["王老汉"]
    assert body["results"][0]["person"]["id_number"] == mask_id_number(villagers.wang.id_number)
    outsider = client_for(make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju))
    assert outsider.get(f"{API}/enrolments").json()["count"] == 0
    assert outsider.get(f"{API}/programmes").json()["count"] == 0


def test_stopping_needs_a_reason_and_the_right_to_write(district, people, villagers, allowance):
    enrolment = enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    path = f"/enrolments/{enrolment.pk}/stop"
    assert post(client_for(people.taer_officer), path, ended_on=DAY, reason="x").status_code == 404
    client = client_for(people.xwz_officer)
    assert post(client, path, ended_on=DAY, reason=" ").status_code == 422
    response = post(client, path, ended_on="2022-03-31", reason="迁出")
    assert response.status_code == 200 and response.json()["status"] == EnrolmentStatus.STOPPED
    enrolment.refresh_from_db()
    assert enrolment.ended_on == datetime.date(2022, 3, 31)


def test_a_programme_by_application_is_not_enrolled_in_bulk(district, people, villagers, allowance):
    Programme.objects.filter(pk=allowance.pk).update(needs_application=True)
    response = post(
        client_for(people.xwz_officer),
        "/enrolments",
        programme_id=allowance.pk,
        person_ids=[villagers.wang.pk],
        started_on=DAY,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "programme_id"
    assert not Enrolment.objects.exists()
