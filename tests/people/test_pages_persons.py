"""The person pages: list, filters, detail, create (with a duplicate), edit (stale), status and
group forms, and who may open them."""

import datetime

import pytest
from django.urls import reverse

from taizhang.core.access import SYSTEM
from taizhang.lib import clock
from taizhang.lib.idcard import make_id_number
from taizhang.people.models import Group, Person, PersonStatus
from taizhang.people.services import groups, persons
from tests.conftest import client_for
from tests.factories import make_household, make_person

LIST = reverse("people-person-list")


def _age_years_ago(years: int) -> str:
    today = clock.today()
    return today.replace(year=today.year - years, day=1).isoformat()


@pytest.mark.parametrize("size", [5, 50])
def test_the_list_takes_a_fixed_number_of_queries_whatever_the_page_size(
    district, people, size, django_assert_max_num_queries
):
    group = Group.objects.filter(is_active=True).first()
    for index in range(size):
        person = make_person(district.xiwangzhuang, f"居民{index}")
        make_household(district.xiwangzhuang, f"H{index}", person)
        groups.add_to_group(person, group, by=SYSTEM, started_on=datetime.date(2020, 1, 1))
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count(group.name) >= min(size, 50)


def test_the_list_shows_masked_numbers_age_household_and_groups(district, people):
    person = make_person(district.xiwangzhuang, "王老汉", born="1950-03-01", phone="13912345678")
    make_household(district.xiwangzhuang, "XW-007", person)
    group = Group.objects.filter(is_active=True).first()
    groups.add_to_group(person, group, by=SYSTEM, started_on=datetime.date(2020, 1, 1))
    text = client_for(people.leader).get(LIST).content.decode()
    assert "王老汉" in text and "XW-007" in text and group.name in text
    assert person.id_number not in text and "13912345678" not in text
    assert person.id_number[-4:] in text
    assert str(person.age_on()) in text


def test_a_village_officer_lists_only_their_village(district, people):
    make_person(district.xiwangzhuang, "本村人")
    make_person(district.taer, "外村人")
    text = client_for(people.xwz_officer).get(LIST).content.decode()
    assert "本村人" in text and "外村人" not in text


def test_the_list_filters_by_group(district, people):
    inside = make_person(district.xiwangzhuang, "组内人")
    make_person(district.xiwangzhuang, "组外人")
    group = Group.objects.filter(is_active=True).first()
    groups.add_to_group(inside, group, by=SYSTEM, started_on=datetime.date(2020, 1, 1))
    text = client_for(people.xwz_officer).get(LIST, {"group": group.pk}).content.decode()
    assert "组内人" in text and "组外人" not in text


def test_the_list_filters_by_age_band(district, people):
    make_person(district.xiwangzhuang, "高龄老人", born=_age_years_ago(85))
    make_person(district.xiwangzhuang, "青年人", born=_age_years_ago(30))
    text = client_for(people.xwz_officer).get(LIST, {"age": "80+"}).content.decode()
    assert "高龄老人" in text and "青年人" not in text


def test_the_list_finds_a_person_by_the_last_4_characters_or_the_whole_number(district, people):
    found = make_person(district.xiwangzhuang, "甲")
    other = make_person(district.xiwangzhuang, "乙")
    assert found.id_last4 != other.id_last4
    client = client_for(people.xwz_officer)
    for query in (found.id_last4, found.id_number):
        text = client.get(LIST, {"q": query}).content.decode()
        assert ">甲<" in text and ">乙<" not in text


def test_an_auditor_does_not_read_the_registry(people):
    assert client_for(people.auditor).get(LIST).status_code == 403


