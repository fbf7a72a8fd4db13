"""Cycles (发放批次): create one, generate its entitlements in bulk, and the maker-checker review
that re-checks eligibility before anything is exported, paid or handed out.

Generation screens every enrolment that holds on the cycle's day (the first of the month for a
monthly allowance, the hand-out's date otherwise) in a constant number of queries and refuses,
with the reasons, not silently: a person who no longer qualifies on the day (dead, moved out,
left a group: `eligibility.failing`), a second entitlement of the same person (or household)
in the cycle, a household programme's member without a household, and a person holding an
entitlement of an excluded programme (低保 / 特困) for the same month. What passes is written
with one bulk insert and its audit rows with one more (`audit.record_bulk`).

Generation runs in the request: a monthly cycle of 50,000 enrolments takes a few seconds
(benchmarks/welfare_cycle_bench.py), so it needs no background job; the approval's re-check is
the same screening.

The review is core.reviews' (`CYCLE_REVIEW`): the maker generates and submits; an officer of
the programme's owner line who did not make it, or a district writer, approves or returns it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import access, audit, reviews
from taizhang.core.inserts import append_values
from taizhang.core.models import AuditAction, Unit, User
from taizhang.welfare.access import may_manage_programme
from taizhang.welfare.models import (
    BenefitUnit,
    Cycle,
    CycleStatus,
    Enrolment,
    Entitlement,
    PaymentStatus,
    Programme,
)
from taizhang.welfare.services import eligibility
from taizhang.welfare.services.amounts import AMOUNT, amount_expression

BATCH = 2000  # rows per INSERT statement
EDITABLE = (CycleStatus.DRAFT, CycleStatus.RETURNED)


@dataclass(frozen=True)
class Refusal:
    """An enrolment that gets no entitlement in the cycle, and why."""

    enrolment_id: int
    person_id: int
    name: str
    reasons: tuple[str, ...]

    def as_text(self) -> str:
        return _("%(name)s: %(reasons)s") % {
            "name": self.name,
            "reasons": _("; ").join(self.reasons),
        }


@dataclass
class Screening:
    """What generating a cycle would write (`rows`, one per entitlement) and refuse."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of `day`'s month: a cycle's period for the exclusion rule."""
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def excluded_holders(programme: Programme, day: datetime.date) -> dict[int, str]:
    """People holding an entitlement of a programme excluded by this one for `day`'s month:
    {person id: that programme's name}."""
    excludes = list(programme.excludes.values_list("pk", flat=True))
    if not excludes:
        return {}
    first, last = month_of(day)
    holders = Entitlement.objects.filter(
        programme_id__in=excludes, cycle__period__gte=first, cycle__period__lte=last
    ).values_list("person_id", "programme__name")
    return dict(holders)


def screen(cycle: Cycle) -> Screening:
    """Every enrolment of the cycle's programme that holds on its day, as rows to insert or
    refusals with reasons. A constant number of queries whatever the number of enrolments."""
    programme, day = cycle.programme, cycle.period
    enrolments = Enrolment.objects.filter(programme=programme).current(day)
    failing = eligibility.failing(programme, day, enrolments)
    blocked = excluded_holders(programme, day)
    by_household = programme.benefit_unit == BenefitUnit.HOUSEHOLD
    amount = (
        amount_expression(programme, day)
        if programme.pays_cash
        else models.Value(None, output_field=AMOUNT)
    )
    payment = PaymentStatus.PENDING if programme.pays_cash else PaymentStatus.NONE
    rows = (
        enrolments.annotate(amount=amount)
        .order_by("started_on", "pk")
        .values_list(
            "pk",
            "person_id",
            "person__name",
            "person__unit_id",
            "household_id",
            "person__household_membership__household_id",
            "amount",
        )
    )
    found = Screening()
    people: set[int] = set()
    households: set[int] = set()
    for pk, person_id, name, unit_id, household_id, member_of, amount_yuan in rows.iterator(
        chunk_size=BATCH
    ):
        reasons = list(failing.get(pk, ()))
        if person_id in blocked:
            reasons.append(
                _("receives %(other)s this month, which may not be combined with %(programme)s")
                % {"other": blocked[person_id], "programme": programme.name}
            )
        if person_id in people:
            reasons.append(_("already has an entitlement in this cycle"))
        household = (household_id or member_of) if by_household else None
        if by_household and household is None:
            reasons.append(_("belongs to no household"))
        elif household is not None and household in households:
            reasons.append(_("the household already has an entitlement in this cycle"))
        if reasons:
            found.refused.append(Refusal(pk, person_id, name, tuple(reasons)))
            continue
        people.add(person_id)
        if household is not None:
            households.add(household)
        found.rows.append(
            {
                "enrolment_id": pk,
                "person_id": person_id,
                "name": name,
                "unit_id": unit_id,
                "household_id": household,
                "amount_yuan": amount_yuan,
                "payment_status": payment,
            }
        )
    return found


