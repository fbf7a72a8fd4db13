"""Attendance and hours: check-in and check-out (by the organiser or the shift's QR code),
claims of missing hours and their decisions; one person's hours never overlap."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import SYSTEM, require_person_or_system
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.lib.idcard import normalize_id_number
from taizhang.volunteers.models import (
    ClaimState,
    HoursClaim,
    Participation,
    ParticipationState,
    Shift,
    Volunteer,
)
from taizhang.volunteers.services.common import (
    PUBLIC,
    SCAN,
    hours_between,
    locked,
    organises,
)


def _refuse_overlap(
    volunteer: Volunteer,
    start: datetime.datetime,
    end: datetime.datetime | None,
    *,
    participation_pk: Any = None,
    claim_pk: Any = None,
) -> None:
    """Refuse hours of `volunteer` that overlap hours already on record: attendance (closed or
    still open) and claims waiting or approved."""
    later = Q() if end is None else Q(checked_in_at__lt=end)
    attended = (
        Participation.objects.filter(volunteer=volunteer, checked_in_at__isnull=False)
        .filter(later)
        .filter(Q(checked_out_at__isnull=True) | Q(checked_out_at__gt=start))
        .exclude(pk=participation_pk)
    )
    claims = HoursClaim.objects.filter(
        volunteer=volunteer, state__in=(ClaimState.PENDING, ClaimState.APPROVED), ends_at__gt=start
    ).exclude(pk=claim_pk)
    if end is not None:
        claims = claims.filter(starts_at__lt=end)
    if attended.exists() or claims.exists():
        raise ValidationError(
            _("These hours overlap hours of the same volunteer already on record.")
        )


@transaction.atomic
def check_in(
    participation: Participation, *, by: User | None, at: datetime.datetime | None = None,
    reason: str = "",
) -> Participation:  # fmt: skip
    """Check a confirmed volunteer in (签到), by the organiser or by the shift's QR code."""
    participation, before = locked(participation)
    shift = participation.shift
    require_person_or_system(by, organises(by, shift.campaign, shift.place))
    at = at or clock.now()
    if participation.state != ParticipationState.CONFIRMED:
        raise ValidationError(_("Only a confirmed volunteer checks in."))
    if participation.checked_in_at is not None:
        raise ValidationError(_("The volunteer has already checked in."))
    if at > clock.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"at": _("A check-in is not in the future.")})
    _refuse_overlap(participation.volunteer, at, None, participation_pk=participation.pk)
    participation.checked_in_at = at
    participation.save(update_fields=["checked_in_at"])
    audit.record_update(participation, before, by=by, reason=reason)
    return participation


@transaction.atomic
def check_out(
    participation: Participation, *, by: User | None, at: datetime.datetime | None = None,
    reason: str = "",
) -> Participation:  # fmt: skip
    """Check a volunteer out (签退); the hours are those between check-in and check-out, on
    site (travel is not counted)."""
    participation, before = locked(participation)
    shift = participation.shift
    require_person_or_system(by, organises(by, shift.campaign, shift.place))
    at = at or clock.now()
    if participation.checked_in_at is None:
        raise ValidationError({"at": _("The volunteer has not checked in.")})
    if participation.checked_out_at is not None:
        raise ValidationError(_("The volunteer has already checked out."))
    if at <= participation.checked_in_at:
        raise ValidationError({"at": _("A check-out comes after the check-in.")})
    if at > clock.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"at": _("A check-out is not in the future.")})
    _refuse_overlap(
        participation.volunteer, participation.checked_in_at, at, participation_pk=participation.pk
    )
    participation.checked_out_at = at
    participation.hours = hours_between(participation.checked_in_at, at)
    participation.save(update_fields=["checked_out_at", "hours"])
    audit.record_update(participation, before, by=by, reason=reason)
    return participation


def scan(shift: Shift, *, id_number: str) -> Participation:
    """The shift's QR code scanned on the volunteer's phone: check in, or check out if checked
    in already. The volunteer gives their ID number; only a confirmed sign-up of this shift
    is found."""
    number = normalize_id_number(id_number)
    participation = Participation.objects.filter(
        shift=shift, volunteer__person__id_number=number, state=ParticipationState.CONFIRMED
    ).first()
    if participation is None:
        raise ValidationError(
            {"id_number": _("No confirmed sign-up of this ID number for this shift.")}
        )
    if participation.checked_in_at is None:
        return check_in(participation, by=SYSTEM, reason=SCAN)
    return check_out(participation, by=SYSTEM, reason=SCAN)


@transaction.atomic
def claim_hours(
    participation: Participation,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    description: str,
) -> HoursClaim:
    """A volunteer reports hours missing from the record (补录), from their own sign-up page;
    an organiser approves or refuses them."""
    participation = Participation.objects.select_related("shift__campaign", "volunteer").get(
        pk=participation.pk
    )
    if participation.state != ParticipationState.CONFIRMED:
        raise ValidationError(_("Only a confirmed volunteer reports hours."))
    if not description.strip():
        raise ValidationError({"description": _("Say what was done.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end comes after the start.")})
    if ends_at > clock.now():
        raise ValidationError({"ends_at": _("Hours are reported after they are served.")})
    claim = HoursClaim(
        campaign=participation.shift.campaign,
        volunteer=participation.volunteer,
        starts_at=starts_at,
        ends_at=ends_at,
        hours=hours_between(starts_at, ends_at),
        description=description.strip(),
        created_at=clock.now(),
    )
    claim.full_clean()
    Volunteer.objects.select_for_update().filter(pk=participation.volunteer_id).first()
    _refuse_overlap(participation.volunteer, starts_at, ends_at)
    claim.save()
    audit.record_create(claim, by=SYSTEM, reason=PUBLIC)
    return claim


@transaction.atomic
def decide_claim(
    claim: HoursClaim, *, by: User | None, approve: bool, reason: str = ""
) -> HoursClaim:
    """An organiser approves or refuses (with a reason) hours a volunteer reported."""
    claim = HoursClaim.objects.select_for_update().select_related("campaign__unit").get(pk=claim.pk)
    require_person_or_system(by, organises(by, claim.campaign))
    if claim.state != ClaimState.PENDING:
        raise ValidationError(_("This claim is decided already."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why the hours are refused.")})
    before = audit.snapshot(claim)
    claim.state = ClaimState.APPROVED if approve else ClaimState.REFUSED
    claim.reason = reason.strip()
    claim.decided_by = by
    claim.decided_at = clock.now()
    claim.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    audit.record_update(claim, before, by=by, reason=reason)
    return claim
