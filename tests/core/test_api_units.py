"""The org-unit endpoints: scoping, writes through the services, masking, errors, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.models import Unit, UnitKind
from tests.conftest import client_for
from tests.factories import make_unit

API = "/api/v1"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [unit["name"] for unit in response.json()["results"]]


def patch(client, unit: Unit, **changes):
    return client.patch(f"{API}/units/{unit.pk}", changes, content_type="application/json")


@pytest.mark.django_db
class TestList:
    def test_the_village_officer_lists_only_their_village(self, district, people):
        assert names(client_for(people.xwz_officer).get(f"{API}/units")) == ["西王庄村"]

    def test_the_subdistrict_officer_lists_its_subtree(self, district, people):
        response = client_for(people.subdistrict_officer).get(f"{API}/units")
        assert names(response) == ["小南头街道", "西王庄村", "塔儿村"]

    def test_the_admin_lists_every_unit_with_its_parent(self, district, people):
        body = client_for(people.admin).get(f"{API}/units").json()
        assert body["count"] == Unit.objects.count()
        by_name = {unit["name"]: unit for unit in body["results"]}
        assert by_name["塔儿村"]["parent_id"] == district.xiaonantou.pk
        assert by_name["平城区"]["parent_id"] is None

    def test_the_auditor_gets_an_empty_list(self, district, people):
        assert names(client_for(people.auditor).get(f"{API}/units")) == []

    def test_it_pages_in_the_database(self, district, people):
        client = client_for(people.admin)
        first = client.get(f"{API}/units?page_size=3").json()
        third = client.get(f"{API}/units?page_size=3&page=3").json()
        assert (first["count"], first["page"], first["page_size"]) == (8, 1, 3)
        assert len(first["results"]) == 3
        assert len(third["results"]) == 2

    def test_it_refuses_pages_over_200_rows(self, district, people):
        response = client_for(people.admin).get(f"{API}/units?page_size=201")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "page_size"

    def test_it_filters_like_the_page(self, district, people):
        client = client_for(people.admin)
        assert names(client.get(f"{API}/units?kind=subdistrict")) == ["小南头街道", "白登山街道"]
        assert names(client.get(f"{API}/units?q=塔儿")) == ["塔儿村"]
        within = client.get(f"{API}/units?within={district.baidengshan.pk}")
        assert names(within) == ["白登山街道", "古城村"]
        assert names(client.get(f"{API}/units?kind=village&ordering=-name"))[0] == "西王庄村"

    def test_within_cannot_reach_outside_the_scope(self, district, people):
        response = client_for(people.xwz_officer).get(
            f"{API}/units?within={district.xiaonantou.pk}"
        )
        assert names(response) == ["西王庄村"]

    def test_a_bad_filter_gets_422(self, district, people):
        client = client_for(people.admin)
        assert client.get(f"{API}/units?kind=planet").status_code == 422
        response = client.get(f"{API}/units?ordering=colour")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "ordering"

    def test_its_query_count_does_not_grow_with_the_rows(self, district, people):
        client = client_for(people.subdistrict_officer)
        client.get(f"{API}/units")  # warm the session and content types

        def count_queries(total: int) -> int:
            existing = Unit.objects.filter(path__startswith=district.xiaonantou.path).count()
            for i in range(existing, total):
                make_unit(f"村{i}", UnitKind.VILLAGE, Unit.objects.get(pk=district.xiaonantou.pk))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{API}/units?page_size=200")
            assert response.json()["count"] == total
            return len(queries)

        assert count_queries(5) == count_queries(50)


@pytest.mark.django_db
class TestDetail:
    @pytest.mark.parametrize("suffix", ["", "/children", "/history"])
    def test_another_village_is_404_for_the_village_officer(self, district, people, suffix):
        response = client_for(people.xwz_officer).get(f"{API}/units/{district.taer.pk}{suffix}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "errors": []}

    def test_the_officer_reads_their_own_village(self, district, people):
        response = client_for(people.xwz_officer).get(f"{API}/units/{district.xiwangzhuang.pk}")
        assert response.status_code == 200
        assert response.json()["parent_id"] == district.xiaonantou.pk
        assert response.json()["can_write"] is True

    def test_children_are_listed_in_tree_order(self, district, people):
        response = client_for(people.leader).get(f"{API}/units/{district.pingcheng.pk}/children")
        assert names(response) == ["小南头街道", "白登山街道", "区发改局"]

    def test_children_are_scoped_too(self, district, people):
        response = client_for(people.xwz_officer).get(
            f"{API}/units/{district.xiwangzhuang.pk}/children"
        )
        assert names(response) == []

    def test_the_children_query_count_does_not_grow_with_the_rows(self, district, people):
        client = client_for(people.admin)
        url = f"{API}/units/{district.xiaonantou.pk}/children?page_size=200"
        client.get(url)

        def count_queries(total: int) -> int:
            for i in range(Unit.objects.get(pk=district.xiaonantou.pk).numchild, total):
                make_unit(f"村{i}", UnitKind.VILLAGE, Unit.objects.get(pk=district.xiaonantou.pk))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).json()["count"] == total
            return len(queries)

        assert count_queries(5) == count_queries(50)

    def test_an_unknown_unit_is_404(self, district, people):
        assert client_for(people.admin).get(f"{API}/units/999999").status_code == 404


@pytest.mark.django_db
class TestMasking:
    def test_the_leader_sees_a_masked_phone(self, district, people):
        response = client_for(people.leader).get(f"{API}/units/{district.taer.pk}")
        assert response.json()["contact_phone"] == "139****5678"

    @pytest.mark.parametrize("persona", ["admin", "taer_officer", "subdistrict_officer"])
    def test_those_who_may_write_the_unit_read_it_masked_too(self, district, people, persona):
        response = client_for(getattr(people, persona)).get(f"{API}/units/{district.taer.pk}")
        assert response.json()["contact_phone"] == "139****5678"

    def test_sending_back_the_masked_phone_keeps_the_stored_one(self, district, people):
        response = client_for(people.taer_officer).patch(
            f"{API}/units/{district.taer.pk}",
            {"contact_phone": "139****5678", "remarks": "新备注"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        district.taer.refresh_from_db()
        assert (district.taer.contact_phone, district.taer.remarks) == ("13912345678", "新备注")

    def test_lists_mask_too(self, district, people):
        results = client_for(people.leader).get(f"{API}/units?q=塔儿").json()["results"]
        assert results[0]["contact_phone"] == "139****5678"


@pytest.mark.django_db
class TestCreate:
    def test_the_admin_creates_a_unit_under_a_parent(self, district, people):
        response = client_for(people.admin).post(
            f"{API}/units",
            {
                "parent_id": district.xiaonantou.pk,
                "name": "新村",
                "code": "140213001299",
                "kind": "village",
                "contact_phone": "13800001111",
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["parent_id"] == district.xiaonantou.pk
        assert body["contact_phone"] == "138****1111"
        unit = Unit.objects.get(code="140213001299")
        assert unit.contact_phone == "13800001111"
        assert Unit.objects.get_parent(unit) == district.xiaonantou

        history = client_for(people.admin).get(f"{API}/units/{unit.pk}/history").json()
        assert history["count"] == 1
        entry = history["results"][0]
        assert entry["action"] == "create"
        assert entry["before"] is None
        assert entry["after"]["name"] == "新村"
        assert entry["actor_name"] == "admin"

    @pytest.mark.parametrize("persona", ["office", "leader", "xwz_officer"])
    def test_only_the_admin_creates_units(self, district, people, persona):
        response = client_for(getattr(people, persona)).post(
            f"{API}/units",
            {"parent_id": district.xiwangzhuang.pk, "name": "X", "code": "X1", "kind": "village"},
            content_type="application/json",
        )
        assert response.status_code == 403
        assert not Unit.objects.filter(code="X1").exists()

    def test_a_parent_the_caller_cannot_see_is_refused(self, district, people):
        response = client_for(people.admin).post(
            f"{API}/units",
            {"parent_id": 999999, "name": "X", "code": "X1", "kind": "village"},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "parent_id"


@pytest.mark.django_db
class TestUpdate:
    def test_the_admin_changes_a_unit_and_the_history_shows_it(self, district, people):
        client = client_for(people.admin)
        response = patch(client, district.taer, name="塔儿村（新）", reason="更名")
        assert response.status_code == 200, response.content
        assert response.json()["name"] == "塔儿村（新）"

        entry = client.get(f"{API}/units/{district.taer.pk}/history").json()["results"][0]
        assert entry["action"] == "update"
        assert entry["reason"] == "更名"
        assert entry["before"]["name"] == "塔儿村"
        assert entry["after"]["name"] == "塔儿村（新）"
        assert entry["changes"] == [
            {"field": "name", "label": "Name", "before": "塔儿村", "after": "塔儿村（新）"}
        ]

    def test_the_admin_moves_a_unit(self, district, people):
        response = patch(client_for(people.admin), district.taer, parent_id=district.baidengshan.pk)
        assert response.status_code == 200
        assert response.json()["parent_id"] == district.baidengshan.pk

    def test_the_village_officer_cannot_patch_another_village(self, district, people):
        response = patch(client_for(people.xwz_officer), district.taer, address="别处")
        assert response.status_code == 404
        district.taer.refresh_from_db()
        assert district.taer.address == "塔儿村村委会"

    def test_the_officer_changes_the_contact_fields_of_their_village(self, district, people):
        response = patch(
            client_for(people.xwz_officer), district.xiwangzhuang, contact_person="王主任"
        )
        assert response.status_code == 200
        district.xiwangzhuang.refresh_from_db()
        assert district.xiwangzhuang.contact_person == "王主任"

    def test_the_officer_cannot_rename_their_village(self, district, people):
        response = patch(client_for(people.xwz_officer), district.xiwangzhuang, name="东王庄村")
        assert response.status_code == 400
        assert "name" in response.json()["detail"]
        district.xiwangzhuang.refresh_from_db()
        assert district.xiwangzhuang.name == "西王庄村"

    def test_the_leader_reads_but_cannot_patch(self, district, people):
        client = client_for(people.leader)
        assert client.get(f"{API}/units/{district.taer.pk}").status_code == 200
        response = patch(client, district.taer, remarks="领导批示")
        assert response.status_code == 403
        district.taer.refresh_from_db()
        assert district.taer.remarks == ""

    def test_a_field_sent_as_null_is_refused(self, district, people):
        response = patch(client_for(people.admin), district.taer, name=None)
        assert response.status_code == 422


@pytest.mark.django_db
class TestErrorShape:
    def test_a_request_that_does_not_match_the_schema_is_422_with_field_paths(
        self, district, people
    ):
        response = client_for(people.admin).post(
            f"{API}/units", {"name": "X", "kind": "planet"}, content_type="application/json"
        )
        assert response.status_code == 422
        body = response.json()
        assert body["detail"]
        assert {error["field"] for error in body["errors"]} == {"code", "kind"}
        assert all(error["message"] for error in body["errors"])

    def test_a_service_refusal_is_400_with_field_errors(self, district, people):
        response = client_for(people.admin).post(
            f"{API}/units",
            {"name": "重复", "code": district.taer.code, "kind": "village"},
            content_type="application/json",
        )
        assert response.status_code == 400
        body = response.json()
        assert [error["field"] for error in body["errors"]] == ["code"]
        assert body["detail"] == body["errors"][0]["message"]

    def test_a_refusal_without_a_field_is_400_with_a_null_field(self, district, people):
        response = patch(client_for(people.xwz_officer), district.xiwangzhuang, kind="community")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] is None

    def test_forbidden_is_403_in_the_same_shape(self, district, people):
        response = patch(client_for(people.leader), district.taer, remarks="x")
        assert response.status_code == 403
        assert set(response.json()) == {"detail", "errors"}

    def test_not_found_is_404_in_the_same_shape(self, district, people):
        response = client_for(people.admin).get(f"{API}/units/424242")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "errors": []}

    def test_a_body_that_is_not_json_is_400_in_the_same_shape(self, district, people):
        response = client_for(people.admin).post(
            f"{API}/units", "{not json", content_type="application/json"
        )
        assert response.status_code == 400
        assert set(response.json()) == {"detail", "errors"}
