"""Enrolments (享受名单): enrol a person, change the amount, stop with a written reason.

Every other part of the module enrols through `enrol` (an approved application, a confirmed
candidate, an import) and stops through `stop_enrolment` (a periodic review, a death), so the
rules live once: one active enrolment per person and programme, no enrolment in a programme
excluded by one the person receives, none for a person who does not qualify on the day."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import User
from taizhang.lib.dates import add_months
from taizhang.people.models import Household, Person
from taizhang.welfare.access import may_decide
from taizhang.welfare.models import (
    Application,
    BenefitUnit,
    Enrolment,
    EnrolmentStatus,
    Programme,
)
from taizhang.welfare.services import eligibility

# Periodic review where income is unstable (收入不稳定), in months.
UNSTABLE_REVIEW_MONTHS = 6


def next_review(
    programme: Programme, start: datetime.date, *, unstable: bool
) -> datetime.date | None:
    """When an enrolment that starts (or was reviewed) on `start` is next reviewed."""
    months = programme.review_months
    if months is None:
        return None
    if unstable:
        months = min(months, UNSTABLE_REVIEW_MONTHS)
    return add_months(start, months)


def _household_of(person: Person) -> Household | None:
    membership = getattr(person, "household_membership", None)
    return membership.household if membership is not None else None


def refusal(programme: Programme, person: Person, on: datetime.date) -> str:
    """Why `person` may not be enrolled in `programme` on a day ("" if they may)."""
    if Enrolment.objects.filter(
        programme=programme, person=person, status=EnrolmentStatus.ACTIVE
    ).exists():
        return _("%(name)s is already enrolled in %(programme)s.") % {
            "name": person.name,
            "programme": programme.name,
        }
    clash = eligibility.excluded_by(programme, on).filter(person=person).first()
    if clash is not None:
        return _("%(name)s receives %(other)s, which may not be combined with %(programme)s.") % {
            "name": person.name,
            "other": clash.programme.name,
            "programme": programme.name,
        }
    reasons = eligibility.why_not(programme, person, on)
    if reasons:
        return _("%(name)s does not qualify on %(day)s: %(reasons)s.") % {
            "name": person.name,
            "day": on,
            "reasons": _("; ").join(reasons),
        }
    return ""


@transaction.atomic
def enrol(
    programme: Programme,
    person: Person,
    *,
    by: User | None,
    started_on: datetime.date,
    amount_yuan: Decimal | None = None,
    income_unstable: bool = False,
    application: Application | None = None,
    is_demo: bool = False,
) -> Enrolment:
    """Enrol a person (the head, for a household programme) from a day: by whoever writes for
    their village, or by the deciding unit (区民政局) approving their application."""
    decides = application is not None and may_decide(by, programme)
    require_person_or_system(by, writes_for(by, person.unit) or decides)
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one enrolment at a time
    if not programme.is_active:
        raise ValidationError(_("The programme %(name)s is not active.") % {"name": programme.name})
    if started_on < programme.starts_on or (programme.ends_on and started_on > programme.ends_on):
        raise ValidationError({"started_on": _("The day is outside the programme's period.")})
    why = refusal(programme, person, started_on)
    if why:
        raise ValidationError(why)
    household = _household_of(person)
    if programme.benefit_unit == BenefitUnit.HOUSEHOLD and household is None:
        raise ValidationError(_("%(name)s belongs to no household.") % {"name": person.name})
    enrolment = Enrolment(
        programme=programme,
        person=person,
        household=household,
        started_on=started_on,
        amount_yuan=amount_yuan,
        income_unstable=income_unstable,
        next_review_on=next_review(programme, started_on, unstable=income_unstable),
        application=application,
        enrolled_by=by,
        is_demo=is_demo,
    )
    enrolment.full_clean()
    enrolment.save()
    audit.record_create(enrolment, by=by)
    return enrolment


@transaction.atomic
def stop_enrolment(
    enrolment: Enrolment, *, by: User | None, ended_on: datetime.date, reason: str
) -> Enrolment:
    """Stop an enrolment from a day (its last day of benefit), with a written reason."""
    require_person_or_system(by, writes_for(by, enrolment.person.unit))
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(_("The enrolment has already stopped."))
    if not reason.strip():
        raise ValidationError({"stop_reason": _("Give the reason in writing.")})
    if ended_on < enrolment.started_on:
        raise ValidationError({"ended_on": _("An enrolment cannot end before it starts.")})
    before = audit.snapshot(enrolment)
    enrolment.status = EnrolmentStatus.STOPPED
    enrolment.ended_on = ended_on
    enrolment.stop_reason = reason.strip()
    enrolment.next_review_on = None
    enrolment.version += 1
    enrolment.save(update_fields=["status", "ended_on", "stop_reason", "next_review_on", "version"])
    audit.record_update(enrolment, before, by=by, reason=reason)
    return enrolment


@transaction.atomic
def change_enrolment(
    enrolment: Enrolment, *, by: User | None, reason: str, **changes: Any
) -> Enrolment:
    """Change an enrolment's amount, income stability or next review (a review's outcome)."""
    require_person_or_system(by, writes_for(by, enrolment.person.unit))
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(_("The enrolment has stopped."))
    allowed = {"amount_yuan", "income_unstable", "next_review_on"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"fields not changeable here: {sorted(unknown)}")
    before = audit.snapshot(enrolment)
    for name, value in changes.items():
        setattr(enrolment, name, value)
    enrolment.full_clean()
    enrolment.version += 1
    enrolment.save(update_fields=[*changes, "version"])
    audit.record_update(enrolment, before, by=by, reason=reason)
    return enrolment
