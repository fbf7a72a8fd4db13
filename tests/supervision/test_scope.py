"""Who reads an item: its supervising unit's subtree, the units it is assigned to (a reverse
relation, read through a subquery so that no row shows twice), and district-wide roles."""

import datetime

import pytest

from taizhang.core.access import can_read, can_write
from taizhang.core.roles import Role
from taizhang.supervision import services
from taizhang.supervision.models import (
    Assignment,
    ExtensionRequest,
    SupervisionEvent,
    SupervisionItem,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_assigned_units_read_the_item_once_and_others_nothing(district, people, make_item):
    item = make_item(district.xiwangzhuang, district.taer)
    for user in (people.taer_officer, people.xwz_officer, people.subdistrict_officer):
        assert list(SupervisionItem.objects.for_user(user)) == [item]
    assert can_read(people.taer_officer, item)
    assert not can_write(people.taer_officer, item)  # assignees act, they do not edit the item
    outsider = make_item(district.guchengcun, title="古城村事项")
    assert not can_read(people.taer_officer, outsider)
    assert list(SupervisionItem.objects.for_user(people.leader).order_by("pk")) == [item, outsider]


def test_an_assigned_unit_sees_the_other_departments_of_its_item(district, people, make_item):
    item = make_item(district.taer, district.guchengcun)
    visible = Assignment.objects.for_user(people.taer_officer)
    assert set(visible) == set(item.assignments.all())
    assert visible.count() == 2


def test_an_officer_of_another_village_sees_nothing_of_a_taer_item(district, people, make_item):
    item = make_item(district.taer)
    services.request_extension(
        item.assignments.get(),
        by=people.taer_officer,
        until=item.deadline + datetime.timedelta(days=9),
        reason="r",
    )
    for model in (SupervisionItem, Assignment, ExtensionRequest, SupervisionEvent):
        assert model.objects.exists()
        assert not model.objects.for_user(people.xwz_officer).exists()


def test_an_agency_outside_the_district_sees_only_items_addressed_to_it(
    district, people, make_item
):
    eco = make_user("eco", Role.UNIT_OFFICER, unit=district.eco_bureau)
    addressed = make_item(district.eco_bureau, title="危废处置检察建议")
    make_item(district.taer)
    assert list(SupervisionItem.objects.for_user(eco)) == [addressed]
