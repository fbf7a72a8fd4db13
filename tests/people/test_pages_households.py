"""The household pages: the list, opening a household with a new or a registered head, adding
members, changing relations, and who may do it."""

import datetime

from django.urls import reverse

from taizhang.lib.idcard import make_id_number
from taizhang.people.models import Household, HouseholdMember, Person, Relation
from tests.conftest import client_for
from tests.factories import make_household, make_person

CREATE = reverse("people-household-create")


def _number(sequence: int, born=datetime.date(1975, 4, 5)) -> str:
    return make_id_number("140213", born, sequence)


def test_the_list_shows_heads_and_sizes_in_few_queries(
    district, people, django_assert_max_num_queries
):
    for index in range(20):
        make_household(
            district.xiwangzhuang,
            f"XW-{index:03}",
            make_person(district.xiwangzhuang, f"户主{index}"),
            make_person(district.xiwangzhuang, f"成员{index}"),
        )
    make_household(district.taer, "TE-001", make_person(district.taer, "塔儿户主"))
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(10):
        text = client.get(reverse("people-household-list")).content.decode()
    assert "户主7" in text and "XW-019" in text and "塔儿户主" not in text


def test_an_officer_opens_a_household_with_a_new_head(district, people):
    number = _number(401)
    response = client_for(people.xwz_officer).post(
        CREATE,
        {
            "unit": district.xiwangzhuang.pk,
            "number": "XW-100",
            "address": "东街1号",
            "head": "new",
            "head-name": "新户主",
            "head-id_number": number,
        },
    )
    household = Household.objects.get(number="XW-100")
    assert response.status_code == 302 and response["Location"] == household.get_absolute_url()
    head = household.members.get()
    assert head.relation == Relation.HEAD and head.person.id_number == number
    assert head.person.unit == district.xiwangzhuang


def test_an_officer_opens_a_household_headed_by_a_registered_resident(district, people):
    resident = make_person(district.xiwangzhuang, "老住户")
    client_for(people.xwz_officer).post(
        CREATE,
        {
            "unit": district.xiwangzhuang.pk,
            "number": "XW-101",
            "head": "existing",
            "existing_number": resident.id_number,
        },
    )
    assert Household.objects.get(number="XW-101").members.get().person == resident


def test_a_refused_head_writes_no_household(district, people):
    existing = make_person(district.xiwangzhuang, "已登记")
    response = client_for(people.xwz_officer).post(
        CREATE,
        {
            "unit": district.xiwangzhuang.pk,
            "number": "XW-102",
            "head": "new",
            "head-name": "重复的人",
            "head-id_number": existing.id_number,
        },
    )
    assert response.status_code == 200
    assert existing.get_absolute_url() in response.content.decode()
    assert not Household.objects.exists() and Person.objects.count() == 1


def test_an_officer_cannot_open_a_household_in_another_village(district, people):
    response = client_for(people.xwz_officer).post(
        CREATE,
        {
            "unit": district.taer.pk,
            "number": "TE-9",
            "head": "new",
            "head-name": "某人",
            "head-id_number": _number(403),
        },
    )
    assert response.status_code == 200  # the village is not offered: the form refuses it
    assert not Household.objects.exists() and not Person.objects.exists()


def test_an_officer_registers_a_new_member_straight_into_the_household(district, people):
    household = make_household(district.xiwangzhuang, "XW-1", make_person(district.xiwangzhuang))
    number = _number(502, datetime.date(2001, 9, 9))
    response = client_for(people.xwz_officer).post(
        reverse("people-household-member-new", args=[household.pk]),
        {"relation": "child", "name": "新成员", "id_number": number},
    )
    assert response.status_code == 302
    member = HouseholdMember.objects.get(person__id_number=number)
    assert member.household == household and member.relation == Relation.CHILD


def test_an_officer_adds_an_existing_resident_and_changes_relations(district, people):
    head = make_person(district.xiwangzhuang, "户主")
    household = make_household(district.xiwangzhuang, "XW-2", head)
    spouse = make_person(district.xiwangzhuang, "配偶", sex="female")
    client = client_for(people.xwz_officer)
    page = client.get(household.get_absolute_url()).content.decode()
    assert f'value="{spouse.pk}"' in page
    client.post(
        reverse("people-household-member-add", args=[household.pk]),
        {"person": spouse.pk, "relation": "spouse"},
    )
    member = HouseholdMember.objects.get(person=spouse)
    client.post(reverse("people-member-relation", args=[member.pk]), {"relation": "head"})
    relations = dict(household.members.values_list("person__name", "relation"))
    assert relations == {"配偶": "head", "户主": "other"}
    client.post(reverse("people-member-remove", args=[member.pk]), {"reason": "迁出"})
    assert not HouseholdMember.objects.filter(person=spouse).exists()


def test_a_resident_of_another_village_cannot_be_added(district, people):
    household = make_household(district.xiwangzhuang, "XW-3", make_person(district.xiwangzhuang))
    stranger = make_person(district.taer, "外村人")
    client_for(people.admin).post(
        reverse("people-household-member-add", args=[household.pk]),
        {"person": stranger.pk, "relation": "other"},
    )
    assert not HouseholdMember.objects.filter(person=stranger).exists()


def test_another_villages_household_is_not_found(district, people):
    household = make_household(district.taer, "TE-1", make_person(district.taer, "塔儿人"))
    member = household.members.get()
    client = client_for(people.xwz_officer)
    assert client.get(household.get_absolute_url()).status_code == 404
    assert client.get(reverse("people-household-edit", args=[household.pk])).status_code == 404
    assert (
        client.get(reverse("people-household-member-new", args=[household.pk])).status_code == 404
    )
    response = client.post(reverse("people-member-remove", args=[member.pk]), {"reason": "x"})
    assert response.status_code == 404 and HouseholdMember.objects.filter(pk=member.pk).exists()


def test_a_leader_reads_households_but_may_not_write(district, people):
    household = make_household(district.xiwangzhuang, "XW-4", make_person(district.xiwangzhuang))
    client = client_for(people.leader)
    assert client.get(household.get_absolute_url()).status_code == 200
    assert client.get(CREATE).status_code == 403
    assert client.get(reverse("people-household-edit", args=[household.pk])).status_code == 403
    assert client_for(people.auditor).get(reverse("people-household-list")).status_code == 403


def test_an_edit_of_a_stale_household_is_refused(district, people):
    household = make_household(district.xiwangzhuang, "XW-5")
    client = client_for(people.xwz_officer)
    edit = reverse("people-household-edit", args=[household.pk])
    assert client.post(edit, {"number": "XW-5", "address": "一", "version": 1}).status_code == 302
    response = client.post(edit, {"number": "XW-5", "address": "二", "version": 1})
    assert response.status_code == 200
    household.refresh_from_db()
    assert household.address == "一"
