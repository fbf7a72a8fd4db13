"""Eligibility as data, evaluated on a day: the rules, the candidate list and its reasons."""

import datetime
from decimal import Decimal

from taizhang.people.models import GroupMembership, PersonStatus
from taizhang.welfare.models import Enrolment, Programme, ProgrammeKind
from taizhang.welfare.services import eligibility
from taizhang.welfare.services.amounts import amount_expression, amount_for
from tests.welfare.conftest import CYCLE_DAY


def enrol(programme, person, **fields):
    return Enrolment.objects.create(
        programme=programme, person=person, started_on=datetime.date(2021, 1, 1), **fields
    )


def test_it_lists_residents_aged_60_and_over_of_the_programmes_village(villagers, allowance):
    eligible = set(eligibility.eligible_people(allowance, CYCLE_DAY))
    assert eligible == {villagers.wang, villagers.zhao}  # not the son, not 孙大 (59), not 塔儿村


def test_a_sixtieth_birthday_makes_a_candidate_that_day(villagers, allowance):
    birthday = datetime.date(2022, 5, 20)
    assert villagers.sun not in eligibility.eligible_people(allowance, birthday.replace(day=19))
    assert villagers.sun in eligibility.candidates(allowance, birthday).joining


def test_the_candidate_list_leaves_out_the_enrolled_and_lists_who_no_longer_qualifies(
    villagers, allowance
):
    enrol(allowance, villagers.wang)
    gone = enrol(allowance, villagers.zhao)
    villagers.zhao.status, villagers.zhao.died_on = PersonStatus.DECEASED, CYCLE_DAY
    villagers.zhao.save()
    found = eligibility.candidates(allowance, CYCLE_DAY)
    assert list(found.joining) == []
    assert [(enrolment, len(reasons)) for enrolment, reasons in found.leaving] == [(gone, 1)]
    assert "registered" in found.leaving[0][1][0]


def test_leaving_a_group_is_a_reason(villagers, district):
    dibao_visits = Programme.objects.create(
        name="低保户走访",
        owner=district.xiaonantou,
        kind=ProgrammeKind.VISIT,
        starts_on=datetime.date(2021, 1, 1),
    )
    dibao_visits.groups.add(villagers.dibao)
    enrolment = enrol(dibao_visits, villagers.zhao)
    assert eligibility.failing(dibao_visits, CYCLE_DAY, Enrolment.objects.all()) == {}
    GroupMembership.objects.filter(person=villagers.zhao).update(
        ended_on=datetime.date(2021, 6, 30)
    )
    reasons = eligibility.failing(dibao_visits, CYCLE_DAY, Enrolment.objects.all())
    assert list(reasons) == [enrolment.pk] and "低保户" in reasons[enrolment.pk][0]


def test_a_household_programme_is_held_by_heads_of_its_villages(villagers, spring_goods):
    heads = set(eligibility.eligible_people(spring_goods, CYCLE_DAY))
    assert heads == {villagers.wang, villagers.zhao, villagers.sun, villagers.li}


def test_household_size_and_age_of_any_member(villagers, spring_goods):
    spring_goods.min_household_size = 2
    spring_goods.min_age = 30  # the son is 31: his household qualifies through him
    spring_goods.save()
    assert list(eligibility.eligible_people(spring_goods, CYCLE_DAY)) == [villagers.wang]
    assert eligibility.why_not(spring_goods, villagers.li, CYCLE_DAY) == [
        "household size is outside the rule"
    ]


def test_income_per_head_must_be_below_the_standard(district):
    dibao = Programme(income_standard_yuan=Decimal("600"))
    assert eligibility.income_failure(dibao, Decimal("1100"), 2) == ""
    assert "550.00" not in eligibility.income_failure(dibao, Decimal("1300"), 2)
    assert "650.00" in eligibility.income_failure(dibao, Decimal("1300"), 2)
    assert eligibility.income_failure(dibao, None, 2)


def test_an_excluded_programme_keeps_a_qualifying_person_off_the_joining_list(
    villagers, allowance, district
):
    other = Programme.objects.create(
        name="特困供养",
        owner=district.pingcheng,
        kind=ProgrammeKind.CASH_MONTHLY,
        starts_on=datetime.date(2021, 1, 1),
    )
    allowance.excludes.add(other)
    enrol(other, villagers.wang)
    found = eligibility.candidates(allowance, CYCLE_DAY)
    assert list(found.joining) == [villagers.zhao]
    assert list(found.excluded) == [villagers.wang]


def test_the_amount_follows_the_age_tier_unless_the_approval_set_one(villagers, allowance):
    wang = enrol(allowance, villagers.wang)  # 71: 150
    zhao = enrol(allowance, villagers.zhao, amount_yuan=Decimal("321"))
    assert amount_for(wang, CYCLE_DAY) == Decimal("150")
    assert amount_for(zhao, CYCLE_DAY) == Decimal("321")
    in_sql = dict(
        Enrolment.objects.annotate(amount=amount_expression(allowance, CYCLE_DAY)).values_list(
            "pk", "amount"
        )
    )
    assert in_sql == {wang.pk: Decimal("150"), zhao.pk: Decimal("321")}


def test_enrolment_refuses_a_second_one_an_excluded_programme_and_a_person_who_does_not_qualify(
    villagers, allowance, district
):
    import pytest
    from django.core.exceptions import ValidationError

    from taizhang.core.access import SYSTEM
    from taizhang.welfare.services.enrolments import enrol

    enrol_on = datetime.date(2022, 1, 1)
    enrol(allowance, villagers.wang, by=SYSTEM, started_on=enrol_on)
    with pytest.raises(ValidationError, match="already enrolled"):
        enrol(allowance, villagers.wang, by=SYSTEM, started_on=enrol_on)
    with pytest.raises(ValidationError, match="does not qualify"):
        enrol(allowance, villagers.sun, by=SYSTEM, started_on=enrol_on)
    other = Programme.objects.create(
        name="特困供养",
        owner=district.pingcheng,
        kind=ProgrammeKind.CASH_MONTHLY,
        starts_on=datetime.date(2021, 1, 1),
    )
    other.excludes.add(allowance)
    with pytest.raises(ValidationError, match="may not be combined"):
        enrol(other, villagers.wang, by=SYSTEM, started_on=enrol_on)
    assert Enrolment.objects.count() == 1
