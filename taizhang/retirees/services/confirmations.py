"""Yearly confirmation of pension eligibility (领取养老金资格认证) and what follows from it.

A retiree is due 12 months after their last confirmation (or after the handover or the
retirement, when there is none). Overdue by more than the grace period
(`TAIZHANG_RETIREES_GRACE_MONTHS`, 3 by default) the pension is marked to be suspended from the
month after the grace period ends (`mark_suspensions`); a later confirmation marks it to be
resumed, with back pay for the months withheld: from the first month suspended to the month of
the confirmation, both counted. Every change is a `PensionEvent`, listed for the social
insurance agency (the suspend/resume export)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, scope, writes_for
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.lib.dates import add_months
from taizhang.people.models import PersonStatus
from taizhang.retirees.models import (
    Confirmation,
    ConfirmationMethod,
    PensionEvent,
    PensionEventKind,
    PensionState,
    Retiree,
)


def grace_months() -> int:
    return int(settings.TAIZHANG_RETIREES_GRACE_MONTHS)


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def suspended_from(next_due_on: datetime.date, grace: int) -> datetime.date:
    """The first month a pension is withheld: the month after the grace period ends."""
    return add_months(add_months(next_due_on, grace).replace(day=1), 1)


@transaction.atomic
def record_confirmation(
    retiree: Retiree,
    *,
    by: User | None,
    confirmed_on: datetime.date,
    method: str,
    confirmed_by: str,
    notes: str = "",
    is_demo: bool = False,
) -> Confirmation:
    """Record that a living retiree was confirmed on a day, and move their clock to 12 months
    later. A pension marked to be suspended is marked to be resumed, with back pay."""
    retiree = (
        Retiree.objects.select_for_update(of=("self",))
        .select_related("person__unit")
        .get(pk=retiree.pk)
    )
    require_person_or_system(by, writes_for(by, retiree.person.unit))
    if retiree.person.status == PersonStatus.DECEASED:
        raise ValidationError(
            {"retiree": _("%(name)s is deceased: a confirmation cannot be recorded.") % {
                "name": retiree.person.name}})  # fmt: skip
    if confirmed_on > clock.today():
        raise ValidationError(
            {"confirmed_on": _("A confirmation cannot be recorded before it happens.")}
        )
    if confirmed_on < retiree.retired_on:
        raise ValidationError({"confirmed_on": _("A confirmation comes after the retirement.")})
    if method not in ConfirmationMethod.values:
        raise ValidationError({"method": _("Choose how the retiree was confirmed.")})
    if retiree.confirmations.filter(confirmed_on=confirmed_on).exists():
        raise ValidationError({"confirmed_on": _("This retiree is already confirmed on this day.")})
    confirmation = Confirmation(
        retiree=retiree,
        confirmed_on=confirmed_on,
        method=method,
        confirmed_by=" ".join(confirmed_by.split()),
        notes=notes.strip(),
        recorded_by=by,
        is_demo=is_demo,
    )
    confirmation.full_clean()
    confirmation.save()
    audit.record_create(confirmation, by=by)

    before = audit.snapshot(retiree)
    latest = retiree.confirmations.aggregate(latest=Max("confirmed_on"))["latest"]
    retiree.next_due_on = add_months(latest, 12)
    if retiree.pension_state == PensionState.TO_SUSPEND:
        suspension = retiree.pension_events.filter(kind=PensionEventKind.SUSPEND).first()
        start = suspension.from_month if suspension else confirmed_on.replace(day=1)
        months = max(month_index(confirmed_on) - month_index(start) + 1, 0)
        retiree.pension_state = PensionState.TO_RESUME
        event = PensionEvent.objects.create(
            retiree=retiree,
            kind=PensionEventKind.RESUME,
            on=confirmed_on,
            from_month=start,
            back_pay_months=months,
            recorded_by=by,
        )
        audit.record_create(event, by=by)
    retiree.save(update_fields=["next_due_on", "pension_state"])
    audit.record_update(retiree, before, by=by, reason=_("Eligibility confirmed"))
    return confirmation


@transaction.atomic
def mark_suspensions(*, by: User | None, on: datetime.date | None = None) -> list[PensionEvent]:
    """Mark to be suspended every pension, of the retirees the user writes for, whose
    confirmation is overdue by more than the grace period on `on` (today by default). Those
    already marked are left as they are."""
    day = on or clock.today()
    grace = grace_months()
    retirees = Retiree.objects.all() if by is None else scope(Retiree.objects.all(), by)
    candidates = (
        retirees.past_grace(day, grace)
        .filter(pension_state=PensionState.NORMAL)
        .select_related("person__unit")
        .select_for_update(of=("self",))
    )
    events = []
    for retiree in candidates:
        require_person_or_system(by, writes_for(by, retiree.person.unit))
        before = audit.snapshot(retiree)
        retiree.pension_state = PensionState.TO_SUSPEND
        retiree.save(update_fields=["pension_state"])
        event = PensionEvent.objects.create(
            retiree=retiree,
            kind=PensionEventKind.SUSPEND,
            on=day,
            from_month=suspended_from(retiree.next_due_on, grace),
            recorded_by=by,
        )
        audit.record_create(event, by=by)
        audit.record_update(retiree, before, by=by, reason=_("Confirmation overdue"))
        events.append(event)
    return events


@transaction.atomic
def mark_resumed(retiree: Retiree, *, by: User | None) -> Retiree:
    """The agency has resumed the pension (and paid back what was withheld): paid again."""
    require_person_or_system(by, writes_for(by, retiree.person.unit))
    if retiree.pension_state != PensionState.TO_RESUME:
        raise ValidationError({"pension_state": _("The pension is not marked to be resumed.")})
    before = audit.snapshot(retiree)
    retiree.pension_state = PensionState.NORMAL
    retiree.save(update_fields=["pension_state"])
    audit.record_update(retiree, before, by=by, reason=_("Pension resumed by the agency"))
    return retiree
