"""The welfare demo (村民福利节节高, 2022): the six programmes, 寺儿村's allowance paid every
month by age tier, the Spring Festival goods handed out to every household of three villages
but a few, visits to the five groups, the water fees, and 低保 applications in 公示 and refused.

The demo is loaded once for the module (it builds on the district's and the registry's
demos): each test runs in a savepoint of that load and rolls back."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.db import transaction

from taizhang.core.demo import load_demo_district
from taizhang.core.models import AuditEntry, User
from taizhang.lib import clock
from taizhang.people import demo as people_demo
from taizhang.people.models import GroupMembership, Household
from taizhang.welfare import demo
from taizhang.welfare.models import (
    Application,
    ApplicationStatus,
    Cycle,
    CycleStatus,
    Enrolment,
    Entitlement,
    Handout,
    Objection,
    PaymentStatus,
    Programme,
    Stock,
    Visit,
)
from taizhang.welfare.services.amounts import tier_for

pytestmark = pytest.mark.django_db
THREE_VILLAGES = ("小南头村", "塔儿村", "东王庄村")
SEED_GROUPS = {"低保户", "特困供养", "困难党员", "孤寡老人", "大病患者"}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_district()
        admin = User.objects.get(username="admin")
        people_demo.load(admin)
        demo.load(admin)
        yield SimpleNamespace(admin=admin)
        transaction.set_rollback(True)


def programme(name: str) -> Programme:
    return Programme.objects.get(name=name, is_demo=True)


def test_the_seeds_six_programmes_exist_with_their_kinds(loaded):
    kinds = dict(Programme.objects.filter(is_demo=True).values_list("name", "kind"))
    assert kinds == {
        "最低生活保障（低保）": "cash_monthly",
        "特困人员救助供养": "cash_monthly",
        "60岁以上老人生活补贴": "cash_monthly",
        "春节米面油慰问品": "in_kind",
        "节日走访慰问": "visit",
        "村民水费代缴": "fee",
    }
    dibao = programme("最低生活保障（低保）")
    assert dibao.deciding_unit.name == "区民政局" and dibao.income_standard_yuan == 580
    assert [p.name for p in dibao.excludes.all()] == ["特困人员救助供养"]
    goods = programme("春节米面油慰问品")
    assert goods.owner.name == "小南头街道" and goods.benefit_unit == "household"
    assert {u.name for u in goods.residence_units.all()} == set(THREE_VILLAGES)
    assert sorted(str(item) for item in goods.basket.all()) == [
        "大米 10 kg",
        "面粉 5 kg",
        "食用油 5 L",
    ]
    visits = programme("节日走访慰问")
    assert {group.name for group in visits.groups.all()} == SEED_GROUPS
    for enrolled in Programme.objects.filter(is_demo=True):
        assert enrolled.enrolments.filter(is_demo=True).exists(), enrolled


def test_sier_allowance_has_twelve_approved_cycles_paid_by_age_tier_to_people_of_60_and_over(
    loaded,
):
    allowance = programme("60岁以上老人生活补贴")
    assert allowance.owner.name == "寺儿村"
    cycles = list(Cycle.objects.filter(programme=allowance).order_by("period"))
    assert [c.period for c in cycles] == [datetime.date(2022, m, 1) for m in range(1, 13)]
    tiers = list(allowance.tiers.all())
    assert [t.amount_yuan for t in tiers] == [100, 150, 200]
    for cycle in cycles:
        assert cycle.status == CycleStatus.APPROVED
        assert cycle.approved_by_id and cycle.approved_by_id != cycle.made_by_id
        entitlements = list(cycle.entitlements.select_related("person"))
        assert len(entitlements) >= 10
        for entitlement in entitlements:
            age = entitlement.person.age_on(cycle.period)
            assert age >= 60
            assert entitlement.amount_yuan == tier_for(tiers, age).amount_yuan
            assert entitlement.payment_status == PaymentStatus.PAID and entitlement.paid_on
            assert entitlement.person.unit.name == "寺儿村"
    amounts = set(Entitlement.objects.filter(programme=allowance).values_list("amount_yuan"))
    assert len(amounts) >= 2


def test_spring_festival_goods_go_to_every_household_of_three_villages_a_few_not_collected(
    loaded,
):
    cycle = Cycle.objects.get(programme=programme("春节米面油慰问品"))
    assert cycle.status == CycleStatus.APPROVED and cycle.period < datetime.date(2022, 2, 1)
    households = set(
        Household.objects.filter(unit__name__in=THREE_VILLAGES, is_demo=True).values_list(
            "pk", flat=True
        )
    )
    owed = set(cycle.entitlements.values_list("household_id", flat=True))
    assert owed == households
    collected = Handout.objects.filter(entitlement__cycle=cycle).count()
    assert 3 <= len(households) - collected <= 6
    for stock in Stock.objects.filter(cycle=cycle).select_related("item", "unit"):
        done = Handout.objects.filter(entitlement__cycle=cycle, entitlement__unit=stock.unit)
        assert stock.handed_out == stock.item.quantity * done.count()
        assert stock.remaining >= 0
    assert Stock.objects.filter(cycle=cycle).values("unit").distinct().count() == 3


def test_nobody_receives_both_dibao_and_tekun(loaded):
    dibao = set(programme("最低生活保障（低保）").enrolments.values_list("person_id", flat=True))
    tekun = set(programme("特困人员救助供养").enrolments.values_list("person_id", flat=True))
    assert dibao and tekun and not dibao & tekun
    members = GroupMembership.objects.filter(group__code="tekun", person__in=tekun)
    assert members.current(datetime.date(2022, 1, 1)).count() >= len(tekun)


def test_one_application_is_in_a_running_public_notice_of_seven_days_or_more(loaded):
    application = Application.objects.get(status=ApplicationStatus.IN_NOTICE, is_demo=True)
    notice = application.notice
    assert notice.starts_on <= clock.today() <= notice.ends_on
    assert (notice.ends_on - notice.starts_on).days + 1 >= 7
    assert application.deadline > clock.today()
    assert application.investigations.get().first_investigator_id != (
        application.investigations.get().second_investigator_id
    )
    # The service's 公示 names the village and the programme, never the applicant.
    assert application.applicant.name not in notice.text
    assert application.applicant.id_number not in notice.text
    assert not Enrolment.objects.filter(person=application.applicant).exists()


def test_one_application_is_refused_in_writing_and_two_approved_are_enrolled(loaded):
    refused = Application.objects.get(status=ApplicationStatus.REFUSED, is_demo=True)
    assert "不予批准" in refused.decision_note and "580" in refused.decision_note
    assert refused.decided_by.username == "minzhengju"
    steps = list(refused.steps.values_list("step", "to_status"))
    assert steps == [
        ("received", "received"),
        ("investigated", "investigated"),
        ("preliminary_passed", "in_notice"),
        ("submitted", "submitted"),
        ("refused", "refused"),
    ]
    assert refused.steps.last().note == refused.decision_note
    approved = Application.objects.filter(status=ApplicationStatus.APPROVED, is_demo=True)
    assert approved.count() == 2
    for application in approved:
        enrolment = application.enrolment
        assert enrolment.started_on == application.enrol_from > application.received_on
        assert enrolment.amount_yuan == application.amount_yuan > 0
        submitted = application.steps.get(step="submitted").at.date()
        assert submitted > application.notice.ends_on
    objection = Objection.objects.get(notice__application__in=approved)
    assert objection.sustained is False and objection.handling


def test_periodic_reviews_since_2022_leave_only_a_few_due_today(loaded):
    enrolled = Enrolment.objects.filter(
        programme__name__in=["最低生活保障（低保）", "特困人员救助供养"], is_demo=True
    )
    assert enrolled.review_due(clock.today()).count() == 3
    for enrolment in enrolled:
        reviews = list(enrolment.reviews.all())
        assert reviews and all(review.outcome == "continue" and review.reason for review in reviews)
        assert all(review.reviewed_on <= review.due_on for review in reviews)


def test_visits_reach_members_of_the_five_groups_some_with_cash(loaded):
    visits = Visit.objects.filter(is_demo=True, programme=programme("节日走访慰问"))
    assert visits.count() >= 20
    visited = set(visits.values_list("person_id", flat=True))
    groups = set(
        GroupMembership.objects.current(datetime.date(2022, 1, 1))
        .filter(person__in=visited)
        .values_list("group__name", flat=True)
    )
    assert groups >= SEED_GROUPS
    assert visits.filter(amount_yuan__gt=0).exists() and visits.filter(amount_yuan=None).exists()
    assert visits.filter(visited_on__lt=datetime.date(2022, 2, 1)).exists()


def test_the_village_pays_every_sier_households_water_fee(loaded):
    cycle = Cycle.objects.get(programme=programme("村民水费代缴"))
    assert cycle.status == CycleStatus.APPROVED and cycle.approved_by_id != cycle.made_by_id
    households = Household.objects.filter(unit__name="寺儿村", is_demo=True).count()
    paid = cycle.entitlements.filter(payment_status=PaymentStatus.PAID, amount_yuan=180)
    assert paid.count() == households


def test_it_is_audited_and_running_it_again_changes_nothing(loaded):
    for model in (Programme, Enrolment, Cycle, Visit, Application):
        created = AuditEntry.objects.filter(
            content_type__app_label="welfare",
            content_type__model=model._meta.model_name,
            action="create",
        )
        assert created.count() == model.objects.count() > 0, model
    counts = (Programme.objects.count(), Enrolment.objects.count(), AuditEntry.objects.count())
    demo.load(loaded.admin)
    assert (Programme.objects.count(), Enrolment.objects.count(), AuditEntry.objects.count()) == (
        counts
    )
