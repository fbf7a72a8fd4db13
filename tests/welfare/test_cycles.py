"""Cycles: generation in bulk with every exclusion rule refused by name, regeneration, the
maker-checker review and the eligibility re-check at approval."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditEntry
from taizhang.people.models import PersonStatus
from taizhang.welfare.models import (
    BenefitUnit,
    CycleStatus,
    Enrolment,
    EnrolmentStatus,
    Entitlement,
    PaymentStatus,
    Programme,
    ProgrammeKind,
)
from taizhang.welfare.services import cycles
from tests.welfare.conftest import CYCLE_DAY


def enrol(programme, person, **fields):
    fields.setdefault("started_on", datetime.date(2021, 1, 1))
    return Enrolment.objects.create(programme=programme, person=person, **fields)


@pytest.fixture
def enrolled(villagers, allowance):
    """王老汉 (71) and 赵奶奶 (83) receive 西王庄村's allowance."""
    return enrol(allowance, villagers.wang), enrol(allowance, villagers.zhao)


def names(refused):
    return {refusal.name: refusal.reasons for refusal in refused}


def test_a_monthly_cycle_generates_entitlements_by_age_tier(people, villagers, allowance, enrolled):
    cycle, refused = cycles.create_cycle(
        allowance, by=people.xwz_officer, period=datetime.date(2022, 1, 15)
    )
    assert cycle.period == CYCLE_DAY and cycle.made_by == people.xwz_officer
    assert refused == []
    amounts = dict(cycle.entitlements.values_list("person__name", "amount_yuan"))
    assert amounts == {"王老汉": Decimal("150.00"), "赵奶奶": Decimal("200.00")}
    entitlement = cycle.entitlements.get(person=villagers.wang)
    assert entitlement.unit == villagers.wang.unit and entitlement.household is None
    assert entitlement.payment_status == PaymentStatus.PENDING
    assert AuditEntry.objects.filter(object_repr__contains="王老汉", action="create").count() == 1


def test_only_the_programmes_officers_create_a_cycle(people, allowance, enrolled):
    with pytest.raises(PermissionDenied):
        cycles.create_cycle(allowance, by=people.taer_officer, period=CYCLE_DAY)


def test_a_second_cycle_for_the_same_period_is_refused(people, allowance, enrolled):
    cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    with pytest.raises(ValidationError, match="already has a cycle"):
        cycles.create_cycle(allowance, by=people.xwz_officer, period=datetime.date(2022, 1, 9))


def test_a_dead_person_is_refused_with_the_reason(people, villagers, allowance, enrolled):
    villagers.zhao.status, villagers.zhao.died_on = PersonStatus.DECEASED, CYCLE_DAY
    villagers.zhao.save()
    cycle, refused = cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    assert list(cycle.entitlements.values_list("person__name", flat=True)) == ["王老汉"]
    assert "registered" in names(refused)["赵奶奶"][0]
    assert [r.name for r in cycles.refusals(cycle)] == ["赵奶奶"]


def test_a_second_entitlement_of_the_same_person_is_refused(people, villagers, allowance):
    enrol(allowance, villagers.wang, status=EnrolmentStatus.STOPPED, ended_on=CYCLE_DAY)
    enrol(allowance, villagers.wang, started_on=CYCLE_DAY)
    cycle, refused = cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    assert cycle.entitlements.filter(person=villagers.wang).count() == 1
    assert names(refused) == {"王老汉": ("already has an entitlement in this cycle",)}


def test_a_second_entitlement_of_the_same_household_is_refused(
    people, district, villagers, spring_goods
):
    enrol(spring_goods, villagers.wang, household=villagers.wang_household)
    enrol(spring_goods, villagers.wang_son, household=villagers.wang_household)
    cycle, refused = cycles.create_cycle(
        spring_goods, by=people.subdistrict_officer, period=datetime.date(2022, 1, 25)
    )
    assert cycle.entitlements.filter(household=villagers.wang_household).count() == 1
    assert set(names(refused)["王小"]) == {
        "is not the head of a household",
        "the household already has an entitlement in this cycle",
    }
    entitlement = cycle.entitlements.get()
    assert entitlement.amount_yuan is None and entitlement.payment_status == PaymentStatus.NONE


def test_the_household_rule_refuses_a_second_head_of_one_household(people, villagers, district):
    """Two enrolments that point at the same household, each held by a head who qualifies."""
    goods = Programme.objects.create(
        name="困难户慰问金",
        owner=district.xiwangzhuang,
        kind=ProgrammeKind.CASH_ONCE,
        benefit_unit=BenefitUnit.HOUSEHOLD,
        amount_yuan=Decimal("500"),
        starts_on=datetime.date(2021, 1, 1),
    )
    enrol(goods, villagers.wang, household=villagers.wang_household)
    enrol(goods, villagers.zhao, household=villagers.wang_household)  # recorded on the wrong 户
    cycle, refused = cycles.create_cycle(goods, by=people.xwz_officer, period=CYCLE_DAY)
    assert cycle.entitlements.count() == 1
    assert names(refused) == {"赵奶奶": ("the household already has an entitlement in this cycle",)}


