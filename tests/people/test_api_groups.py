"""/api/v1/people/groups and memberships: member counts in the caller's scope, a person's
memberships, adding and ending one."""

import datetime

import pytest

from taizhang.people.models import Group, GroupMembership
from tests.conftest import client_for
from tests.people.conftest import API

pytestmark = pytest.mark.django_db


def post(client, path, **data):
    return client.post(f"{API}{path}", data, content_type="application/json")


@pytest.fixture
def dibao(residents):
    group = Group.objects.get(code="dibao")
    for person in (residents.wang, residents.li):
        GroupMembership.objects.create(
            person=person, group=group, started_on=datetime.date(2020, 1, 1)
        )
    return group


def counts(client):
    return {row["code"]: row["members"] for row in client.get(f"{API}/groups").json()}


def test_groups_count_the_members_the_caller_may_see(people, dibao):
    assert counts(client_for(people.leader))["dibao"] == 2
    assert counts(client_for(people.xwz_officer))["dibao"] == 1
    assert counts(client_for(people.xwz_officer))["tekun"] == 0


def test_the_group_list_costs_a_fixed_number_of_queries(
    people, dibao, django_assert_max_num_queries
):
    client = client_for(people.leader)
    client.get(f"{API}/groups")
    with django_assert_max_num_queries(6):
        client.get(f"{API}/groups")


def test_an_officer_adds_a_membership_and_ends_it(people, residents, dibao):
    client = client_for(people.xwz_officer)
    tekun = Group.objects.get(code="tekun")
    response = post(
        client,
        f"/persons/{residents.wang.pk}/memberships",
        group_id=tekun.pk,
        started_on="2023-05-01",
        evidence="平民发〔2023〕5号",
    )
    assert response.status_code == 201, response.json()
    membership = response.json()
    assert membership["group"] == "特困供养" and membership["is_current"]
    response = post(client, f"/memberships/{membership['id']}/end", ended_on="2024-01-31")
    assert response.status_code == 200
    assert response.json()["ended_on"] == "2024-01-31" and not response.json()["is_current"]
    listed = client.get(f"{API}/persons/{residents.wang.pk}/memberships").json()
    assert [row["group"] for row in listed] == ["低保户", "特困供养"]


def test_an_overlapping_membership_is_refused_naming_the_field(people, residents, dibao):
    response = post(
        client_for(people.xwz_officer),
        f"/persons/{residents.wang.pk}/memberships",
        group_id=dibao.pk,
        started_on="2023-05-01",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "started_on"


def test_an_unknown_group_is_refused_naming_the_field(people, residents):
    response = post(
        client_for(people.xwz_officer),
        f"/persons/{residents.wang.pk}/memberships",
        group_id=999999,
        started_on="2023-05-01",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "group_id"


def test_another_villages_officer_gets_404_everywhere(people, residents, dibao):
    client = client_for(people.taer_officer)
    membership = GroupMembership.objects.get(person=residents.wang)
    assert client.get(f"{API}/persons/{residents.wang.pk}/memberships").status_code == 404
    response = post(
        client,
        f"/persons/{residents.wang.pk}/memberships",
        group_id=dibao.pk,
        started_on="2019-01-01",
    )
    assert response.status_code == 404
    response = post(client, f"/memberships/{membership.pk}/end", ended_on="2024-01-31")
    assert response.status_code == 404


def test_a_leader_cannot_add_or_end_memberships(people, residents, dibao):
    client = client_for(people.leader)
    membership = GroupMembership.objects.get(person=residents.wang)
    tekun = Group.objects.get(code="tekun")
    response = post(
        client,
        f"/persons/{residents.wang.pk}/memberships",
        group_id=tekun.pk,
        started_on="2023-05-01",
    )
    assert response.status_code == 403
    response = post(client, f"/memberships/{membership.pk}/end", ended_on="2024-01-31")
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.ended_on is None
