"""Submission and decision through the shared review helper (core/reviews.py): the
deciding unit (区民政局) approves and enrols, refuses in writing, or returns."""

from __future__ import annotations

import contextvars
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import access, audit, reviews
from taizhang.core.access import acting_user, require, writes_for
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.welfare.access import may_decide
from taizhang.welfare.models import (
    Application,
)
from taizhang.welfare.services.applications.common import (
    S,
    check_status,
    eligibility_failures,
    locked,
    log_step,
    notice_objections_block,
    notice_of,
    save_application,
    written,
)
from taizhang.welfare.services.enrolments import enrol

# Submission and decision, through the shared review helper -----------------------------------


def _may_submit(user: Any, application: Application) -> bool:
    return writes_for(user, application.unit)


def _submitting(application: Application, by: User | None, note: str) -> list[str]:
    """Only once the notice has run its full days, with every objection checked and none of
    this period found to be true."""
    notice = notice_of(application)
    if notice is None:
        raise ValidationError(_("The application has no public notice."))
    if clock.today() <= notice.ends_on:
        raise ValidationError(
            _("The public notice runs until %(end)s; submit the application after it has run "
              "its full days.") % {"end": notice.ends_on}
        )  # fmt: skip
    blocked = notice_objections_block(notice)
    if blocked:
        raise ValidationError(blocked)
    log_step(application, "submitted", S.IN_NOTICE, note, by)
    return []


@dataclass(frozen=True)
class _Terms:
    enrol_from: datetime.date
    amount_yuan: Decimal | None
    income_unstable: bool


# The terms of the approval being made, for the review helper's hooks (which get the record
# fresh from the database, locked).
_terms: contextvars.ContextVar[_Terms] = contextvars.ContextVar("application_terms")


def _approving(application: Application, by: User | None, note: str) -> list[str]:
    terms = _terms.get()
    application.enrol_from = terms.enrol_from
    application.amount_yuan = terms.amount_yuan
    application.decided_by = acting_user(by)
    application.decided_at = clock.now()
    application.decision_note = note
    log_step(application, "approved", S.SUBMITTED, note, by)
    return ["decided_by", "decided_at", "decision_note", "amount_yuan", "enrol_from"]


def _approved(application: Application, by: User | None, note: str) -> None:
    terms = _terms.get()
    enrol(
        application.programme,
        application.applicant,
        by=by,
        started_on=terms.enrol_from,
        amount_yuan=terms.amount_yuan,
        income_unstable=terms.income_unstable,
        application=application,
        is_demo=application.is_demo,
    )


def _returning(application: Application, by: User | None, reason: str) -> list[str]:
    log_step(application, "returned", S.SUBMITTED, reason, by)
    return []


def _deciders_among(user: Any, records: QuerySet) -> QuerySet:
    if access.is_district_writer(user):
        return records
    if not access.is_unit_writer(user):
        return records.none()
    path = user.unit.path
    return records.filter(
        Q(programme__deciding_unit__path__startswith=path)
        | Q(programme__deciding_unit__isnull=True, programme__owner__path__startswith=path)
    )


APPLICATION_REVIEW = reviews.Review(
    model=Application,
    label=gettext_lazy("Applications to decide"),
    editable=(S.IN_NOTICE,),
    submitted=S.SUBMITTED,
    approved=S.APPROVED,
    returned=S.RETURNED,
    deciders=reviews.Deciders(
        may=lambda user, record: may_decide(user, record.programme),
        among=_deciders_among,
        recipients=lambda record: [record.programme.decider],
    ),
    may_submit=_may_submit,
    on_submit=_submitting,
    on_approve=_approving,
    on_return=_returning,
    after_approve=_approved,
)


def submit_application(application: Application, *, by: User | None, note: str = "") -> Application:
    """Send the application to the deciding unit once its 公示 is over."""
    return reviews.submit(APPLICATION_REVIEW, application, by=by, note=note)


@transaction.atomic
def approve_application(
    application: Application,
    *,
    by: User | None,
    enrol_from: datetime.date,
    note: str = "",
    amount_yuan: Decimal | None = None,
    income_unstable: bool = False,
) -> Application:
    """审批: the deciding unit approves; eligibility, the income per head against the standard
    and the exclusions are checked again on the enrolment day, and the person is enrolled
    from it (`enrol`)."""
    application = locked(application)
    require(by is not None and may_decide(by, application.programme))
    check_status(application, (S.SUBMITTED,), _("approved"))
    if amount_yuan is not None and amount_yuan < 0:
        raise ValidationError({"amount_yuan": [_("An amount is not negative.")]})
    if enrol_from < application.received_on:
        raise ValidationError({"enrol_from": [_("Enrolment starts after the application.")]})
    failures = eligibility_failures(application, enrol_from)
    if failures:
        raise ValidationError(
            _("%(name)s does not qualify on %(day)s: %(reasons)s.")
            % {"name": application.applicant.name, "day": enrol_from,
               "reasons": _("; ").join(failures)}
        )  # fmt: skip
    token = _terms.set(_Terms(enrol_from, amount_yuan, income_unstable))
    try:
        return reviews.approve(APPLICATION_REVIEW, application, by=by, note=note.strip())
    finally:
        _terms.reset(token)


def return_application(application: Application, *, by: User | None, reason: str) -> Application:
    """Send the application back for a new home investigation (退回), with the reason."""
    return reviews.send_back(APPLICATION_REVIEW, application, by=by, reason=reason)


@transaction.atomic
def refuse_application(application: Application, *, by: User | None, reasons: str) -> Application:
    """不予批准: the deciding unit refuses in writing, with the reasons."""
    application = locked(application)
    require(by is not None and may_decide(by, application.programme))
    check_status(application, (S.SUBMITTED,), _("refused"))
    reasons = written(reasons, "reasons", _("Give the reasons of the refusal in writing."))
    before = audit.snapshot(application)
    application.status = S.REFUSED
    application.decision_note = reasons
    application.review_note = reasons
    application.decided_by = acting_user(by)
    application.decided_at = clock.now()
    fields = ["status", "decision_note", "review_note", "decided_by", "decided_at"]
    save_application(application, before, fields, by=by)
    audit.record_update(application, before, by=by, reason=reasons)
    log_step(application, "refused", S.SUBMITTED, reasons, by)
    return application
