"""/api/v1/welfare/: stock, the hand-out search (masked IDs), hand-outs with a signature or a
code, visits; another village gets 404 and changes nothing; errors in the one shape."""

from __future__ import annotations

import pytest

from taizhang.welfare.models import Handout, Stock, Visit
from taizhang.welfare.services import sms
from tests.conftest import client_for
from tests.welfare.factories import make_cycle, make_entitlement, stock_up
from tests.welfare.test_handouts import signature_png

API = "/api/v1/welfare"
pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(spring_goods, villagers):
    cycle = make_cycle(spring_goods)
    stock_up(cycle, villagers.wang.unit, 1)
    cycle.wang = make_entitlement(cycle, villagers.wang, villagers.wang_household)
    cycle.li = make_entitlement(cycle, villagers.li, villagers.li_household)
    return cycle


def post(client, path, **data):
    return client.post(f"{API}{path}", data, content_type="application/json")


class TestStock:
    def test_the_stock_lists_the_villages_the_caller_sees(self, cycle, people):
        rows = client_for(people.xwz_officer).get(f"{API}/cycles/{cycle.pk}/stock").json()
        assert {row["unit"]["name"] for row in rows} == {"西王庄村"}
        assert {row["item"]["name"]: row["remaining"] for row in rows}["大米"] == "10.00"

    def test_a_negative_quantity_is_refused_in_the_error_shape(self, cycle, people, district):
        rice = cycle.programme.basket.get(name="大米")
        response = post(
            client_for(people.xwz_officer),
            f"/cycles/{cycle.pk}/stock",
            unit_id=district.xiwangzhuang.pk,
            item_id=rice.pk,
            quantity="-3",
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "quantity"
        assert Stock.objects.get(unit=district.xiwangzhuang, item=rice).received == 10

    def test_goods_received_are_added(self, cycle, people, district):
        rice = cycle.programme.basket.get(name="大米")
        response = post(
            client_for(people.xwz_officer),
            f"/cycles/{cycle.pk}/stock",
            unit_id=district.xiwangzhuang.pk,
            item_id=rice.pk,
            quantity="15.5",
        )
        assert response.status_code == 200 and response.json()["received"] == "25.50"

    def test_another_village_cannot_receive_for_xiwangzhuang(self, cycle, people, district):
        rice = cycle.programme.basket.get(name="大米")
        response = post(
            client_for(people.taer_officer),
            f"/cycles/{cycle.pk}/stock",
            unit_id=district.xiwangzhuang.pk,
            item_id=rice.pk,
            quantity="15",
        )
        assert response.status_code == 404


class TestHandout:
    def test_the_search_by_last_digits_masks_the_id(self, cycle, people, villagers):
        number = villagers.wang.id_number
        rows = (
            client_for(people.xwz_officer)
            .get(f"{API}/cycles/{cycle.pk}/handout-search", {"q": number[-4:]})
            .json()
        )
        assert [row["id"] for row in rows] == [cycle.wang.pk]
        assert rows[0]["id_number"] == f"{number[:4]}**********{number[-4:]}"
        assert rows[0]["household"] == "XWZ-001" and rows[0]["collected"] is False

    def test_another_village_finds_nothing(self, cycle, people, villagers):
        rows = (
            client_for(people.taer_officer)
            .get(f"{API}/cycles/{cycle.pk}/handout-search", {"q": "王老汉"})
            .json()
        )
        assert rows == []

    def test_a_signed_hand_out_once_then_refused(self, cycle, people):
        client = client_for(people.xwz_officer)
        path = f"/entitlements/{cycle.wang.pk}/handout"
        first = post(client, path, received_by="王小", signature=signature_png())
        assert first.status_code == 201, first.json()
        assert first.json()["method"] == "signature" and first.json()["signature_id"]
        second = post(client, path, received_by="王小", signature=signature_png())
        assert second.status_code == 400 and "already handed out" in second.json()["detail"]
        assert Handout.objects.count() == 1

    def test_no_stock_refuses_the_hand_out(self, cycle, people):
        response = post(
            client_for(people.taer_officer),
            f"/entitlements/{cycle.li.pk}/handout",
            received_by="李二",
            signature=signature_png(),
        )
        assert response.status_code == 400 and "Not enough stock" in response.json()["detail"]

    def test_a_code_is_issued_and_confirms(
        self, cycle, people, villagers, settings, django_capture_on_commit_callbacks
    ):
        settings.TAIZHANG_SMS_BACKEND = "taizhang.welfare.services.sms.MemoryBackend"
        sms.outbox.clear()
        villagers.wang.phone = "13700007777"
        villagers.wang.save()
        client = client_for(people.xwz_officer)
        with django_capture_on_commit_callbacks(execute=True):
            sent = post(client, f"/entitlements/{cycle.wang.pk}/handout-code")
        assert sent.status_code == 201 and sent.json()["sent_to"] == "137****7777"
        code = next(w.strip(",.") for w in sms.outbox[-1].text.split() if w.strip(",.").isdigit())
        wrong = post(
            client, f"/entitlements/{cycle.wang.pk}/handout", received_by="王小", code="999999x"
        )
        assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "code"
        done = post(client, f"/entitlements/{cycle.wang.pk}/handout", received_by="王小", code=code)
        assert done.status_code == 201 and done.json()["method"] == "code"

    def test_another_village_gets_404_and_changes_nothing(self, cycle, people):
        client = client_for(people.taer_officer)
        response = post(
            client,
            f"/entitlements/{cycle.wang.pk}/handout",
            received_by="王小",
            signature=signature_png(),
        )
        assert response.status_code == 404
        assert post(client, f"/entitlements/{cycle.wang.pk}/handout-code").status_code == 404
        assert not Handout.objects.exists()


class TestVisits:
    def test_a_visit_is_created_listed_and_read_with_the_id_masked(self, people, villagers):
        client = client_for(people.xwz_officer)
        created = post(
            client,
            "/visits",
            person_id=villagers.zhao.pk,
            visited_on="2022-01-25",
            visitors="王书记",
            gifts="米面油",
            amount_yuan="300",
        )
        assert created.status_code == 201, created.json()
        body = created.json()
        assert villagers.zhao.id_number not in str(body) and body["household"] == "XWZ-002"
        listed = client.get(f"{API}/visits", {"year": 2022}).json()
        assert [row["id"] for row in listed["results"]] == [body["id"]]
        assert client.get(f"{API}/visits/{body['id']}").json()["gifts"] == "米面油"
        other = client_for(people.taer_officer)
        assert other.get(f"{API}/visits/{body['id']}").status_code == 404
        assert other.get(f"{API}/visits").json()["count"] == 0

    def test_another_village_cannot_visit_zhao(self, people, villagers):
        response = post(
            client_for(people.taer_officer),
            "/visits",
            person_id=villagers.zhao.pk,
            visited_on="2022-01-25",
            visitors="李书记",
        )
        assert response.status_code == 404 and not Visit.objects.exists()
