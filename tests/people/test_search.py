"""The registry in the global search: residents by name or by the last characters of their
ID number (never by a fragment from its middle), organisations by name or credit code, scoped
to the searcher, ID numbers always masked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core import search
from taizhang.lib.masking import mask_id_number
from taizhang.people.models import Organisation, Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def record_urls(monkeypatch):
    # The registry's pages come with the page helper's branch; hits link to them.
    monkeypatch.setattr(Person, "get_absolute_url", lambda p: f"/people/persons/{p.pk}/")
    monkeypatch.setattr(Organisation, "get_absolute_url", lambda o: f"/people/org/{o.pk}/")


def people_hits(user, query):
    results = search.search(user, query)
    assert not results.notices
    modules = {module.key: module for module in results.modules}
    if "people" not in modules:
        return {}
    return {str(group.label): group for group in modules["people"].groups}


def test_a_resident_is_found_by_the_last_4_characters_and_shown_masked(people, residents):
    number = residents.wang.id_number
    [group] = people_hits(people.xwz_officer, number[-4:]).values()
    [hit] = group.hits
    assert hit.title == "王大" and hit.url == f"/people/persons/{residents.wang.pk}/"
    assert mask_id_number(number) in hit.detail and number not in hit.detail


def test_a_longer_ending_and_the_whole_number_find_the_resident(people, residents):
    number = residents.wang.id_number
    for query in (number[-8:], number):
        [group] = people_hits(people.xwz_officer, query).values()
        assert [hit.title for hit in group.hits] == ["王大"]


def test_a_fragment_from_the_middle_of_the_number_finds_nobody(people, residents):
    number = residents.wang.id_number
    assert people_hits(people.leader, number[6:14]) == {}  # the birth date
    assert people_hits(people.leader, number[:6]) == {}  # the region


def test_residents_are_found_by_name(people, residents):
    group = people_hits(people.leader, "王")["People"]
    assert {hit.title for hit in group.hits} == {"王大", "王小"}


def test_another_villages_officer_finds_nobody_of_this_village(people, residents):
    assert people_hits(people.taer_officer, residents.wang.id_number[-4:]) == {}
    assert people_hits(people.taer_officer, "王大") == {}
    assert people_hits(people.taer_officer, "小卖部") == {}


def test_organisations_are_found_by_name(people, residents):
    group = people_hits(people.xwz_officer, "小卖部")["Organisations"]
    assert [hit.title for hit in group.hits] == ["西王庄村小卖部"]
    assert "13700002222" not in str(group.hits)


def test_the_search_costs_the_same_queries_for_2_as_for_20_matches(district, people, residents):
    people_hits(people.leader, "王")  # warm the caches of roles
    with CaptureQueriesContext(connection) as few:
        people_hits(people.leader, "王")
    for index in range(18):
        make_person(district.taer, f"王{index}", born=f"{1950 + index}-03-03")
    with CaptureQueriesContext(connection) as many:
        group = people_hits(people.leader, "王")["People"]
    assert group.total == 20 and len(group.hits) == search.PER_GROUP
    assert len(many) == len(few)
