"""Periodic reviews of enrolments (定期复核): continue, change the amount, or stop, always with
a written reason. A stop is published like an approval (停发公示) and ends the enrolment; the
next review moves on, six months ahead where the income is unstable (收入不稳定), else by the
programme's period (yearly for 低保)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import acting_user, require_person_or_system, writes_for
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.lib.dates import add_months
from taizhang.welfare.models import (
    Enrolment,
    EnrolmentReview,
    EnrolmentStatus,
    Notice,
    NoticeSubject,
    Programme,
    ReviewOutcome,
)
from taizhang.welfare.models.programmes import MIN_NOTICE_DAYS
from taizhang.welfare.services.enrolments import (
    UNSTABLE_REVIEW_MONTHS,
    change_enrolment,
    stop_enrolment,
)


def due(enrolments: QuerySet[Enrolment], on: datetime.date | None = None) -> QuerySet[Enrolment]:
    """Active enrolments whose review is due by a day (today), the most overdue first."""
    return enrolments.review_due(on).order_by("next_review_on", "pk")  # type: ignore[attr-defined]


def next_review_after(
    programme: Programme, day: datetime.date, *, unstable: bool
) -> datetime.date | None:
    if unstable:
        return add_months(day, UNSTABLE_REVIEW_MONTHS)
    if programme.review_months:
        return add_months(day, programme.review_months)
    return None


@transaction.atomic
def record_review(
    enrolment: Enrolment,
    *,
    by: User | None,
    outcome: str,
    reason: str,
    reviewed_on: datetime.date | None = None,
    new_amount_yuan: Decimal | None = None,
    income_unstable: bool | None = None,
) -> EnrolmentReview:
    """Record a periodic review of an active enrolment with its outcome and reason."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("programme", "person")
        .get(pk=enrolment.pk)
    )
    require_person_or_system(by, writes_for(by, enrolment.person.unit))
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(_("The enrolment has stopped."))
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": [_("Choose an outcome.")]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason in writing.")]})
    today = clock.today()
    reviewed_on = reviewed_on or today
    if reviewed_on > today or reviewed_on < enrolment.started_on:
        raise ValidationError(
            {"reviewed_on": [_("The day is in the future or before the enrolment.")]}
        )
    if outcome == ReviewOutcome.CHANGE and (new_amount_yuan is None or new_amount_yuan < 0):
        raise ValidationError({"new_amount_yuan": [_("Give the new amount.")]})
    review = EnrolmentReview(
        enrolment=enrolment,
        due_on=enrolment.next_review_on or reviewed_on,
        reviewed_on=reviewed_on,
        outcome=outcome,
        reason=reason,
        new_amount_yuan=new_amount_yuan if outcome == ReviewOutcome.CHANGE else None,
        reviewed_by=acting_user(by),
    )
    review.full_clean()
    review.save()
    audit.record_create(review, by=by, reason=reason)
    if outcome == ReviewOutcome.STOP:
        _publish_stop(enrolment, by=by, starts_on=reviewed_on, reason=reason)
        stop_enrolment(enrolment, by=by, ended_on=reviewed_on, reason=reason)
        return review
    unstable = enrolment.income_unstable if income_unstable is None else income_unstable
    changes: dict[str, object] = {
        "income_unstable": unstable,
        "next_review_on": next_review_after(enrolment.programme, reviewed_on, unstable=unstable),
    }
    if outcome == ReviewOutcome.CHANGE:
        changes["amount_yuan"] = new_amount_yuan
    change_enrolment(enrolment, by=by, reason=reason, **changes)
    return review


def _publish_stop(
    enrolment: Enrolment, *, by: User | None, starts_on: datetime.date, reason: str
) -> Notice:
    """停发公示: the stop is shown on the village's public page for the notice days."""
    days = max(enrolment.programme.notice_days, MIN_NOTICE_DAYS)
    notice = Notice(
        unit=enrolment.person.unit,
        subject=NoticeSubject.STOP,
        enrolment=enrolment,
        starts_on=max(starts_on, clock.today()),
        ends_on=max(starts_on, clock.today()) + datetime.timedelta(days=days - 1),
        text=_("%(programme)s stops for this household after its periodic review.")
        % {"programme": enrolment.programme.name},
        created_by=acting_user(by),
    )
    notice.full_clean()
    notice.save()
    audit.record_create(notice, by=by, reason=reason)
    return notice
