"""初审 and the 公示 with its objections."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import acting_user, require, require_person_or_system, writes_for
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.welfare.models import (
    Application,
    Notice,
    NoticeSubject,
    Objection,
)
from taizhang.welfare.models.programmes import (
    MIN_NOTICE_DAYS,
)
from taizhang.welfare.services.applications.common import (
    S,
    check_status,
    eligibility_failures,
    locked,
    log_step,
    may_preliminary_review,
    notice_of,
    save_application,
    written,
)


@transaction.atomic
def preliminary_review(
    application: Application,
    *,
    by: User | None,
    passed: bool,
    note: str,
    notice_starts_on: datetime.date | None = None,
    notice_days: int | None = None,
) -> Application:
    """初审 by the village or subdistrict. Passed: a 公示 opens in the village for the
    programme's notice days (at least 7; a shorter one is refused). Not passed: the
    application is refused in writing with the reasons."""
    application = locked(application)
    require(by is not None and may_preliminary_review(by, application))
    allowed: tuple[str, ...] = (S.INVESTIGATED,)
    if not application.is_staff_relative:
        allowed = (S.RECEIVED, S.INVESTIGATED)  # others may be checked by other means
    elif application.status == S.RECEIVED:
        raise ValidationError(
            _("A relative of staff or of a village cadre is always investigated at home first.")
        )
    check_status(application, allowed, _("reviewed"))
    note = written(note, "note", _("Write down the opinion of the preliminary review."))
    before = audit.snapshot(application)
    from_status = application.status
    application.preliminary_note = note
    fields = ["status", "preliminary_note", "review_note"]
    application.review_note = note
    if not passed:
        application.status = S.REFUSED
        application.decision_note = note
        application.decided_by = acting_user(by)
        application.decided_at = clock.now()
        fields += ["decision_note", "decided_by", "decided_at"]
        save_application(application, before, fields, by=by)
        audit.record_update(application, before, by=by, reason=note)
        log_step(application, "preliminary_refused", from_status, note, by)
        return application
    starts_on = notice_starts_on or clock.today()
    failures = eligibility_failures(application, starts_on)
    if failures:
        raise ValidationError(
            _("%(name)s does not qualify: %(reasons)s. Refuse the application instead.")
            % {"name": application.applicant.name, "reasons": _("; ").join(failures)}
        )
    _open_notice(application, by=by, starts_on=starts_on, days=notice_days)
    application.status = S.IN_NOTICE
    save_application(application, before, fields, by=by)
    audit.record_update(application, before, by=by, reason=note)
    log_step(application, "preliminary_passed", from_status, note, by)
    return application


def _open_notice(
    application: Application, *, by: User | None, starts_on: datetime.date, days: int | None
) -> Notice:
    """The 公示 of a proposed enrolment, or the same notice again with a new period after a
    new investigation (its earlier objections stay on record)."""
    least = max(application.programme.notice_days, MIN_NOTICE_DAYS)
    days = least if days is None else days
    if days < least:
        raise ValidationError(
            {"notice_days": [_("A public notice lasts at least %(days)s days; %(given)s is too "
                               "short.") % {"days": least, "given": days}]}
        )  # fmt: skip
    if starts_on < clock.today():
        raise ValidationError({"notice_starts_on": [_("A notice cannot start in the past.")]})
    ends_on = starts_on + datetime.timedelta(days=days - 1)
    text = _(
        "%(unit)s proposes to enrol the household in %(programme)s. Anyone who objects may "
        "say so to the village committee or the subdistrict office until %(until)s."
    ) % {"unit": application.unit.name, "programme": application.programme.name, "until": ends_on}
    notice = notice_of(application)
    if notice is None:
        notice = Notice(
            unit=application.unit,
            subject=NoticeSubject.APPROVAL,
            application=application,
            starts_on=starts_on,
            ends_on=ends_on,
            text=text,
            created_by=acting_user(by),
        )
        notice.full_clean()
        notice.save()
        audit.record_create(notice, by=by)
        return notice
    before = audit.snapshot(notice)
    notice.starts_on, notice.ends_on, notice.text = starts_on, ends_on, text
    notice.full_clean()
    notice.save(update_fields=["starts_on", "ends_on", "text"])
    audit.record_update(notice, before, by=by)
    return notice


@transaction.atomic
def record_objection(
    notice: Notice,
    *,
    by: User | None,
    content: str,
    raised_by: str = "",
    received_on: datetime.date | None = None,
) -> Objection:
    """Record an objection (异议) raised while the notice runs."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    require_person_or_system(by, writes_for(by, notice.unit))
    received_on = received_on or clock.today()
    if not (notice.starts_on <= received_on <= notice.ends_on) or received_on > clock.today():
        raise ValidationError(
            {"received_on": [_("Objections are received while the notice runs (%(start)s to "
                               "%(end)s).") % {"start": notice.starts_on, "end": notice.ends_on}]}
        )  # fmt: skip
    objection = Objection(
        notice=notice,
        received_on=received_on,
        raised_by=raised_by.strip(),
        content=written(content, "content", _("Write down the objection.")),
        recorded_by=acting_user(by),
    )
    objection.full_clean()
    objection.save()
    audit.record_create(objection, by=by)
    if notice.application_id:
        application = locked(Application(pk=notice.application_id))
        log_step(application, "objection", application.status, objection.content, by)
    return objection


@transaction.atomic
def check_objection(
    objection: Objection, *, by: User | None, handling: str, sustained: bool
) -> Objection:
    """Record how an objection was checked and whether it was found to be true (sustained).
    A sustained objection stops the application until the household is investigated again."""
    objection = Objection.objects.select_for_update().select_related("notice").get(pk=objection.pk)
    require_person_or_system(by, writes_for(by, objection.notice.unit))
    if objection.sustained is not None:
        raise ValidationError(_("This objection has already been checked."))
    before = audit.snapshot(objection)
    objection.handling = written(handling, "handling", _("Write down how it was checked."))
    objection.sustained = sustained
    objection.save(update_fields=["handling", "sustained"])
    audit.record_update(objection, before, by=by, reason=objection.handling)
    if objection.notice.application_id:
        application = locked(Application(pk=objection.notice.application_id))
        step = "objection_sustained" if sustained else "objection_dismissed"
        log_step(application, step, application.status, objection.handling, by)
    return objection
