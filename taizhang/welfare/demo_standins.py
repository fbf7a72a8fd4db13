"""Writes of the welfare demo that stand in for services not yet in main.

Each function names the service it stands in for; when that service lands, the demo calls it
instead (the lead switches them one by one). Meanwhile each keeps the rules the service will
enforce, so the demo's records are ones the module could have made: one entitlement per person
(and household) per cycle, no entitlement in a programme excluded by one the person receives,
a cycle approved by someone other than its maker, stock never below zero, a hand-out recorded
once, a 公示 of at least seven days. Records are written in bulk (a few statements per table)
with their audit rows (audit.record_bulk): the demo loads within a second or two."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone

from taizhang.core import audit
from taizhang.core.access import SYSTEM
from taizhang.core.models import Unit, User
from taizhang.lib.dates import add_months
from taizhang.people.models import Group
from taizhang.welfare.models import (
    Application,
    ApplicationStep,
    BasketItem,
    BenefitUnit,
    Cycle,
    CycleStatus,
    Enrolment,
    EnrolmentReview,
    Entitlement,
    Handout,
    Investigation,
    Notice,
    NoticeSubject,
    Objection,
    PaymentStatus,
    Programme,
    ReviewOutcome,
    Stock,
    Tier,
    Visit,
)
from taizhang.welfare.models.programmes import MIN_NOTICE_DAYS
from taizhang.welfare.services import eligibility
from taizhang.welfare.services.amounts import amount_for
from taizhang.welfare.services.enrolments import UNSTABLE_REVIEW_MONTHS


def _audit(records: Iterable[Model], by: User | None) -> None:
    audit.record_bulk(((record, None) for record in records), by=by)


def create_programme(
    *,
    tiers: Sequence[tuple[int, int | None, str]] = (),
    basket: Sequence[tuple[str, str, str]] = (),
    residence: Sequence[Unit] = (),
    groups: Sequence[Group] = (),
    excludes: Sequence[Programme] = (),
    **fields: Any,
) -> Programme:
    """Stands in for `services.programmes.create_programme`: the programme checked and saved
    with its age tiers (min, max, yuan), basket (item, quantity, unit of measure), villages,
    groups and exclusions, audited as the platform (SYSTEM)."""
    programme = Programme(is_demo=True, **fields)
    programme.full_clean()
    programme.save()
    made: list[Model] = [programme]
    made += Tier.objects.bulk_create(
        Tier(programme=programme, min_age=low, max_age=high, amount_yuan=Decimal(amount))
        for low, high, amount in tiers
    )
    made += BasketItem.objects.bulk_create(
        BasketItem(programme=programme, name=name, quantity=Decimal(qty), unit_of_measure=measure)
        for name, qty, measure in basket
    )
    programme.residence_units.set(residence)
    programme.groups.set(groups)
    programme.excludes.set(excludes)
    _audit(made, SYSTEM)
    return programme


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment of a demo day, in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class CycleSpec:
    """One cycle to make: its period and label, when it was made and approved, and the day its
    cash was paid (None: goods or no payment)."""

    period: datetime.date
    label: str
    made_on: datetime.date
    approved_on: datetime.date
    paid_on: datetime.date | None = None


def approved_cycles(
    programme: Programme,
    specs: Sequence[CycleSpec],
    enrolments: Sequence[Enrolment],
    *,
    maker: User,
    checker: User,
    note: str = "",
) -> list[tuple[Cycle, list[Entitlement]]]:
    """Stands in for `services.cycles` (create, generate, submit, approve, record payments):
    approved cycles of a programme, each with one entitlement per enrolment holding on its
    period whose person still qualifies that day and receives no excluded programme, the
    amount by `amounts.amount_for` (tiers on the person's age that day), paid on the spec's
    day for a cash programme."""
    if maker.pk == checker.pk:
        raise ValueError("a cycle is approved by someone other than its maker")
    cycles = Cycle.objects.bulk_create(
        Cycle(
            programme=programme,
            period=spec.period,
            label=spec.label,
            status=CycleStatus.APPROVED,
            review_note=note,
            made_by=maker,
            submitted_by=maker,
            approved_by=checker,
            approved_at=at(spec.approved_on, 15),
            created_at=at(spec.made_on, 9),
            is_demo=True,
        )
        for spec in specs
    )
    # A household's entitlement is one per cycle; a person's names no household (a couple
    # both aged 60 and over receives two allowances).
    per_household = programme.benefit_unit == BenefitUnit.HOUSEHOLD
    entitlements: list[Entitlement] = []
    per_cycle: list[tuple[Cycle, list[Entitlement]]] = []
    for cycle, spec in zip(cycles, specs, strict=True):
        blocked = set(
            eligibility.excluded_by(programme, spec.period).values_list("person_id", flat=True)
        )
        # The re-check at approval: whoever no longer qualifies that day is left out.
        enrolled = Enrolment.objects.filter(pk__in=[enrolment.pk for enrolment in enrolments])
        failing = eligibility.failing(programme, spec.period, enrolled)
        rows = []
        for enrolment in enrolments:
            holds = enrolment.started_on <= spec.period and (
                enrolment.ended_on is None or enrolment.ended_on >= spec.period
            )
            if not holds or enrolment.person_id in blocked or enrolment.pk in failing:
                continue
            cash = programme.pays_cash
            rows.append(
                Entitlement(
                    cycle=cycle,
                    programme=programme,
                    enrolment=enrolment,
                    person_id=enrolment.person_id,
                    household_id=enrolment.household_id if per_household else None,
                    unit_id=enrolment.person.unit_id,
                    amount_yuan=amount_for(enrolment, spec.period) if cash else None,
                    payment_status=PaymentStatus.PAID if cash else PaymentStatus.NONE,
                    paid_on=spec.paid_on if cash else None,
                )
            )
        per_cycle.append((cycle, rows))
        entitlements += rows
    Entitlement.objects.bulk_create(entitlements)
    _audit(cycles, maker)
    _audit(entitlements, maker)
    return per_cycle


@dataclass
class Collection:
    """One household's collection at the distribution site."""

    entitlement: Entitlement
    received_by: str
    handed_at: datetime.datetime
    code: str
    by: User


@dataclass
class HandoutDay:
    """A village's stock for a hand-out cycle (per basket item, in baskets) and its
    collections."""

    unit: Unit
    baskets_received: int
    collections: list[Collection] = field(default_factory=list)


def receive_and_hand_out(cycle: Cycle, days: Sequence[HandoutDay], *, by: User) -> None:
    """Stands in for `services.handouts` (receive stock, record a hand-out with a one-time
    code): each village's stock of every basket item, and one hand-out per collected
    entitlement, the stock taken down by the basket; never below zero, never twice."""
    items = list(cycle.programme.basket.all())
    stock: list[Stock] = []
    handouts: list[Handout] = []
    seen: set[int] = set()
    for day in days:
        if len(day.collections) > day.baskets_received:
            raise ValueError(f"{day.unit}: more hand-outs than baskets received")
        for item in items:
            stock.append(
                Stock(
                    cycle=cycle,
                    unit=day.unit,
                    item=item,
                    received=item.quantity * day.baskets_received,
                    handed_out=item.quantity * len(day.collections),
                )
            )
        for collection in day.collections:
            if collection.entitlement.pk in seen:
                raise ValueError("a hand-out is recorded once")
            seen.add(collection.entitlement.pk)
            handouts.append(
                Handout(
                    entitlement=collection.entitlement,
                    received_by=collection.received_by,
                    method="code",
                    code_last_digits=collection.code,
                    handed_at=collection.handed_at,
                    recorded_by=collection.by,
                )
            )
    Stock.objects.bulk_create(stock)
    Handout.objects.bulk_create(handouts)
    _audit(stock, by)
    _audit(handouts, by)


def reviews_until(
    enrolments: Sequence[Enrolment], today: datetime.date, *, due: int, by: User
) -> list[EnrolmentReview]:
    """Stands in for `services.reviews.record_review` (outcome: continue): the periodic
    reviews of active enrolments from their first due day until today, each moving the next
    review on by the programme's interval (six months where income is unstable), so the
    workbench lists only what is due now — the last `due` enrolments keep their latest review
    due."""
    reviews: list[EnrolmentReview] = []
    changed: list[tuple[Enrolment, dict[str, Any]]] = []
    for index, enrolment in enumerate(enrolments):
        months = enrolment.programme.review_months
        if enrolment.status != "active" or enrolment.next_review_on is None or not months:
            continue
        if enrolment.income_unstable:
            months = min(months, UNSTABLE_REVIEW_MONTHS)
        before = audit.snapshot(enrolment)
        keep_due = index >= len(enrolments) - due
        while add_months(enrolment.next_review_on, months if keep_due else 0) <= today:
            reviewed_on = enrolment.next_review_on - datetime.timedelta(days=3)
            reviews.append(
                EnrolmentReview(
                    enrolment=enrolment,
                    due_on=enrolment.next_review_on,
                    reviewed_on=reviewed_on,
                    outcome=ReviewOutcome.CONTINUE,
                    reason="入户复核：家庭人口、收入和财产状况无明显变化，继续享受。",
                    reviewed_by=by,
                    created_at=at(reviewed_on, 16),
                )
            )
            enrolment.next_review_on = add_months(enrolment.next_review_on, months)
        if enrolment.next_review_on != before["next_review_on"]:
            enrolment.version += 1
            changed.append((enrolment, before))
    EnrolmentReview.objects.bulk_create(reviews)
    Enrolment.objects.bulk_update([e for e, _before in changed], ["next_review_on", "version"])
    _audit(reviews, by)
    audit.record_bulk(changed, by=by, reason="定期复核")
    return reviews


def record_visits(visits: Sequence[Visit], *, by: User) -> None:
    """Stands in for `services.visits.record_visit`: the visits written in one statement."""
    for visit in visits:
        visit.is_demo = True
    Visit.objects.bulk_create(visits)
    _audit(visits, by)


@dataclass
class Step:
    """One step of an application's history: (step, to status, note, by, on)."""

    step: str
    to_status: str
    note: str
    by: User
    on: datetime.date


@dataclass
class History:
    """An application's records besides itself: its steps, home investigation, 公示 and any
    objection raised during it."""

    steps: list[Step]
    investigation: dict[str, Any] | None = None
    notice: tuple[datetime.date, datetime.date, str] | None = None
    objection: dict[str, Any] | None = None


def file_application(application: Application, history: History) -> Application:
    """Stands in for `services.applications` (receive, investigate, preliminary review, 公示,
    submit, approve or refuse): the application as its steps left it, with the timeline, the
    two-staff investigation, a 公示 of at least seven days and the objections."""
    application.is_demo = True
    application.full_clean()
    application.save()
    made: list[Model] = [application]
    previous = ""
    steps = []
    for step in history.steps:
        steps.append(
            ApplicationStep(
                application=application,
                step=step.step,
                from_status=previous,
                to_status=step.to_status,
                note=step.note,
                by=step.by,
                at=at(step.on),
            )
        )
        previous = step.to_status
    made += ApplicationStep.objects.bulk_create(steps)
    if history.investigation is not None:
        investigation = Investigation(
            application=application,
            recorded_at=at(history.investigation["investigated_on"], 17),
            **history.investigation,
        )
        investigation.full_clean()
        investigation.save()
        made.append(investigation)
    if history.notice is not None:
        starts, ends, text = history.notice
        if (ends - starts).days + 1 < MIN_NOTICE_DAYS:
            raise ValueError("a 公示 lasts at least seven days")
        notice = Notice.objects.create(
            unit=application.unit,
            subject=NoticeSubject.APPROVAL,
            application=application,
            starts_on=starts,
            ends_on=ends,
            text=text,
            created_by=history.steps[0].by,
            created_at=at(starts, 9),
        )
        made.append(notice)
        if history.objection is not None:
            objection = Objection.objects.create(
                notice=notice,
                recorded_at=at(history.objection["received_on"], 15),
                **history.objection,
            )
            made.append(objection)
    _audit(made, history.steps[0].by)
    return application
