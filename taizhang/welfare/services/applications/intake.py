"""Receiving an application, the home investigation, the extension of the deadline
and withdrawal."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import acting_user, require_person_or_system, writes_for
from taizhang.core.attachments import add_attachment
from taizhang.core.models import Unit, UnitKind, User
from taizhang.lib import clock
from taizhang.lib.workdays import add_working_days
from taizhang.people.models import HouseholdMember, Person, PersonStatus
from taizhang.welfare.access import may_decide
from taizhang.welfare.models import (
    Application,
    Investigation,
    Programme,
)
from taizhang.welfare.models.programmes import (
    DECISION_WORKING_DAYS,
    EXTENDED_DECISION_WORKING_DAYS,
)
from taizhang.welfare.services.applications.common import (
    INVESTIGABLE,
    S,
    check_status,
    end_notice,
    locked,
    log_step,
    notice_of,
    save_application,
    written,
)


def _next_number(received_on: datetime.date) -> str:
    prefix = f"SQ{received_on:%Y}"
    last = (
        Application.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    tail = last[len(prefix) :] if last else ""
    return f"{prefix}{(int(tail) + 1 if tail.isdigit() else 1):04d}"


def _household_size(person: Person) -> int:
    membership = HouseholdMember.objects.filter(person=person).first()
    if membership is None:
        return 1
    return HouseholdMember.objects.filter(
        household_id=membership.household_id, person__status=PersonStatus.REGISTERED
    ).count()


@transaction.atomic
def receive(
    *,
    by: User | None,
    programme: Programme,
    applicant: Person,
    unit: Unit | None = None,
    received_on: datetime.date | None = None,
    household_size: int | None = None,
    monthly_income_yuan: Decimal | None = None,
    reason: str = "",
    is_staff_relative: bool = False,
    staff_relative_note: str = "",
    is_demo: bool = False,
) -> Application:
    """Accept an application (受理) by a registered resident of a village for their household.
    The decision is due 30 working days later."""
    unit = unit or applicant.unit
    require_person_or_system(by, writes_for(by, unit))
    today = clock.today()
    received_on = received_on or today
    if unit.kind not in (UnitKind.VILLAGE, UnitKind.COMMUNITY):
        raise ValidationError({"unit": [_("Choose a village or community.")]})
    if applicant.unit_id != unit.pk:
        raise ValidationError(
            {"applicant": [_("%(name)s is not a resident of %(unit)s.")
                           % {"name": applicant.name, "unit": unit.name}]}
        )  # fmt: skip
    if applicant.status != PersonStatus.REGISTERED:
        raise ValidationError(
            {"applicant": [_("%(name)s is not on the roll (moved out or deceased).")
                           % {"name": applicant.name}]}
        )  # fmt: skip
    if not (programme.needs_application and programme.is_active):
        raise ValidationError({"programme": [_("This programme takes no applications.")]})
    if received_on > today:
        raise ValidationError({"received_on": [_("The day is in the future.")]})
    if Application.objects.open().filter(programme=programme, applicant=applicant).exists():
        raise ValidationError(
            {"applicant": [_("%(name)s already has an open application to %(programme)s.")
                           % {"name": applicant.name, "programme": programme.name}]}
        )  # fmt: skip
    staff_relative_note = staff_relative_note.strip()
    if is_staff_relative and not staff_relative_note:
        raise ValidationError(
            {"staff_relative_note": [_("Say whose relative the applicant is, and how.")]}
        )
    membership = HouseholdMember.objects.filter(person=applicant).select_related("household")
    first = membership.first()
    application = Application(
        number=_next_number(received_on),
        programme=programme,
        applicant=applicant,
        household=first.household if first else None,
        unit=unit,
        received_on=received_on,
        household_size=household_size or _household_size(applicant),
        monthly_income_yuan=monthly_income_yuan,
        reason=reason.strip(),
        is_staff_relative=is_staff_relative,
        staff_relative_note=staff_relative_note if is_staff_relative else "",
        deadline=add_working_days(received_on, DECISION_WORKING_DAYS),
        created_by=acting_user(by),
        is_demo=is_demo,
    )
    application.full_clean()
    application.save()
    audit.record_create(application, by=by)
    log_step(application, "received", "", application.reason, by)
    return application


@transaction.atomic
def record_investigation(
    application: Application,
    *,
    by: User | None,
    investigated_on: datetime.date,
    first_investigator: User,
    second_investigator: User,
    findings: str,
    verified_income_yuan: Decimal | None = None,
    photos: list[UploadedFile] | tuple[UploadedFile, ...] = (),
) -> Investigation:
    """Record a home investigation (入户调查) by two different staff who write for the
    village, with what they found and photos. Also made again after a return, or when an
    objection to the 公示 was found to be true (the notice then ends)."""
    application = locked(application)
    require_person_or_system(by, writes_for(by, application.unit))
    notice = notice_of(application)
    reopened = (
        application.status == S.IN_NOTICE
        and notice is not None
        and any(o.sustained for o in notice.objections.filter(received_on__gte=notice.starts_on))
    )
    if not reopened:
        check_status(application, INVESTIGABLE, _("investigated"))
    if first_investigator.pk == second_investigator.pk:
        raise ValidationError(
            {"second_investigator": [_("A home investigation is made by two different staff.")]}
        )
    for field, person in (
        ("first_investigator", first_investigator),
        ("second_investigator", second_investigator),
    ):
        if not (person.is_active and writes_for(person, application.unit)):
            raise ValidationError(
                {field: [_("%(name)s does not work for %(unit)s.")
                         % {"name": person, "unit": application.unit.name}]}
            )  # fmt: skip
    if investigated_on < application.received_on or investigated_on > clock.today():
        raise ValidationError(
            {"investigated_on": [_("The day is before the application or in the future.")]}
        )
    investigation = Investigation(
        application=application,
        investigated_on=investigated_on,
        first_investigator=first_investigator,
        second_investigator=second_investigator,
        findings=written(findings, "findings", _("Write down what the investigation found.")),
        verified_income_yuan=verified_income_yuan,
        recorded_by=acting_user(by),
    )
    investigation.full_clean()
    investigation.save()
    audit.record_create(investigation, by=by)
    for photo in photos:
        add_attachment(investigation, photo, by=by, caption=_("Home investigation"))
    if reopened and notice is not None:
        end_notice(notice, by=by, reason=_("An objection was found to be true."))
    before = audit.snapshot(application)
    from_status = application.status
    application.status = S.INVESTIGATED
    save_application(application, before, ["status"], by=by)
    audit.record_update(application, before, by=by, reason=investigation.findings)
    log_step(application, "investigated", from_status, investigation.findings, by)
    return investigation


# Deadline and withdrawal ---------------------------------------------------------------------


@transaction.atomic
def extend_deadline(application: Application, *, by: User | None, reason: str) -> Application:
    """Extend the decision deadline once, in special circumstances and with a written
    reason, to 45 working days from receipt."""
    application = locked(application)
    require_person_or_system(
        by, writes_for(by, application.unit) or may_decide(by, application.programme)
    )
    if not application.is_open:
        check_status(application, (), _("given more time"))
    if application.extended:
        raise ValidationError(_("The deadline has already been extended once."))
    reason = written(reason, "reason", _("Give the reason for the extension in writing."))
    before = audit.snapshot(application)
    application.extended = True
    application.extension_reason = reason[:200]
    application.deadline = add_working_days(application.received_on, EXTENDED_DECISION_WORKING_DAYS)
    save_application(application, before, ["extended", "extension_reason", "deadline"], by=by)
    audit.record_update(application, before, by=by, reason=reason)
    log_step(application, "extended", application.status, reason, by)
    return application


@transaction.atomic
def withdraw_application(application: Application, *, by: User | None, reason: str) -> Application:
    """The applicant withdraws (撤回); a running notice ends the same day."""
    application = locked(application)
    require_person_or_system(by, writes_for(by, application.unit))
    if not application.is_open:
        check_status(application, (), _("withdrawn"))
    reason = written(reason, "reason", _("Write down the applicant's reason."))
    notice = notice_of(application)
    if notice is not None:
        end_notice(notice, by=by, reason=reason)
    before = audit.snapshot(application)
    from_status = application.status
    application.status = S.WITHDRAWN
    application.review_note = reason
    save_application(application, before, ["status", "review_note"], by=by)
    audit.record_update(application, before, by=by, reason=reason)
    log_step(application, "withdrawn", from_status, reason, by)
    return application
