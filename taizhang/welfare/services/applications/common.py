"""What the steps of an application share: the timeline row, the lock, the state and
written-reason checks, the eligibility re-check and the reads of the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import access, audit, versions
from taizhang.core.access import acting_user, writes_for
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.people.models import Person
from taizhang.welfare.models import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    Enrolment,
    Notice,
)
from taizhang.welfare.services import eligibility

S = ApplicationStatus
INVESTIGABLE = (S.RECEIVED, S.INVESTIGATED, S.RETURNED)


# The steps of the timeline (`ApplicationStep.step`) as the page names them.
STEP_LABELS = {
    "received": gettext_lazy("Received"),
    "investigated": gettext_lazy("Home investigation"),
    "preliminary_passed": gettext_lazy("Preliminary review passed; public notice opened"),
    "preliminary_refused": gettext_lazy("Preliminary review not passed: refused"),
    "objection": gettext_lazy("Objection received"),
    "objection_sustained": gettext_lazy("Objection found true"),
    "objection_dismissed": gettext_lazy("Objection dismissed"),
    "submitted": gettext_lazy("Submitted for approval"),
    "approved": gettext_lazy("Approved"),
    "refused": gettext_lazy("Refused"),
    "returned": gettext_lazy("Returned"),
    "extended": gettext_lazy("Deadline extended"),
    "withdrawn": gettext_lazy("Withdrawn"),
}


# Reading --------------------------------------------------------------------------------------


def income_of(application: Application) -> Decimal | None:
    """The household's monthly income as verified at home (the last investigation that found
    it), else as declared."""
    verified = [
        i.verified_income_yuan
        for i in application.investigations.all()
        if i.verified_income_yuan is not None
    ]
    return verified[-1] if verified else application.monthly_income_yuan


def may_preliminary_review(user: Any, application: Application) -> bool:
    """初审: whoever writes for the village; for a flagged application (a relative of staff or
    a village cadre) only an officer of the subdistrict or above, never the village's own."""
    if not writes_for(user, application.unit):
        return False
    if not application.is_staff_relative:
        return True
    own = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    return access.is_district_writer(user) or (
        own is not None and not own.path.startswith(application.unit.path)
    )


def notice_objections_block(notice: Notice) -> str:
    """Why the notice keeps the application from going on ("" if nothing does): an objection
    not yet checked, or one of this notice period found to be true."""
    objections = list(notice.objections.all())
    if any(o.sustained is None for o in objections):
        return _("An objection has not been checked yet.")
    if any(o.sustained and o.received_on >= notice.starts_on for o in objections):
        return _(
            "An objection was found to be true: investigate the household again before the "
            "application goes on."
        )
    return ""


def notice_of(application: Application) -> Notice | None:
    return Notice.objects.filter(application=application).first()


# Steps ----------------------------------------------------------------------------------------


def log_step(
    application: Application, step: str, from_status: str, note: str, by: User | None
) -> ApplicationStep:
    return ApplicationStep.objects.create(
        application=application,
        step=step,
        from_status=from_status,
        to_status=application.status,
        note=note,
        by=acting_user(by),
    )


def locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("programme", "unit")
        .get(pk=application.pk)
    )


def check_status(application: Application, allowed: tuple[str, ...], what: str) -> None:
    if application.status not in allowed:
        raise ValidationError(
            _("Application %(number)s is %(status)s: it cannot be %(what)s now.")
            % {
                "number": application.number,
                "status": str(application.get_status_display()).lower(),
                "what": what,
            }
        )


def written(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: [message]})
    return text


def save_application(
    application: Application, before: dict[str, Any], fields: list[str], *, by: User | None
) -> None:
    application.full_clean(
        exclude=[f.name for f in Application._meta.fields if f.name not in fields]
    )
    application.save(update_fields=fields)
    versions.bump_if_changed(application, before, by=by)


def end_notice(notice: Notice, *, by: User | None, reason: str) -> None:
    """Cut a running notice short (the application was withdrawn or investigated again)."""
    today = clock.today()
    if notice.ends_on <= today:
        return
    before = audit.snapshot(notice)
    notice.ends_on = max(today, notice.starts_on)
    notice.save(update_fields=["ends_on"])
    audit.record_update(notice, before, by=by, reason=reason)


def eligibility_failures(application: Application, on: datetime.date) -> list[str]:
    """Why the applicant does not qualify on a day: the rules, the income per head against
    the standard, a programme that excludes this one."""
    programme = application.programme
    reasons = eligibility.why_not(programme, application.applicant, on)
    income = eligibility.income_failure(
        programme, income_of(application), application.household_size
    )
    if income:
        reasons.append(income)
    clash = (
        eligibility.excluded_by(programme, on)
        .filter(person=application.applicant)
        .select_related("programme")
        .first()
    )
    if clash is not None:
        reasons.append(
            _("receives %(other)s, which may not be combined with it")
            % {"other": clash.programme.name}
        )
    return reasons


def applicant_by_number(user: Any, number: str) -> Person:
    """The resident the user may see with this ID number, or a clear refusal."""
    from taizhang.lib.idcard import normalize_id_number

    person = (
        Person.objects.for_user(user).filter(id_number=normalize_id_number(number or "")).first()
    )
    if person is None:
        raise ValidationError({"applicant": [_("No resident of the registry has this ID number.")]})
    return person


def enrolment_of(application: Application) -> Enrolment | None:
    return Enrolment.objects.filter(application=application).first()
