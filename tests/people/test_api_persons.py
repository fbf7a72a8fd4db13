"""/api/v1/people/persons: scoped lists with the page's filters, masked personal data,
registering (duplicates refused by field), changing with the version read, status changes."""

import datetime

import pytest

from taizhang.core import personal
from taizhang.core.models import AuditEntry
from taizhang.lib.idcard import make_id_number
from taizhang.lib.masking import mask_id_number, mask_phone
from taizhang.people.models import Person, PersonStatus
from tests.conftest import client_for
from tests.factories import make_person
from tests.people.conftest import API

pytestmark = pytest.mark.django_db
NEW_NUMBER = make_id_number("140213", datetime.date(1955, 8, 9), 301)


def post(client, path, **data):
    return client.post(f"{API}{path}", data, content_type="application/json")


def patch(client, path, headers=None, **data):
    return client.patch(f"{API}{path}", data, content_type="application/json", headers=headers)


class TestList:
    def test_a_village_officer_sees_only_their_villages_residents(self, people, residents):
        body = client_for(people.xwz_officer).get(f"{API}/persons").json()
        assert {row["name"] for row in body["results"]} == {"王大", "王小"}
        assert body["count"] == 2

    def test_the_filters_of_the_page_apply(self, people, residents):
        client = client_for(people.leader)
        by_last4 = client.get(f"{API}/persons", {"q": residents.li.id_number[-4:]}).json()
        assert [row["name"] for row in by_last4["results"]] == ["李二"]
        old = client.get(f"{API}/persons", {"age": "80+"}).json()
        assert {row["name"] for row in old["results"]} == {"李二"}
        in_taer = client.get(f"{API}/persons", {"unit": residents.li.unit_id}).json()
        assert [row["name"] for row in in_taer["results"]] == ["李二"]

    def test_an_unknown_filter_value_is_422_naming_it(self, people, residents):
        response = client_for(people.leader).get(f"{API}/persons", {"age": "200+"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "age"

    def test_the_list_costs_the_same_queries_for_2_or_20_people(
        self, district, people, residents, django_assert_max_num_queries
    ):
        client = client_for(people.leader)
        client.get(f"{API}/persons")  # warm the session and role caches
        with django_assert_max_num_queries(8) as few:
            client.get(f"{API}/persons")
        for index in range(18):
            make_person(district.xiwangzhuang, f"村民{index}", born=f"{1960 + index}-01-01")
        with django_assert_max_num_queries(len(few.captured_queries)):
            body = client.get(f"{API}/persons").json()
        assert body["count"] == 21

    def test_ages_and_bands_are_computed(self, people, residents):
        body = client_for(people.leader).get(f"{API}/persons", {"q": "李二"}).json()
        row = body["results"][0]
        assert row["age"] == residents.li.age_on() and row["age_band"] == "80+"


class TestMasking:
    """A reader who is not the village's writer sees every personal field masked."""

    def test_the_list_masks_id_numbers_and_phones(self, people, residents):
        body = client_for(people.leader).get(f"{API}/persons").json()
        wang = next(row for row in body["results"] if row["name"] == "王大")
        assert wang["id_number"] == mask_id_number(residents.wang.id_number)
        assert wang["phone"] == mask_phone("13912345678")
        text = str(body)
        for person in (residents.wang, residents.wang_son, residents.li):
            assert person.id_number not in text
        assert "13912345678" not in text and "13800001111" not in text

    def test_every_personal_field_is_masked_in_the_list_and_the_detail(self, district, people):
        foreigner = make_person(
            district.xiwangzhuang,
            "约翰",
            id_number="",
            document_type="passport",
            document_number="E12345678",
            phone="13511112222",
        )
        resident = make_person(district.xiwangzhuang, "赵某", phone="13622223333")
        client = client_for(people.leader)
        listed = {row["id"]: row for row in client.get(f"{API}/persons").json()["results"]}
        for person in (foreigner, resident):
            detail = client.get(f"{API}/persons/{person.pk}").json()
            for field, kind in Person.personal_fields.items():
                value = getattr(person, field)
                for shown in (listed[person.pk][field], detail[field]):
                    assert shown == personal.mask(kind, value), field
                    assert not value or value not in shown, field

    def test_household_members_are_masked_in_the_household(self, people, residents):
        body = client_for(people.leader).get(f"{API}/households/{residents.household.pk}").json()
        numbers = {member["person"]["id_number"] for member in body["members"]}
        assert numbers == {
            mask_id_number(residents.wang.id_number),
            mask_id_number(residents.wang_son.id_number),
        }


class TestDetail:
    def test_it_shows_the_household_and_memberships(self, people, residents):
        body = client_for(people.xwz_officer).get(f"{API}/persons/{residents.wang_son.pk}").json()
        assert body["household"] == {
            "id": residents.household.pk,
            "number": "XWZ-001",
            "relation": "child",
        }
        assert body["memberships"] == [] and body["version"] == 1

    def test_another_villages_officer_gets_404(self, people, residents):
        response = client_for(people.taer_officer).get(f"{API}/persons/{residents.wang.pk}")
        assert response.status_code == 404


class TestCreate:
    def test_an_officer_registers_a_resident_of_their_village(self, district, people):
        response = post(
            client_for(people.xwz_officer),
            "/persons",
            name="赵某",
            unit_id=district.xiwangzhuang.pk,
            id_number=NEW_NUMBER,
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["sex"], body["birth_date"]) == ("male", "1955-08-09")
        person = Person.objects.get(id_number=NEW_NUMBER)
        assert AuditEntry.objects.filter(object_id=str(person.pk), action="create").exists()

    def test_a_duplicate_id_number_is_refused_naming_the_field(self, district, people, monkeypatch):
        # The person's page comes with the registry's pages; the message names its address.
        monkeypatch.setattr(Person, "get_absolute_url", lambda person: f"/people/{person.pk}/")
        make_person(district.xiwangzhuang, "赵某", id_number=NEW_NUMBER)
        response = post(
            client_for(people.xwz_officer),
            "/persons",
            name="赵某某",
            unit_id=district.xiwangzhuang.pk,
            id_number=NEW_NUMBER,
        )
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert errors[0]["field"] == "id_number" and "西王庄村" in errors[0]["message"]
        assert Person.objects.filter(id_number=NEW_NUMBER).count() == 1

    def test_a_wrong_check_character_is_refused_naming_the_field(self, district, people):
        wrong = NEW_NUMBER[:-1] + ("1" if NEW_NUMBER[-1] != "1" else "2")
        response = post(
            client_for(people.xwz_officer),
            "/persons",
            name="赵某",
            unit_id=district.xiwangzhuang.pk,
            id_number=wrong,
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "id_number"

    def test_another_villages_officer_cannot_register_here(self, district, people):
        response = post(
            client_for(people.taer_officer),
            "/persons",
            name="赵某",
            unit_id=district.xiwangzhuang.pk,
            id_number=NEW_NUMBER,
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "unit_id"
        assert not Person.objects.exists()

    def test_a_leader_cannot_write(self, district, people):
        response = post(
            client_for(people.leader),
            "/persons",
            name="赵某",
            unit_id=district.xiwangzhuang.pk,
            id_number=NEW_NUMBER,
        )
        assert response.status_code == 403
        assert not Person.objects.exists()


class TestUpdate:
    def test_an_officer_changes_a_resident_with_the_version_read(self, people, residents):
        response = patch(
            client_for(people.xwz_officer),
            f"/persons/{residents.wang.pk}",
            address="一组",
            version=1,
        )
        assert response.status_code == 200
        assert response.json()["address"] == "一组" and response.json()["version"] == 2

    def test_an_older_version_is_a_409_and_nothing_changes(self, people, residents):
        client = client_for(people.xwz_officer)
        patch(client, f"/persons/{residents.wang.pk}", address="一组", version=1)
        response = patch(
            client, f"/persons/{residents.wang.pk}", address="二组", headers={"If-Match": '"1"'}
        )
        assert response.status_code == 409
        assert response.json()["errors"]
        residents.wang.refresh_from_db()
        assert residents.wang.address == "一组"

    def test_another_villages_officer_gets_404(self, people, residents):
        response = patch(
            client_for(people.taer_officer), f"/persons/{residents.wang.pk}", notes="x"
        )
        assert response.status_code == 404

    def test_a_leader_cannot_write(self, people, residents):
        response = patch(client_for(people.leader), f"/persons/{residents.wang.pk}", notes="x")
        assert response.status_code == 403

    def test_a_text_sent_as_null_is_refused(self, people, residents):
        response = patch(client_for(people.xwz_officer), f"/persons/{residents.wang.pk}", name=None)
        assert response.status_code == 422


class TestStatus:
    def test_an_officer_records_a_death(self, people, residents):
        response = post(
            client_for(people.xwz_officer),
            f"/persons/{residents.wang.pk}/status",
            status="deceased",
            on="2024-02-03",
            reason="死亡证明",
        )
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == PersonStatus.DECEASED and body["died_on"] == "2024-02-03"
        assert body["status_changes"] == [
            {"status": "deceased", "on": "2024-02-03", "reason": "死亡证明"}
        ]

    def test_another_villages_officer_gets_404(self, people, residents):
        response = post(
            client_for(people.taer_officer),
            f"/persons/{residents.wang.pk}/status",
            status="moved_out",
            on="2024-02-03",
        )
        assert response.status_code == 404

    def test_a_leader_cannot_write(self, people, residents):
        response = post(
            client_for(people.leader),
            f"/persons/{residents.wang.pk}/status",
            status="moved_out",
            on="2024-02-03",
        )
        assert response.status_code == 403
        residents.wang.refresh_from_db()
        assert residents.wang.status == PersonStatus.REGISTERED
