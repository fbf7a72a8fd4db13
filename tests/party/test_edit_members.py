"""The pages and API that take a member onto a branch's roster (a registry person found by
search, masked), off it, and to another branch."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.access import SYSTEM
from taizhang.party.models import LeaveReason, Membership
from taizhang.party.services import orgs
from tests.conftest import client_for
from tests.factories import make_person

API = "/api/v1/party"


@pytest.fixture
def newcomer(district):
    return make_person(district.xiwangzhuang, "孙入党", born="1995-03-02")


def current(person) -> Membership | None:
    return Membership.objects.filter(person=person, left_org_on__isnull=True).first()


def test_the_search_finds_persons_of_the_branchs_unit_with_the_number_masked(
    party, people, newcomer, district
):
    make_person(district.taer, "孙塔儿")
    page = client_for(people.xwz_officer).get(
        f"/party/orgs/{party.xwz.pk}/members/new/", {"q": "孙"}
    )
    text = page.content.decode()
    assert "孙入党" in text and "孙塔儿" not in text
    assert newcomer.id_number not in text
    assert f"{newcomer.id_number[:4]}**********{newcomer.id_number[-4:]}" in text


def test_the_search_finds_a_person_by_the_end_of_the_id_number(party, people, newcomer):
    page = client_for(people.xwz_officer).get(
        f"/party/orgs/{party.xwz.pk}/members/new/", {"q": newcomer.id_number[-6:]}
    )
    assert "孙入党" in page.content.decode()


def test_an_officer_adds_the_person_found_to_the_roster(party, people, newcomer):
    response = client_for(people.xwz_officer).post(
        f"/party/orgs/{party.xwz.pk}/members/new/",
        {
            "q": "孙入党",
            "person": newcomer.pk,
            "joined_party_on": "2021-07-01",
            "joined_org_on": "2021-07-01",
            "status": "probationary",
        },
    )
    assert response.status_code == 302
    member = current(newcomer)
    assert member.org == party.xwz and member.status == "probationary"


def test_a_person_on_another_branchs_roster_is_refused_naming_it(party, people, newcomer):
    # 孙入党 of 西王庄村 is on 塔儿村's roster (they work there); the subdistrict officer
    # writes for both villages.
    orgs.add_member(
        party.taer,
        by=SYSTEM,
        person=newcomer,
        joined_party_on=datetime.date(2021, 7, 1),
        joined_org_on=datetime.date(2021, 7, 1),
    )
    response = client_for(people.subdistrict_officer).post(
        f"/party/orgs/{party.xwz.pk}/members/new/",
        {
            "q": "孙入党",
            "person": newcomer.pk,
            "joined_party_on": "2021-07-01",
            "joined_org_on": "2022-01-01",
            "status": "full",
        },
    )
    assert response.status_code == 200
    assert "塔儿村党支部" in str(response.context["form"].errors["person"])
    assert current(newcomer).org == party.taer
    assert Membership.objects.filter(person=newcomer).count() == 1


def test_a_person_outside_the_branchs_unit_cannot_be_chosen(party, people, district):
    outsider = make_person(district.taer, "孙塔儿")
    response = client_for(people.subdistrict_officer).post(
        f"/party/orgs/{party.xwz.pk}/members/new/",
        {
            "q": "孙",
            "person": outsider.pk,
            "joined_party_on": "2010-07-01",
            "joined_org_on": "2022-01-01",
            "status": "full",
        },
    )
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert current(outsider) is None


def test_an_officer_takes_a_member_off_the_roster_with_the_day_and_reason(party, people):
    member = current(party.xwz_people[3])
    url = f"/party/members/{member.pk}/remove/"
    client = client_for(people.xwz_officer)
    missing = client.post(url, {"left_on": "2022-06-01", "reason": LeaveReason.TRANSFER_OUT})
    assert missing.status_code == 200 and "transferred_to" in missing.context["form"].errors
    response = client.post(
        url,
        {"left_on": "2022-06-01", "reason": LeaveReason.TRANSFER_OUT, "transferred_to": "太原"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.left_org_on, member.transferred_to) == (datetime.date(2022, 6, 1), "太原")


def test_the_subdistrict_officer_transfers_a_member_between_its_branches(party, people):
    member = current(party.taer_people[1])
    client = client_for(people.subdistrict_officer)
    url = f"/party/members/{member.pk}/transfer/"
    offered = set(client.get(url).context["form"].fields["to"].queryset)
    assert offered == {party.xwz}
    response = client.post(url, {"to": party.xwz.pk, "on": "2022-03-01"})
    assert response.status_code == 302
    assert current(party.taer_people[1]).org == party.xwz
    assert Membership.objects.filter(person=party.taer_people[1]).count() == 2


def test_a_village_officer_is_offered_no_branch_outside_their_village(party, people):
    member = current(party.xwz_people[3])
    client = client_for(people.xwz_officer)
    form = client.get(f"/party/members/{member.pk}/transfer/").context["form"]
    assert not form.fields["to"].queryset.exists()
    response = client.post(
        f"/party/members/{member.pk}/transfer/", {"to": party.taer.pk, "on": "2022-03-01"}
    )
    assert response.status_code == 200 and current(party.xwz_people[3]).org == party.xwz


@pytest.mark.parametrize("suffix", ["remove/", "transfer/"])
def test_another_villages_officer_is_refused_the_member_pages(party, people, suffix):
    member = current(party.xwz_people[3])
    client = client_for(people.taer_officer)
    url = f"/party/members/{member.pk}/{suffix}"
    assert client.get(url).status_code == 404
    payload = {"left_on": "2022-06-01", "reason": "other", "to": party.taer.pk, "on": "2022-06-01"}
    assert client.post(url, payload).status_code == 404
    assert current(party.xwz_people[3]).pk == member.pk


def test_another_villages_officer_may_not_open_the_add_page(party, people):
    client = client_for(people.taer_officer)
    assert client.get(f"/party/orgs/{party.xwz.pk}/members/new/?q=王").status_code == 404


def test_the_api_finds_adds_removes_and_transfers(party, people, newcomer, district):
    client = client_for(people.subdistrict_officer)
    found = client.get(f"{API}/orgs/{party.xwz.pk}/people", {"q": "孙"}).json()
    assert [p["name"] for p in found] == ["孙入党"]
    assert newcomer.id_number not in str(found) and found[0]["id_number"].endswith(
        newcomer.id_number[-4:]
    )
    added = client.post(
        f"{API}/orgs/{party.xwz.pk}/members",
        {"person_id": newcomer.pk, "joined_party_on": "2021-07-01", "joined_org_on": "2021-07-01"},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    twice = client.post(
        f"{API}/orgs/{party.taer.pk}/members",
        {"person_id": party.xwz_people[2].pk, "joined_party_on": "2000-07-01",
         "joined_org_on": "2022-01-01"},
        content_type="application/json",
    )  # fmt: skip
    assert twice.status_code == 404  # not a person of 塔儿村's unit
    moved = client.post(
        f"{API}/members/{added.json()['id']}/transfer",
        {"to_org_id": party.taer.pk, "on": "2022-05-01"},
        content_type="application/json",
    )
    assert moved.status_code == 201, moved.content
    assert current(newcomer).org == party.taer
    again = client.post(
        f"{API}/orgs/{party.xwz.pk}/members",
        {"person_id": newcomer.pk, "joined_party_on": "2021-07-01", "joined_org_on": "2022-06-01"},
        content_type="application/json",
    )
    assert again.status_code == 400 and "塔儿村党支部" in again.json()["detail"]
    removed = client.post(
        f"{API}/members/{moved.json()['id']}/remove",
        {"left_on": "2022-06-01", "reason": "other"},
        content_type="application/json",
    )
    assert removed.status_code == 200 and removed.json()["left_org_on"] == "2022-06-01"


def test_the_api_refuses_an_outsider_each_roster_write(party, people, newcomer):
    client = client_for(people.taer_officer)
    member = current(party.xwz_people[3])
    assert client.get(f"{API}/orgs/{party.xwz.pk}/people?q=孙").status_code == 404
    for url, payload in [
        (f"{API}/orgs/{party.xwz.pk}/members",
         {"person_id": newcomer.pk, "joined_party_on": "2021-07-01",
          "joined_org_on": "2021-07-01"}),
        (f"{API}/members/{member.pk}/remove", {"left_on": "2022-05-01", "reason": "other"}),
        (f"{API}/members/{member.pk}/transfer", {"to_org_id": party.taer.pk, "on": "2022-05-01"}),
    ]:  # fmt: skip
        assert client.post(url, payload, content_type="application/json").status_code == 404
    assert current(party.xwz_people[3]).pk == member.pk and current(newcomer) is None


def test_the_search_costs_the_same_queries_for_more_persons(
    party, people, district, django_assert_max_num_queries
):
    client = client_for(people.xwz_officer)
    make_person(district.xiwangzhuang, "孙甲")
    url = f"{API}/orgs/{party.xwz.pk}/people?q=孙"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(5):
        make_person(district.xiwangzhuang, f"孙{number}")
    with django_assert_max_num_queries(len(one)):
        found = client.get(url).json()
    assert len(found) == 6
    with django_assert_max_num_queries(12):
        page = client.get(f"/party/orgs/{party.xwz.pk}/members/new/?q=孙")
    assert page.status_code == 200


def test_a_transfer_to_the_members_own_branch_is_refused(party):
    member = current(party.xwz_people[3])
    with pytest.raises(ValidationError) as error:
        orgs.transfer_member(member, by=SYSTEM, to=party.xwz, on=datetime.date(2022, 6, 1))
    assert "to" in error.value.message_dict
    assert current(party.xwz_people[3]).pk == member.pk
