"""/api/v1/welfare/cycles and /entitlements: create and generate, the review steps with the
maker refused and the re-check naming who fails, scoped lists with the page's filters, masked
ID numbers, forbidden access and query counts."""

import datetime
from decimal import Decimal

import pytest

from taizhang.people.models import PersonStatus
from taizhang.welfare.models import Enrolment
from tests.conftest import client_for
from tests.factories import make_person

pytestmark = pytest.mark.django_db
API = "/api/v1/welfare"


def post(client, path, **data):
    return client.post(f"{API}{path}", data, content_type="application/json")


def test_an_officer_creates_a_cycle_and_sees_refusals(people, villagers, allowance):
    for person in (villagers.wang, villagers.zhao):
        Enrolment.objects.create(
            programme=allowance, person=person, started_on=datetime.date(2021, 1, 1)
        )
    villagers.zhao.status = PersonStatus.DECEASED
    villagers.zhao.save()
    response = post(
        client_for(people.xwz_officer), "/cycles", programme_id=allowance.pk, period="2022-01-09"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["period"] == "2022-01-01" and body["status"] == "draft"
    assert body["totals"]["count"] == 1 and Decimal(body["totals"]["amount"]) == 150
    assert [row["name"] for row in body["refused"]] == ["赵奶奶"]


def test_an_outsider_cannot_create_or_see_a_cycle(people, draft_cycle, allowance):
    taer = client_for(people.taer_officer)
    response = post(taer, "/cycles", programme_id=allowance.pk, period="2022-02-01")
    assert response.status_code == 400
    assert taer.get(f"{API}/cycles/{draft_cycle.pk}").status_code == 404
    assert taer.get(f"{API}/cycles").json()["count"] == 0
    assert post(taer, f"/cycles/{draft_cycle.pk}/submit").status_code == 404
    assert client_for(people.leader).get(f"{API}/cycles").json()["count"] == 1


def test_the_review_steps_with_the_maker_refused(people, villagers, draft_cycle):
    maker, checker = client_for(people.xwz_officer), client_for(people.subdistrict_officer)
    assert post(maker, f"/cycles/{draft_cycle.pk}/submit").json()["status"] == "submitted"
    refused = post(maker, f"/cycles/{draft_cycle.pk}/approve")
    assert refused.status_code == 403 and "another person" in refused.json()["detail"]
    villagers.zhao.status = PersonStatus.MOVED_OUT
    villagers.zhao.save()
    failing = post(checker, f"/cycles/{draft_cycle.pk}/approve")
    assert failing.status_code == 400 and "赵奶奶" in failing.json()["detail"]
    returned = post(checker, f"/cycles/{draft_cycle.pk}/return", reason="赵奶奶已迁出")
    assert returned.json()["status"] == "returned"
    assert post(maker, f"/cycles/{draft_cycle.pk}/generate").json()["totals"]["count"] == 1
    post(maker, f"/cycles/{draft_cycle.pk}/submit")
    approved = post(checker, f"/cycles/{draft_cycle.pk}/approve", note="核对无误").json()
    assert (approved["status"], approved["approved_by"]) == ("approved", "xnt")


def test_the_entitlement_list_is_masked_filtered_and_scoped(people, villagers, approved_cycle):
    client = client_for(people.xwz_officer)
    body = client.get(f"{API}/entitlements", {"cycle": approved_cycle.pk}).json()
    assert body["count"] == 2
    numbers = {row["id_number"] for row in body["results"]}
    assert villagers.wang.id_number not in numbers and all("*" in n for n in numbers)
    only = client.get(f"{API}/entitlements", {"q": villagers.wang.id_number[-4:]}).json()
    assert [row["name"] for row in only["results"]] == ["王老汉"]
    assert client.get(f"{API}/entitlements", {"payment_status": "paid"}).json()["count"] == 0
    assert client.get(f"{API}/entitlements", {"collected": "no"}).json()["count"] == 2
    assert client.get(f"{API}/entitlements", {"payment_status": "nonsense"}).status_code == 422
    assert client_for(people.taer_officer).get(f"{API}/entitlements").json()["count"] == 0


def test_the_entitlement_list_costs_the_same_queries_for_more_rows(
    people, villagers, allowance, approved_cycle, django_assert_max_num_queries
):
    from taizhang.welfare.services import cycles

    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(20) as few:
        client.get(f"{API}/entitlements")
    for number in range(10):
        person = make_person(villagers.wang.unit, f"老人{number}", born="1950-01-01")
        Enrolment.objects.create(
            programme=allowance, person=person, started_on=datetime.date(2021, 1, 1)
        )
    cycles.create_cycle(allowance, by=people.xwz_officer, period=datetime.date(2022, 2, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"{API}/entitlements").json()["count"] == 14
