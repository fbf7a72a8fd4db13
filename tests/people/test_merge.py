import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditEntry
from taizhang.people.models import Group, Person, PersonMerge, Relation
from taizhang.people.services.groups import add_to_group
from taizhang.people.services.households import create_household
from taizhang.people.services.merge import merge_people
from tests.factories import make_person


def test_a_merge_keeps_one_record_and_moves_everything_to_it(district, people):
    kept = make_person(district.taer, "赵某")
    twin = make_person(district.taer, "赵某", id_number="", document_type="passport",
                       document_number="E12345678", phone="13900002222")  # fmt: skip
    create_household(by=people.admin, unit=district.taer, number="7", head=twin)
    add_to_group(twin, Group.objects.get(code="dabing"), by=people.admin,
                 started_on=datetime.date(2024, 1, 1))  # fmt: skip
    twin_pk = twin.pk  # the deleted instance loses its pk
    merge = merge_people(kept, twin, by=people.admin, reason="同一人两次登记")
    kept.refresh_from_db()
    assert not Person.objects.filter(pk=twin_pk).exists()
    assert kept.household_membership.relation == Relation.HEAD
    assert kept.memberships.get().group.code == "dabing"
    assert kept.phone == "13900002222"
    assert merge.removed_snapshot["document_number"] == "E12345678"
    assert AuditEntry.objects.filter(object_id=str(twin_pk), action="delete").exists()


def test_only_district_administrators_merge(district, people):
    a, b = make_person(district.taer), make_person(district.taer)
    with pytest.raises(PermissionDenied):
        merge_people(a, b, by=people.taer_officer, reason="重复")
    assert PersonMerge.objects.count() == 0


def test_two_different_id_numbers_are_not_merged(district, people):
    a, b = make_person(district.taer), make_person(district.taer)
    with pytest.raises(ValidationError):
        merge_people(a, b, by=people.admin, reason="重复")
    assert Person.objects.count() == 2
