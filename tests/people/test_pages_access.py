"""Every route of the registry refused to those who may not use it: an auditor reads nothing
of it, an officer of another village neither reads nor writes 塔儿村's records, a leader
writes nothing. Each write leaves the records as they were."""

import datetime

import pytest
from django.urls import reverse

from taizhang.core import audit
from taizhang.core.access import SYSTEM
from taizhang.people.models import Group, HouseholdMember
from taizhang.people.services import groups
from tests.conftest import client_for
from tests.factories import make_household, make_organisation, make_person


@pytest.fixture
def taer(district):
    person = make_person(district.taer, "塔儿村人")
    household = make_household(district.taer, "TE-1", person)
    group = Group.objects.filter(is_active=True).first()
    membership = groups.add_to_group(person, group, by=SYSTEM, started_on=datetime.date(2020, 1, 1))
    return {
        "person": person.pk,
        "household": household.pk,
        "member": HouseholdMember.objects.get(person=person).pk,
        "membership": membership.pk,
        "organisation": make_organisation(district.taer, "塔儿村商店").pk,
        "group": group.pk,
    }


# (URL name, the record its pk comes from, methods)
RECORD_ROUTES = [
    ("people-person", "person", ("get",)),
    ("people-person-edit", "person", ("get", "post")),
    ("people-person-status", "person", ("post",)),
    ("people-person-group-add", "person", ("post",)),
    ("people-membership-end", "membership", ("post",)),
    ("people-household", "household", ("get",)),
    ("people-household-edit", "household", ("get", "post")),
    ("people-household-member-add", "household", ("post",)),
    ("people-household-member-new", "household", ("get", "post")),
    ("people-member-relation", "member", ("post",)),
    ("people-member-remove", "member", ("post",)),
    ("people-organisation", "organisation", ("get",)),
    ("people-organisation-edit", "organisation", ("get", "post")),
]
LIST_ROUTES = [
    "people-person-list",
    "people-household-list",
    "people-group-list",
    "people-organisation-list",
    "people-person-create",
    "people-household-create",
    "people-organisation-create",
    "people-group-create",
    "people-merge",
]
POSTED = {
    "name": "改",
    "number": "X",
    "status": "moved_out",
    "on": "2025-01-01",
    "relation": "other",
    "reason": "x",
    "ended_on": "2025-01-01",
    "started_on": "2025-01-01",
    "kind": "shop",
}


def _state(taer):
    from taizhang.people.models import GroupMembership, Household, Organisation, Person

    models = {
        "person": Person,
        "household": Household,
        "member": HouseholdMember,
        "membership": GroupMembership,
        "organisation": Organisation,
    }
    return [audit.snapshot(model.objects.get(pk=taer[key])) for key, model in models.items()]


@pytest.mark.parametrize(("name", "record", "methods"), RECORD_ROUTES)
def test_an_officer_of_another_village_gets_not_found(
    district, people, taer, name, record, methods
):
    before = _state(taer)
    client = client_for(people.xwz_officer)
    url = reverse(name, args=[taer[record]])
    for method in methods:
        response = getattr(client, method)(url, POSTED) if method == "post" else client.get(url)
        assert response.status_code == 404, (method, url)
    assert _state(taer) == before


@pytest.mark.parametrize(("name", "record", "methods"), RECORD_ROUTES)
def test_an_auditor_gets_nothing(district, people, taer, name, record, methods):
    before = _state(taer)
    client = client_for(people.auditor)
    url = reverse(name, args=[taer[record]])
    for method in methods:
        response = getattr(client, method)(url, POSTED) if method == "post" else client.get(url)
        assert response.status_code in (403, 404), (method, url)
    assert _state(taer) == before


@pytest.mark.parametrize("name", LIST_ROUTES)
def test_an_auditor_opens_no_list_or_form(people, name):
    assert client_for(people.auditor).get(reverse(name)).status_code == 403


@pytest.mark.parametrize(("name", "record", "methods"), RECORD_ROUTES)
def test_a_leader_reads_but_writes_nothing(district, people, taer, name, record, methods):
    before = _state(taer)
    client = client_for(people.leader)
    url = reverse(name, args=[taer[record]])
    for method in methods:
        if method == "post":
            assert client.post(url, POSTED).status_code == 403, url
    if methods == ("get",):
        assert client.get(url).status_code == 200
    assert _state(taer) == before


def test_the_group_pages_are_refused_to_an_auditor(people, taer):
    client = client_for(people.auditor)
    assert client.get(reverse("people-group", args=[taer["group"]])).status_code == 403
    assert client.get(reverse("people-group-edit", args=[taer["group"]])).status_code == 403