# Writes -----------------------------------------------------------------------------------------


@transaction.atomic
def create_cycle(
    programme: Programme,
    *,
    by: User | None,
    period: datetime.date,
    label: str = "",
    generate: bool = True,
    is_demo: bool = False,
) -> tuple[Cycle, list[Refusal]]:
    """A new cycle of a programme for a period (a monthly programme's is the month's first day),
    with its entitlements generated unless `generate` is False. Returns the cycle and the
    refusals of its generation."""
    access.require_person_or_system(by, may_manage_programme(by, programme))
    if programme.is_monthly:
        period = period.replace(day=1)
    if not programme.is_active:
        raise ValidationError(_("The programme %(name)s is not active.") % {"name": programme.name})
    first, last = month_of(period)
    starts, ends = programme.starts_on, programme.ends_on
    if (last if programme.is_monthly else period) < starts or (ends and first > ends):
        raise ValidationError({"period": _("The period is outside the programme's dates.")})
    if not label:
        label = (
            _("%(year)d-%(month)02d") % {"year": period.year, "month": period.month}
            if programme.is_monthly
            else period.isoformat()
        )
    cycle = Cycle(
        programme=programme,
        period=period,
        label=label,
        made_by=access.acting_user(by),
        is_demo=is_demo,
    )
    cycle.full_clean()
    cycle.save()
    audit.record_create(cycle, by=by)
    refused = generate_entitlements(cycle, by=by) if generate else []
    return cycle, refused


@transaction.atomic
def generate_entitlements(cycle: Cycle, *, by: User | None) -> list[Refusal]:
    """(Re)generate a draft or returned cycle's entitlements from the enrolments that hold on
    its day; returns the refusals. Regenerating replaces the previous entitlements (none of a
    draft has been paid or handed out) and records the counts on the cycle's history."""
    cycle = Cycle.objects.select_for_update().select_related("programme").get(pk=cycle.pk)
    access.require_person_or_system(by, may_manage_programme(by, cycle.programme))
    if cycle.status not in EDITABLE:
        raise ValidationError(
            _("The cycle is %(status)s; only a draft or returned cycle is generated.")
            % {"status": cycle.get_status_display()}
        )
    previous = cycle.entitlements.count()
    if previous:
        cycle.entitlements.all().delete()
    found = screen(cycle)
    _insert(cycle, found.rows, by=by)
    audit.record_event(
        cycle,
        by=by,
        action=AuditAction.UPDATE,
        before={"entitlements": previous},
        after={"entitlements": len(found.rows), "refused": len(found.refused)},
        reason=_("Entitlements generated"),
    )
    return found.refused


ENTITLEMENT_COLUMNS = (
    "cycle_id", "programme_id", "enrolment_id", "person_id", "household_id", "unit_id",
    "amount_yuan", "payment_status", "paid_on", "payment_note",
)  # fmt: skip