def test_the_detail_shows_identity_masked_household_groups_and_history(district, people):
    head = make_person(district.xiwangzhuang, "户主甲", phone="13912345678")
    child = make_person(district.xiwangzhuang, "子女乙")
    household = make_household(district.xiwangzhuang, "XW-1", head, child)
    group = Group.objects.filter(is_active=True).first()
    groups.add_to_group(head, group, by=SYSTEM, started_on=datetime.date(2021, 5, 6))
    response = client_for(people.leader).get(head.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert head.id_number not in text and head.id_number[-4:] in text
    assert "13912345678" not in text
    assert household.get_absolute_url() in text and child.get_absolute_url() in text
    assert group.name in text and "2021-05-06" in text
    assert reverse("record-history", args=["people", "person", head.pk]) in text
    assert reverse("people-person-edit", args=[head.pk]) not in text  # a leader reads only


def test_another_villages_person_is_not_found(district, people):
    person = make_person(district.taer, "塔儿村人")
    client = client_for(people.xwz_officer)
    assert client.get(person.get_absolute_url()).status_code == 404
    assert client.get(reverse("people-person-edit", args=[person.pk])).status_code == 404
    response = client.post(
        reverse("people-person-status", args=[person.pk]),
        {"status": "moved_out", "on": clock.today().isoformat()},
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.status == PersonStatus.REGISTERED


def test_a_leader_may_not_open_the_forms(district, people):
    person = make_person(district.xiwangzhuang)
    client = client_for(people.leader)
    assert client.get(reverse("people-person-create")).status_code == 403
    assert client.get(reverse("people-person-edit", args=[person.pk])).status_code == 403
    group = Group.objects.filter(is_active=True).first()
    response = client.post(
        reverse("people-person-group-add", args=[person.pk]),
        {"group": group.pk, "started_on": "2024-01-01"},
    )
    assert response.status_code == 403 and not person.memberships.exists()


def test_an_officer_registers_a_person_with_an_id_number(district, people):
    number = make_id_number("140213", datetime.date(1962, 7, 8), 222)
    response = client_for(people.xwz_officer).post(
        reverse("people-person-create"),
        {"unit": district.xiwangzhuang.pk, "name": "新居民", "id_number": number},
    )
    person = Person.objects.get(id_number=number)
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert (person.sex, person.birth_date) == ("female", datetime.date(1962, 7, 8))


def test_a_person_without_an_id_number_gives_a_document_sex_and_birth_date(district, people):
    response = client_for(people.xwz_officer).post(
        reverse("people-person-create"),
        {
            "unit": district.xiwangzhuang.pk,
            "name": "新生儿",
            "document_type": "birth_certificate",
            "document_number": "O140999999",
            "sex": "female",
            "birth_date": "2026-01-02",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(name="新生儿")
    assert person.document_number == "O140999999" and person.sex == "female"


def test_a_duplicate_is_refused_with_a_link_to_the_existing_person(district, people):
    existing = make_person(district.xiwangzhuang, "王大")
    response = client_for(people.xwz_officer).post(
        reverse("people-person-create"),
        {"unit": district.xiwangzhuang.pk, "name": "王大", "id_number": existing.id_number},
    )
    text = response.content.decode()
    assert response.status_code == 200
    url = existing.get_absolute_url()
    assert f'<a href="{url}">{url}</a>' in text
    assert Person.objects.count() == 1


def test_a_name_with_html_is_stored_as_text_and_shown_escaped(district, people):
    number = make_id_number("140213", datetime.date(1970, 1, 1), 301)
    client = client_for(people.xwz_officer)
    client.post(
        reverse("people-person-create"),
        {
            "unit": district.xiwangzhuang.pk,
            "name": "<script>alert(1)</script>",
            "id_number": number,
        },
    )
    person = Person.objects.get(id_number=number)
    assert person.name == "<script>alert(1)</script>"
    for url in (person.get_absolute_url(), LIST):
        text = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_an_edit_of_a_stale_version_is_refused_and_keeps_the_input(district, people):
    person = make_person(district.xiwangzhuang, "张三")
    persons.update_person(person, by=SYSTEM, address="新地址")
    response = client_for(people.xwz_officer).post(
        reverse("people-person-edit", args=[person.pk]),
        {"unit": district.xiwangzhuang.pk, "name": "张三丰", "version": 1},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "errorlist" in text or 'class="message error"' in text
    assert 'value="张三丰"' in text
    person.refresh_from_db()
    assert person.name == "张三" and person.version == 2


def test_an_edit_keeps_the_id_number_and_phone_left_empty(district, people):
    person = make_person(district.xiwangzhuang, "李四", phone="13900001111")
    response = client_for(people.xwz_officer).post(
        reverse("people-person-edit", args=[person.pk]),
        {"unit": district.xiwangzhuang.pk, "name": "李四", "address": "南街", "version": 1},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.address, person.phone) == ("南街", "13900001111")
    assert person.id_number and person.version == 2


def test_an_officer_records_a_death_and_a_group_membership(district, people):
    person = make_person(district.xiwangzhuang, "赵五")
    client = client_for(people.xwz_officer)
    group = Group.objects.filter(is_active=True).first()
    client.post(
        reverse("people-person-group-add", args=[person.pk]),
        {"group": group.pk, "started_on": "2024-01-01", "evidence": "民政批复"},
    )
    membership = person.memberships.get()
    client.post(
        reverse("people-membership-end", args=[membership.pk]),
        {"ended_on": "2024-06-30", "reason": "不再符合"},
    )
    client.post(
        reverse("people-person-status", args=[person.pk]),
        {"status": "deceased", "on": "2025-02-03", "reason": "死亡证明", "version": 1},
    )
    person.refresh_from_db()
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2024, 6, 30)
    assert person.status == PersonStatus.DECEASED and person.died_on == datetime.date(2025, 2, 3)
    text = client.get(person.get_absolute_url()).content.decode()
    assert "死亡证明" in text


def test_every_post_needs_the_csrf_token(district, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people.xwz_officer)
    person = make_person(district.xiwangzhuang)
    response = client.post(
        reverse("people-person-status", args=[person.pk]),
        {"status": "moved_out", "on": clock.today().isoformat()},
    )
    assert response.status_code == 403
