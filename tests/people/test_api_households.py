"""/api/v1/people/households: scoped list with member counts, detail with members, opening a
household with its head and adding members."""

import pytest

from taizhang.people.models import Household, HouseholdMember
from tests.conftest import client_for
from tests.factories import make_household, make_person
from tests.people.conftest import API

pytestmark = pytest.mark.django_db


def post(client, path, **data):
    return client.post(f"{API}{path}", data, content_type="application/json")


def test_the_list_shows_the_callers_households_with_member_counts(people, residents):
    body = client_for(people.xwz_officer).get(f"{API}/households").json()
    assert [(row["number"], row["member_count"]) for row in body["results"]] == [("XWZ-001", 2)]
    assert client_for(people.taer_officer).get(f"{API}/households").json()["count"] == 0


def test_the_list_filters_by_a_members_name(people, residents):
    body = client_for(people.leader).get(f"{API}/households", {"q": "王小"}).json()
    assert [row["number"] for row in body["results"]] == ["XWZ-001"]


def test_the_list_costs_the_same_queries_for_1_or_10_households(
    district, people, residents, django_assert_max_num_queries
):
    client = client_for(people.leader)
    client.get(f"{API}/households")
    with django_assert_max_num_queries(8) as few:
        client.get(f"{API}/households")
    for index in range(9):
        make_household(
            district.xiwangzhuang,
            f"XWZ-1{index}",
            make_person(district.xiwangzhuang, f"户主{index}", born=f"{1950 + index}-02-02"),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"{API}/households").json()["count"] == 10


def test_the_detail_lists_members_with_their_relation(people, residents):
    body = client_for(people.xwz_officer).get(f"{API}/households/{residents.household.pk}").json()
    assert [(m["relation"], m["person"]["name"]) for m in body["members"]] == [
        ("head", "王大"),
        ("child", "王小"),
    ]


def test_another_villages_officer_gets_404_for_the_detail(people, residents):
    response = client_for(people.taer_officer).get(f"{API}/households/{residents.household.pk}")
    assert response.status_code == 404


def test_an_officer_opens_a_household_with_its_head(district, people):
    head = make_person(district.xiwangzhuang, "张三")
    response = post(
        client_for(people.xwz_officer),
        "/households",
        number="XWZ-002",
        unit_id=district.xiwangzhuang.pk,
        head_id=head.pk,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["members"][0]["relation"] == "head"


def test_a_household_number_used_in_the_village_is_refused_naming_the_field(people, residents):
    response = post(
        client_for(people.xwz_officer),
        "/households",
        number="XWZ-001",
        unit_id=residents.household.unit_id,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] in {"number", None}
    assert Household.objects.count() == 1


def test_a_leader_cannot_open_a_household(district, people):
    response = post(
        client_for(people.leader), "/households", number="X", unit_id=district.xiwangzhuang.pk
    )
    assert response.status_code == 403
    assert not Household.objects.exists()


def test_another_villages_officer_cannot_open_one_here(district, people):
    response = post(
        client_for(people.taer_officer), "/households", number="X", unit_id=district.xiwangzhuang.pk
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "unit_id"


def test_an_officer_adds_a_spouse(district, people, residents):
    spouse = make_person(district.xiwangzhuang, "刘氏", sex="female", born="1952-04-04")
    response = post(
        client_for(people.xwz_officer),
        f"/households/{residents.household.pk}/members",
        person_id=spouse.pk,
        relation="spouse",
    )
    assert response.status_code == 201
    assert response.json()["person"]["name"] == "刘氏"


def test_a_second_head_is_refused(district, people, residents):
    other = make_person(district.xiwangzhuang, "王二", born="1955-04-04")
    response = post(
        client_for(people.xwz_officer),
        f"/households/{residents.household.pk}/members",
        person_id=other.pk,
        relation="head",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "relation"


def test_a_person_of_another_village_is_refused(people, residents):
    response = post(
        client_for(people.xwz_officer),
        f"/households/{residents.household.pk}/members",
        person_id=residents.li.pk,
        relation="other",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "person_id"
    assert not HouseholdMember.objects.filter(person=residents.li).exists()


def test_another_villages_officer_gets_404_adding_a_member(people, residents):
    response = post(
        client_for(people.taer_officer),
        f"/households/{residents.household.pk}/members",
        person_id=residents.li.pk,
        relation="other",
    )
    assert response.status_code == 404


def test_a_leader_cannot_add_a_member(district, people, residents):
    spouse = make_person(district.xiwangzhuang, "刘氏", sex="female", born="1952-04-04")
    response = post(
        client_for(people.leader),
        f"/households/{residents.household.pk}/members",
        person_id=spouse.pk,
        relation="spouse",
    )
    assert response.status_code == 403