def _insert(cycle: Cycle, rows: list[dict[str, Any]], *, by: User | None) -> None:
    """Insert the screened rows as entitlements and audit each creation: plain values, no
    model instance per row (core/inserts.py: a multi-row INSERT, COPY on PostgreSQL), which is
    what keeps a cycle of 50,000 within seconds."""
    values = (
        (
            cycle.pk,
            cycle.programme_id,
            row["enrolment_id"],
            row["person_id"],
            row["household_id"],
            row["unit_id"],
            row["amount_yuan"],
            row["payment_status"],
            None,
            "",
        )
        for row in rows
    )
    append_values(Entitlement, ENTITLEMENT_COLUMNS, values)
    ids = dict(cycle.entitlements.order_by().values_list("person_id", "pk"))
    label = str(cycle)
    audit.record_bulk_created(
        Entitlement,
        (
            (
                ids[row["person_id"]],
                f"{label} {row['name']}",
                row["unit_id"],
                {
                    "id": ids[row["person_id"]],
                    "cycle": cycle.pk,
                    "programme": cycle.programme_id,
                    "enrolment": row["enrolment_id"],
                    "person": row["person_id"],
                    "household": row["household_id"],
                    "unit": row["unit_id"],
                    "amount_yuan": None if row["amount_yuan"] is None else str(row["amount_yuan"]),
                    "payment_status": row["payment_status"],
                    "paid_on": None,
                    "payment_note": "",
                },
            )
            for row in rows
        ),
        by=by,
        reason=_("Generated by cycle %(cycle)s") % {"cycle": label},
    )


def refusals(cycle: Cycle) -> list[Refusal]:
    """The enrolments holding on the cycle's day that have no entitlement in it, with the
    reasons generation gives them today (the detail page's list)."""
    have = set(cycle.entitlements.order_by().values_list("enrolment_id", flat=True))
    return [refusal for refusal in screen(cycle).refused if refusal.enrolment_id not in have]


def recheck(cycle: Cycle) -> list[Refusal]:
    """The entitlements of the cycle whose person no longer qualifies on its day, whose
    enrolment no longer holds on it, or who holds an entitlement of an excluded programme for
    the month: what stops an approval."""
    programme, day = cycle.programme, cycle.period
    held = Enrolment.objects.filter(pk__in=cycle.entitlements.values("enrolment_id"))
    failing = eligibility.failing(programme, day, held)
    holding = set(held.current(day).order_by().values_list("pk", flat=True))
    blocked = excluded_holders(programme, day)
    found = []
    rows = cycle.entitlements.values_list("enrolment_id", "person_id", "person__name")
    for enrolment_id, person_id, name in rows.order_by("person__name", "pk"):
        reasons = list(failing.get(enrolment_id, ()))
        if enrolment_id not in holding:
            reasons.append(_("the enrolment no longer holds on %(day)s") % {"day": day})
        if person_id in blocked:
            reasons.append(
                _("receives %(other)s this month, which may not be combined with %(programme)s")
                % {"other": blocked[person_id], "programme": programme.name}
            )
        if reasons:
            found.append(Refusal(enrolment_id or 0, person_id, name, tuple(reasons)))
    return found


# The review (maker-checker) ---------------------------------------------------------------------


def _made_or_submitted_by(user: Any, cycle: Cycle) -> bool:
    pk = getattr(user, "pk", None)
    return pk is not None and pk in (cycle.made_by_id, cycle.submitted_by_id)


def _may_decide(user: Any, cycle: Cycle) -> bool:
    """Officers of the owner unit's line and district writers, never its maker."""
    return may_manage_programme(user, cycle.programme) and not _made_or_submitted_by(user, cycle)


def _deciders_among(user: Any, cycles: models.QuerySet) -> models.QuerySet:
    if access.is_district_writer(user):
        mine = cycles
    elif access.is_unit_writer(user):
        mine = cycles.filter(programme__owner__path__startswith=user.unit.path)
    else:
        return cycles.none()
    return mine.exclude(Q(made_by=user) | Q(submitted_by=user))


def _recipients(cycle: Cycle) -> Iterable[User | Unit]:
    officers = access.officers_of([cycle.programme.owner_id]).exclude(
        pk__in=[pk for pk in (cycle.made_by_id, cycle.submitted_by_id) if pk]
    )
    return list(officers) or list(access.district_writers())


