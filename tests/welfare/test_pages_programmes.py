"""The programme pages: list, detail with the rules in words, create and edit forms, the
candidate list with its confirm and stop flows, the enrolment list and page, and who may open
them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from taizhang.core.access import SYSTEM
from taizhang.core.roles import Role
from taizhang.people.models import PersonStatus
from taizhang.welfare.models import Enrolment, EnrolmentStatus, Programme
from taizhang.welfare.services import enrolments
from tests.conftest import client_for
from tests.factories import make_household, make_person, make_user
from tests.welfare.conftest import CYCLE_DAY

LIST = reverse("welfare-programme-list")
ENROLMENTS = reverse("welfare-enrolment-list")
DAY = CYCLE_DAY.isoformat()


def candidates_url(programme):
    return reverse("welfare-programme-candidates", args=[programme.pk])


@pytest.fixture
def taer_allowance(district):
    return Programme.objects.create(
        name="塔儿村高龄补贴",
        owner=district.taer,
        kind="cash_monthly",
        starts_on=datetime.date(2021, 1, 1),
        min_age=60,
    )


@pytest.fixture
def department_officer(district):
    return make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju)


def test_the_list_shows_the_programmes_with_their_enrolled_counts(
    district, people, villagers, allowance
):
    enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    text = client_for(people.xwz_officer).get(LIST).content.decode()
    assert "60岁以上老人生活补贴" in text and "西王庄村" in text


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_takes_a_fixed_number_of_queries(
    district, people, size, django_assert_max_num_queries
):
    for index in range(size):
        Programme.objects.create(
            name=f"项目{index}", owner=district.xiwangzhuang, kind="visit", starts_on=CYCLE_DAY
        )
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.status_code == 200


def test_a_village_officer_sees_nothing_of_another_villages_programme(
    district, people, taer_allowance
):
    client = client_for(people.xwz_officer)
    assert "塔儿村高龄补贴" not in client.get(LIST).content.decode()
    for name in ("welfare-programme", "welfare-programme-edit", "welfare-programme-candidates"):
        assert client.get(reverse(name, args=[taer_allowance.pk])).status_code == 404


def test_a_department_outside_the_owner_line_sees_nothing(
    district, villagers, allowance, department_officer
):
    enrolment = enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    client = client_for(department_officer)
    assert "60岁以上" not in client.get(LIST).content.decode()
    assert "王老汉" not in client.get(ENROLMENTS).content.decode()
    assert client.get(reverse("welfare-programme", args=[allowance.pk])).status_code == 404
    assert client.get(reverse("welfare-enrolment", args=[enrolment.pk])).status_code == 404


def test_the_detail_states_the_rules_tiers_and_counts(district, people, villagers, allowance):
    enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    response = client_for(people.xwz_officer).get(reverse("welfare-programme", args=[allowance.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "西王庄村" in text and "150.00" in text
    assert response.context["counts"]["people"] == 1
    assert response.context["counts"]["households"] == 1
    assert any("60" in rule for rule in response.context["rules"])


def test_an_officer_defines_a_programme_with_tiers_and_a_basket_typed_per_line(district, people):
    response = client_for(people.xwz_officer).post(
        reverse("welfare-programme-create"),
        {
            "name": "重阳节慰问",
            "owner": district.xiwangzhuang.pk,
            "kind": "in_kind",
            "benefit_unit": "person",
            "starts_on": "2022-01-01",
            "min_age": "60",
            "registered_only": "on",
            "notice_days": "7",
            "tiers": "60-80 50\n80+ 100",
            "basket": "大米 10 kg\n食用油 5 L",
        },
    )
    programme = Programme.objects.get(name="重阳节慰问")
    assert response.status_code == 302
    assert [str(item) for item in programme.basket.all()] == ["大米 10 kg", "食用油 5 L"]
    assert [t.max_age for t in programme.tiers.all()] == [80, None]


def test_the_form_refuses_overlapping_tiers_and_keeps_the_input(district, people):
    response = client_for(people.xwz_officer).post(
        reverse("welfare-programme-create"),
        {
            "name": "重阳节慰问",
            "owner": district.xiwangzhuang.pk,
            "kind": "visit",
            "benefit_unit": "person",
            "starts_on": "2022-01-01",
            "notice_days": "7",
            "tiers": "60-80 50\n70+ 100",
        },
    )
    assert response.status_code == 200
    assert "overlap" in response.content.decode() or "重叠" in response.content.decode()
    assert not Programme.objects.filter(name="重阳节慰问").exists()


def test_an_officer_of_another_village_may_not_offer_a_programme_for_their_own_unit(
    district, people
):
    response = client_for(people.taer_officer).post(
        reverse("welfare-programme-create"),
        {
            "name": "x",
            "owner": district.xiwangzhuang.pk,
            "kind": "visit",
            "benefit_unit": "person",
            "starts_on": "2022-01-01",
            "notice_days": "7",
        },
    )
    assert response.status_code == 200 and not Programme.objects.filter(name="x").exists()


def test_the_edit_form_changes_the_programme(district, people, allowance):
    url = reverse("welfare-programme-edit", args=[allowance.pk])
    client = client_for(people.xwz_officer)
    form = client.get(url).context["form"]
    assert "60-70 100.00" in form["tiers"].initial
    data = {
        "name": "老人补贴",
        "kind": "cash_monthly",
        "benefit_unit": "person",
        "starts_on": "2021-01-01",
        "min_age": "60",
        "registered_only": "on",
        "notice_days": "7",
        "tiers": "60+ 120",
        "version": allowance.version,
    }
    assert client.post(url, data).status_code == 302
    allowance.refresh_from_db()
    assert allowance.name == "老人补贴" and allowance.tiers.get().amount_yuan == Decimal("120")


def test_the_candidate_list_shows_who_joins_who_leaves_and_who_is_excluded(
    district, people, villagers, allowance
):
    gone = enrolments.enrol(allowance, villagers.zhao, by=SYSTEM, started_on=CYCLE_DAY)
    villagers.zhao.status = PersonStatus.DECEASED
    villagers.zhao.save()
    response = client_for(people.xwz_officer).get(f"{candidates_url(allowance)}?on={DAY}")
    assert response.status_code == 200
    assert [p.name for p in response.context["joining"]] == ["王老汉"]
    assert [e for e, _reasons in response.context["leaving"]] == [gone]


def test_a_person_enrolled_in_an_excluded_programme_is_listed_apart(
    district, people, villagers, allowance
):
    other = Programme.objects.create(
        name="特困供养", owner=district.xiwangzhuang, kind="cash_monthly", starts_on=CYCLE_DAY
    )
    other.excludes.add(allowance)
    enrolments.enrol(other, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    response = client_for(people.xwz_officer).get(f"{candidates_url(allowance)}?on={DAY}")
    assert [p.name for p in response.context["joining"]] == ["赵奶奶"]
    assert [(p.name, others) for p, others in response.context["excluded"]] == [
        ("王老汉", ["特困供养"])
    ]


def test_confirming_candidates_enrols_them_all(district, people, villagers, allowance):
    url = reverse("welfare-programme-candidates-confirm", args=[allowance.pk])
    response = client_for(people.xwz_officer).post(
        url, {"person": [villagers.wang.pk, villagers.zhao.pk], "started_on": DAY}
    )
    assert response.status_code == 302
    assert set(Enrolment.objects.values_list("person__name", flat=True)) == {"王老汉", "赵奶奶"}


def test_one_refused_candidate_enrols_nobody_and_names_the_person(
    district, people, villagers, allowance
):
    url = reverse("welfare-programme-candidates-confirm", args=[allowance.pk])
    response = client_for(people.xwz_officer).post(
        url, {"person": [villagers.wang.pk, villagers.sun.pk], "started_on": DAY}, follow=True
    )
    assert not Enrolment.objects.exists()
    text = response.content.decode()
    assert "孙大" in text


def test_a_candidate_of_another_village_cannot_be_confirmed(district, people, villagers, allowance):
    url = reverse("welfare-programme-candidates-confirm", args=[allowance.pk])
    client_for(people.xwz_officer).post(url, {"person": [villagers.li.pk], "started_on": DAY})
    assert not Enrolment.objects.exists()


def test_stopping_the_enrolments_of_who_no_longer_qualifies_needs_a_reason(
    district, people, villagers, allowance
):
    gone = enrolments.enrol(allowance, villagers.zhao, by=SYSTEM, started_on=CYCLE_DAY)
    url = reverse("welfare-programme-candidates-stop", args=[allowance.pk])
    client = client_for(people.xwz_officer)
    client.post(url, {"enrolment": [gone.pk], "ended_on": "2022-02-28", "reason": ""})
    gone.refresh_from_db()
    assert gone.status == EnrolmentStatus.ACTIVE
    client.post(url, {"enrolment": [gone.pk], "ended_on": "2022-02-28", "reason": "已死亡"})
    gone.refresh_from_db()
    assert gone.status == EnrolmentStatus.STOPPED and gone.stop_reason == "已死亡"


def test_the_enrolment_list_masks_id_numbers_and_filters(district, people, villagers, allowance):
    enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    enrolments.enrol(allowance, villagers.zhao, by=SYSTEM, started_on=CYCLE_DAY)
    client = client_for(people.xwz_officer)
    text = client.get(ENROLMENTS).content.decode()
    assert "王老汉" in text and villagers.wang.id_number not in text
    assert villagers.wang.id_number[-4:] in text
    text = client.get(f"{ENROLMENTS}?q={villagers.zhao.id_number[-4:]}").content.decode()
    assert "赵奶奶" in text and "王老汉" not in text
    admin = client_for(people.admin)
    query = f"?programme={allowance.pk}&unit={district.taer.pk}"
    assert "王老汉" not in admin.get(f"{ENROLMENTS}{query}").content.decode()
    query = f"?programme={allowance.pk}&unit={district.xiaonantou.pk}"
    assert "王老汉" in admin.get(f"{ENROLMENTS}{query}").content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_enrolment_list_takes_a_fixed_number_of_queries(
    district, people, allowance, size, django_assert_max_num_queries
):
    for index in range(size):
        person = make_person(district.xiwangzhuang, f"老人{index}", born="1940-01-01")
        make_household(district.xiwangzhuang, f"H{index}", person)
        enrolments.enrol(allowance, person, by=SYSTEM, started_on=CYCLE_DAY)
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(12):
        response = client.get(ENROLMENTS)
    assert response.status_code == 200


def test_the_review_due_filter_lists_enrolments_due_by_today(
    district, people, villagers, allowance
):
    due = enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    Enrolment.objects.filter(pk=due.pk).update(next_review_on=datetime.date(2022, 6, 1))
    enrolments.enrol(allowance, villagers.zhao, by=SYSTEM, started_on=CYCLE_DAY)
    client = client_for(people.xwz_officer)
    response = client.get(f"{ENROLMENTS}?review_due=yes")
    assert [e.pk for e in response.context["table"].data] == [due.pk]
    response = client.get(f"{ENROLMENTS}?review_due=no")
    assert due.pk not in [e.pk for e in response.context["table"].data]


def test_the_enrolment_page_stops_and_changes_the_amount(district, people, villagers, allowance):
    enrolment = enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    client = client_for(people.xwz_officer)
    page = client.get(reverse("welfare-enrolment", args=[enrolment.pk]))
    assert page.status_code == 200 and villagers.wang.id_number not in page.content.decode()
    client.post(
        reverse("welfare-enrolment-amount", args=[enrolment.pk]),
        {"amount_yuan": "180", "reason": "复核调整"},
    )
    enrolment.refresh_from_db()
    assert enrolment.amount_yuan == Decimal("180")
    client.post(
        reverse("welfare-enrolment-stop", args=[enrolment.pk]),
        {"ended_on": "2022-03-31", "reason": "迁出"},
    )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.STOPPED


def test_another_villages_officer_cannot_stop_the_enrolment(district, people, villagers, allowance):
    enrolment = enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    response = client_for(people.taer_officer).post(
        reverse("welfare-enrolment-stop", args=[enrolment.pk]),
        {"ended_on": "2022-03-31", "reason": "迁出"},
    )
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


@pytest.mark.parametrize("size", [3, 30])
def test_the_candidate_list_takes_a_fixed_number_of_queries(
    district, people, villagers, allowance, size, django_assert_max_num_queries
):
    for index in range(size):
        person = make_person(district.xiwangzhuang, f"老人{index}", born="1940-01-01")
        make_household(district.xiwangzhuang, f"H{index}", person)
        if index % 2:
            enrolments.enrol(allowance, person, by=SYSTEM, started_on=CYCLE_DAY)
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(20):
        response = client.get(f"{candidates_url(allowance)}?on={DAY}")
    assert response.status_code == 200


def test_the_owner_stops_a_programme_with_a_written_reason(district, people, allowance):
    url = reverse("welfare-programme-deactivate", args=[allowance.pk])
    client_for(people.taer_officer).post(url, {"reason": "x"})
    allowance.refresh_from_db()
    assert allowance.is_active
    client_for(people.xwz_officer).post(url, {"reason": "村集体经济收入不足"})
    allowance.refresh_from_db()
    assert not allowance.is_active


def test_the_welfare_menu_offers_programmes_and_enrolments(people):
    text = client_for(people.xwz_officer).get(reverse("home")).content.decode()
    assert reverse("welfare-programme-list") in text and ENROLMENTS in text


def test_a_programme_by_application_offers_no_confirmation(district, people, villagers, allowance):
    Programme.objects.filter(pk=allowance.pk).update(needs_application=True)
    client = client_for(people.xwz_officer)
    page = client.get(f"{candidates_url(allowance)}?on={DAY}")
    assert page.context["writes"] is False
    url = reverse("welfare-programme-candidates-confirm", args=[allowance.pk])
    client.post(url, {"person": [villagers.wang.pk], "started_on": DAY})
    assert not Enrolment.objects.exists()
