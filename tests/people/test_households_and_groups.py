import datetime

import pytest
from django.core.exceptions import ValidationError

from taizhang.people.models import Group, Person, Relation
from taizhang.people.services.groups import add_to_group, end_membership
from taizhang.people.services.households import add_member, change_relation, create_household
from tests.factories import make_person


def test_a_household_has_one_head_and_members_of_its_village(district, people):
    head = make_person(district.taer, "张父")
    child = make_person(district.taer, "张子", born="1990-01-01")
    household = create_household(
        by=people.taer_officer, unit=district.taer, number="001", head=head
    )
    add_member(household, child, by=people.taer_officer, relation=Relation.CHILD)
    with pytest.raises(ValidationError):
        add_member(household, make_person(district.taer), by=people.taer_officer,
                   relation=Relation.HEAD)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        add_member(household, make_person(district.xiwangzhuang), by=people.admin,
                   relation=Relation.CHILD)  # fmt: skip
    assert "西王庄村" in str(error.value)


def test_a_person_is_in_one_household(district, people):
    person = make_person(district.taer)
    create_household(by=people.taer_officer, unit=district.taer, number="001", head=person)
    with pytest.raises(ValidationError) as error:
        create_household(by=people.taer_officer, unit=district.taer, number="002", head=person)
    assert "001" in str(error.value)


def test_making_a_member_head_moves_the_old_head_aside(district, people):
    old, new = make_person(district.taer), make_person(district.taer)
    household = create_household(by=people.taer_officer, unit=district.taer, number="9", head=old)
    member = add_member(household, new, by=people.taer_officer, relation=Relation.SPOUSE)
    change_relation(member, by=people.taer_officer, relation=Relation.HEAD)
    relations = dict(household.members.values_list("person_id", "relation"))
    assert relations == {old.pk: Relation.OTHER, new.pk: Relation.HEAD}


def test_group_membership_is_dated_and_cannot_overlap(district, people):
    person = make_person(district.taer)
    dibao = Group.objects.get(code="dibao")
    membership = add_to_group(
        person, dibao, by=people.taer_officer, started_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError):
        add_to_group(person, dibao, by=people.taer_officer, started_on=datetime.date(2025, 6, 1))
    end_membership(membership, by=people.taer_officer, ended_on=datetime.date(2025, 12, 31))
    add_to_group(person, dibao, by=people.taer_officer, started_on=datetime.date(2026, 6, 1))
    assert Person.objects.in_group(dibao, on=datetime.date(2025, 7, 1)).count() == 1
    assert Person.objects.in_group(dibao, on=datetime.date(2026, 2, 1)).count() == 0
