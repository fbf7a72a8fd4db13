"""The registry's demo: residents of every named village in households, with people of 60
and over and 80 and over, members of each group the seed names, valid ID numbers of region
140213, demo names, and the organisations (the seed case's auto-repair shop linked)."""

from __future__ import annotations

import time

import pytest
from django.db.models import Count

from taizhang.core.demo import load_demo_district
from taizhang.core.models import AuditEntry, User
from taizhang.lib.idcard import parse_id_number
from taizhang.people import demo
from taizhang.people.models import (
    GroupMembership,
    Household,
    HouseholdMember,
    Organisation,
    Person,
)
from taizhang.rectification import demo as rectification_demo
from taizhang.rectification.models import Case

pytestmark = pytest.mark.django_db
VILLAGES = ("寺儿村", "小南头村", "塔儿村", "东王庄村", "西谷庄村", "西王庄村")
SEED_GROUPS = ("低保户", "特困供养", "困难党员", "孤寡老人", "大病患者")


@pytest.fixture
def loaded():
    load_demo_district()
    admin = User.objects.get(username="admin")
    rectification_demo.load(admin)
    started = time.perf_counter()
    demo.load(admin)
    return time.perf_counter() - started


def test_every_named_village_has_old_residents_in_households(loaded):
    for village in VILLAGES:
        residents = Person.objects.filter(unit__name=village, is_demo=True)
        assert residents.aged(60).count() >= 10, village
        assert residents.aged(80).exists(), village
        assert residents.filter(household_membership__isnull=True).count() == 0
    heads = HouseholdMember.objects.filter(relation="head").count()
    assert heads == Household.objects.filter(is_demo=True).count()
    relations = set(HouseholdMember.objects.values_list("relation", flat=True))
    assert {"head", "spouse", "child", "parent"} <= relations


def test_every_named_village_has_members_of_each_seed_group(loaded):
    current = GroupMembership.objects.current()
    for village in VILLAGES:
        groups = set(
            current.filter(person__unit__name=village).values_list("group__name", flat=True)
        )
        assert set(SEED_GROUPS) <= groups, village


def test_every_id_number_is_valid_of_region_140213_and_names_say_demo(loaded):
    people = list(Person.objects.values_list("id_number", "name", "sex", "birth_date", "phone"))
    assert 500 <= len(people) <= 3000
    for number, name, sex, birth, phone in people:
        citizen = parse_id_number(number)
        assert number.startswith("140213") and (citizen.sex, citizen.birth_date) == (sex, birth)
        assert name.startswith("演示")
        assert not phone or (len(phone) == 11 and phone[3:7] == "0000")


def test_people_are_written_with_their_audit_rows(loaded):
    created = AuditEntry.objects.filter(content_type__model="person", action="create")
    assert created.count() == Person.objects.count()


def test_the_organisations_include_the_seed_cases_auto_repair_shop_linked(loaded):
    shop = Organisation.objects.get(name="古城村北汽车修理厂")
    assert shop.unit.name == "古城村" and shop.credit_code
    assert Case.objects.get(subject_name="古城村北汽车修理厂").organisation == shop
    kinds = dict(Organisation.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds["shop"] >= 3 and kinds["property_manager"] >= 1


def test_it_is_quick_and_running_it_again_changes_nothing(loaded):
    assert loaded < 10
    counts = (Person.objects.count(), Organisation.objects.count(), AuditEntry.objects.count())
    demo.load(User.objects.get(username="admin"))
    assert (
        Person.objects.count(),
        Organisation.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