def test_an_entitlement_of_an_excluded_programme_in_the_same_month_is_refused(
    people, villagers, district, allowance
):
    dibao = Programme.objects.create(
        name="农村低保",
        owner=district.xiwangzhuang,
        kind=ProgrammeKind.CASH_MONTHLY,
        amount_yuan=Decimal("600"),
        starts_on=datetime.date(2021, 1, 1),
    )
    allowance.excludes.add(dibao)
    enrol(dibao, villagers.zhao)
    enrol(allowance, villagers.zhao)
    enrol(allowance, villagers.wang)
    cycles.create_cycle(dibao, by=people.xwz_officer, period=CYCLE_DAY)
    cycle, refused = cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    assert list(cycle.entitlements.values_list("person__name", flat=True)) == ["王老汉"]
    assert "农村低保" in names(refused)["赵奶奶"][0]
    february, refused = cycles.create_cycle(
        allowance, by=people.xwz_officer, period=datetime.date(2022, 2, 1)
    )
    assert february.entitlements.count() == 2  # no 低保 cycle in February yet


def test_a_draft_is_generated_again_and_its_history_says_so(people, villagers, allowance, enrolled):
    cycle, _refused = cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    Enrolment.objects.filter(person=villagers.zhao).update(
        status=EnrolmentStatus.STOPPED, ended_on=datetime.date(2021, 12, 31)
    )
    assert cycles.generate_entitlements(cycle, by=people.xwz_officer) == []
    assert list(cycle.entitlements.values_list("person__name", flat=True)) == ["王老汉"]
    events = AuditEntry.objects.filter(object_id=str(cycle.pk), object_repr=str(cycle))
    event = events.filter(before__entitlements__isnull=False).order_by("pk").last()
    assert event.before == {"entitlements": 2} and event.after["entitlements"] == 1


def approved_by_other(cycle, people):
    cycles.submit_cycle(cycle, by=people.xwz_officer)
    return cycles.approve_cycle(cycle, by=people.subdistrict_officer, note="核对无误")


def test_a_second_person_approves_a_submitted_cycle(people, allowance, enrolled):
    cycle, _refused = cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    cycle = approved_by_other(cycle, people)
    assert cycle.status == CycleStatus.APPROVED
    assert (cycle.approved_by, cycle.submitted_by) == (
        people.subdistrict_officer,
        people.xwz_officer,
    )
    with pytest.raises(ValidationError, match="only a draft or returned"):
        cycles.generate_entitlements(cycle, by=people.xwz_officer)


def test_the_maker_cannot_approve_their_cycle(people, allowance, enrolled):
    cycle, _refused = cycles.create_cycle(
        allowance, by=people.subdistrict_officer, period=CYCLE_DAY
    )
    cycles.submit_cycle(cycle, by=people.xwz_officer)
    with pytest.raises(PermissionDenied, match="another person must approve"):
        cycles.approve_cycle(cycle, by=people.subdistrict_officer)
    with pytest.raises(PermissionDenied, match="another person must approve"):
        cycles.approve_cycle(cycle, by=people.xwz_officer)
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.SUBMITTED
    assert cycles.approve_cycle(cycle, by=people.admin).status == CycleStatus.APPROVED


def test_an_officer_outside_the_owner_line_cannot_approve(people, allowance, enrolled):
    cycle, _refused = cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    cycles.submit_cycle(cycle, by=people.xwz_officer)
    with pytest.raises(PermissionDenied):
        cycles.approve_cycle(cycle, by=people.taer_officer)


def test_approval_rechecks_eligibility_and_names_who_fails(people, villagers, allowance, enrolled):
    cycle, _refused = cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    cycles.submit_cycle(cycle, by=people.xwz_officer)
    villagers.zhao.status = PersonStatus.MOVED_OUT
    villagers.zhao.save()
    with pytest.raises(ValidationError, match="赵奶奶"):
        cycles.approve_cycle(cycle, by=people.subdistrict_officer)
    cycle.refresh_from_db()
    assert (cycle.status, cycle.approved_by) == (CycleStatus.SUBMITTED, None)
    cycles.return_cycle(cycle, by=people.subdistrict_officer, reason="赵奶奶已迁出")
    cycles.generate_entitlements(cycle, by=people.xwz_officer)
    cycles.submit_cycle(cycle, by=people.xwz_officer)
    assert cycles.approve_cycle(cycle, by=people.subdistrict_officer).status == "approved"


def test_the_workbench_query_lists_cycles_for_deciders_but_not_their_maker(
    people, allowance, enrolled
):
    from taizhang.core import reviews

    cycle, _refused = cycles.create_cycle(allowance, by=people.xwz_officer, period=CYCLE_DAY)
    cycles.submit_cycle(cycle, by=people.xwz_officer)
    assert list(reviews.waiting_for(cycles.CYCLE_REVIEW, people.subdistrict_officer)) == [cycle]
    assert list(reviews.waiting_for(cycles.CYCLE_REVIEW, people.xwz_officer)) == []
    assert list(reviews.waiting_for(cycles.CYCLE_REVIEW, people.taer_officer)) == []


def test_generation_is_a_constant_number_of_queries(
    people, villagers, allowance, enrolled, django_assert_max_num_queries
):
    from tests.factories import make_person

    cycle, _refused = cycles.create_cycle(
        allowance, by=people.xwz_officer, period=CYCLE_DAY, generate=True
    )
    # Both measured runs regenerate (they drop the cycle's earlier entitlements first).
    with django_assert_max_num_queries(30) as few:
        cycles.generate_entitlements(cycle, by=people.xwz_officer)
    for number in range(20):
        enrol(allowance, make_person(villagers.wang.unit, f"老人{number}", born="1950-01-01"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        cycles.generate_entitlements(cycle, by=people.xwz_officer)
    assert Entitlement.objects.filter(cycle=cycle).count() == 22