def _may_submit(user: Any, cycle: Cycle) -> bool:
    return may_manage_programme(user, cycle.programme)


def _recheck_at_approval(cycle: Cycle, by: User | None, note: str) -> list[str]:
    """Approval re-checks eligibility and exclusions: anyone failing stops it, by name."""
    failing = recheck(cycle)
    if failing:
        raise ValidationError(
            _(
                "Not approved: %(count)d no longer qualify on %(day)s — %(people)s. Generate the "
                "cycle again or stop their enrolments."
            )
            % {
                "count": len(failing),
                "day": cycle.period,
                "people": _("; ").join(refusal.as_text() for refusal in failing[:20]),
            }
        )
    if not cycle.entitlements.exists():
        raise ValidationError(_("The cycle has no entitlements."))
    return []


CYCLE_REVIEW = reviews.Review(
    model=Cycle,
    label=gettext_lazy("Cycles to approve"),
    editable=EDITABLE,
    submitted=CycleStatus.SUBMITTED,
    approved=CycleStatus.APPROVED,
    returned=CycleStatus.RETURNED,
    deciders=reviews.Deciders(_may_decide, _deciders_among, _recipients),
    may_submit=_may_submit,
    submitted_by_field="submitted_by",
    four_eyes=True,
    approved_by_field="approved_by",
    approved_at_field="approved_at",
    on_approve=_recheck_at_approval,
)


def submit_cycle(cycle: Cycle, *, by: User | None, note: str = "") -> Cycle:
    """Submit a generated cycle for approval by a second person (提交复核)."""
    if not cycle.entitlements.exists():
        raise ValidationError(_("The cycle has no entitlements; generate it first."))
    return reviews.submit(CYCLE_REVIEW, cycle, by=by, note=note)


def approve_cycle(cycle: Cycle, *, by: User | None, note: str = "") -> Cycle:
    """Approve a submitted cycle (审核通过) after re-checking everyone in it; never by the
    person who made or submitted it."""
    cycle = Cycle.objects.select_related("programme").get(pk=cycle.pk)
    if _made_or_submitted_by(by, cycle):
        raise PermissionDenied(
            _("You made or submitted this cycle; another person must approve it.")
        )
    return reviews.approve(CYCLE_REVIEW, cycle, by=by, note=note)


def return_cycle(cycle: Cycle, *, by: User | None, reason: str) -> Cycle:
    """Send a submitted cycle back to its maker with the reason (退回)."""
    return reviews.send_back(CYCLE_REVIEW, cycle, by=by, reason=reason)


def can_decide(cycle: Cycle, user: Any) -> bool:
    return reviews.can_decide(CYCLE_REVIEW, cycle, user)


def require_approved(cycle: Cycle) -> None:
    """Only an approved cycle is exported to the bank, paid or handed out."""
    if cycle.status != CycleStatus.APPROVED:
        raise ValidationError(
            _("The cycle %(cycle)s is not approved yet.") % {"cycle": cycle}, code="not_approved"
        )


def totals(cycles: models.QuerySet) -> dict[str, Any]:
    """Counts and amounts of entitlements by payment status, for a cycle's page (one query)."""
    found = Entitlement.objects.filter(cycle__in=cycles).aggregate(
        count=Count("pk"),
        amount=Sum("amount_yuan"),
        paid=Count("pk", filter=Q(payment_status=PaymentStatus.PAID)),
        paid_amount=Sum("amount_yuan", filter=Q(payment_status=PaymentStatus.PAID)),
        failed=Count("pk", filter=Q(payment_status=PaymentStatus.FAILED)),
        pending=Count("pk", filter=Q(payment_status=PaymentStatus.PENDING)),
        collected=Count("pk", filter=Q(handout__isnull=False)),
    )
    found["amount"] = found["amount"] or Decimal("0")
    found["paid_amount"] = found["paid_amount"] or Decimal("0")
    return found
