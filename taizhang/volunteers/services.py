"""The writes of the volunteer module (志愿服务): volunteers, campaigns and shifts, sign-ups and
their decisions, attendance and hours, claims of missing hours, visits and data tasks, and the
responsibility letters. Each checks access, validates, saves and records the audit in the same
transaction; a refusal raises ValidationError and changes nothing.

Who organises: whoever writes for the campaign's organiser unit, or for the place (community)
of the shift in question (the community's staff work beside the organiser, as in the seed).
The public sign-up and the scan of a shift's QR code act as the platform (SYSTEM), with the
reason recorded in the audit."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from taizhang.core import attachments, audit
from taizhang.core.access import SYSTEM, require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Household, Organisation, Person
from taizhang.people.services.identity import check_identity
from taizhang.people.services.persons import create_person
from taizhang.volunteers.models import (
    ACTIVE_STATES,
    Campaign,
    Certificate,
    ClaimState,
    DataTask,
    HoursClaim,
    LetterCampaign,
    LetterTarget,
    Participation,
    ParticipationState,
    Shift,
    TargetState,
    Visit,
    VisitOutcome,
    Volunteer,
)

CENT = Decimal("0.01")
PUBLIC = "public sign-up"
SCAN = "shift QR code"


def organises(user: Any, campaign: Campaign, place: Unit | None = None) -> bool:
    """Whether `user` organises `campaign` (at `place`): writes for its organiser unit or for
    the place (for any of the campaign's places when no place is named)."""
    if writes_for(user, campaign.unit):
        return True
    places = [place] if place is not None else list(campaign.places.all())
    return any(writes_for(user, unit) for unit in places)


def hours_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    seconds = Decimal((end - start).total_seconds())
    return (seconds / 3600).quantize(CENT, rounding=ROUND_HALF_UP)


# Volunteers -------------------------------------------------------------------------------------


def _number_for(person: Person) -> str:
    return f"V{clock.today().year}{person.pk:07d}"


@transaction.atomic
def register_volunteer(
    person: Person, *, by: User | None, is_demo: bool = False, **fields: Any
) -> Volunteer:
    """Make a person of the registry a volunteer (注册), once; the number is given."""
    require_person_or_system(by, writes_for(by, person.unit))
    if Volunteer.objects.filter(person=person).exists():
        raise ValidationError(_("%(name)s is already a volunteer.") % {"name": person.name})
    volunteer = Volunteer(person=person, number=_number_for(person), is_demo=is_demo, **fields)
    volunteer.full_clean()
    volunteer.save()
    audit.record_create(volunteer, by=by)
    return volunteer


def _volunteer_for(
    *, name: str, id_number: str, phone: str, school: str, community: Unit, is_demo: bool
) -> Volunteer:
    """The volunteer of this ID number: the registry's person when there is one (the name must
    agree), else a new person of `community`. Written as the platform."""
    identity = check_identity(id_number=id_number)
    person = Person.objects.filter(id_number=identity.id_number).first()
    if person is not None and person.name != name:
        raise ValidationError(
            {"name": _("The name does not agree with the ID number; ask the organiser.")}
        )
    if person is None:
        person = create_person(
            by=SYSTEM, unit=community, name=name, id_number=identity.id_number, phone=phone,
            is_demo=is_demo,
        )  # fmt: skip
    volunteer = Volunteer.objects.select_for_update().filter(person=person).first()
    if volunteer is None:
        volunteer = register_volunteer(
            person, by=SYSTEM, phone=phone, school=school, is_demo=is_demo
        )
    return volunteer


@transaction.atomic
def sign_up(
    campaign: Campaign,
    *,
    name: str,
    id_number: str,
    phone: str,
    community: Unit,
    shifts: Sequence[Shift],
    school: str = "",
    is_demo: bool = False,
) -> list[Participation]:
    """A person signs up on the campaign's public page (no account): they become a volunteer
    (once, by ID number) and request each chosen shift (REQUESTED until an organiser decides).

    Refused, with nothing written: a closed campaign, a wrong ID number, a community that is not
    one of the campaign's places, no shift or a shift of another campaign, a full shift, and a
    second sign-up of the same ID number for the campaign."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    name = name.strip()
    if not campaign.is_open or campaign.ends_on < clock.today():
        raise ValidationError(_("This campaign takes no more sign-ups."))
    if not name:
        raise ValidationError({"name": _("Give your name.")})
    if not phone.strip():
        raise ValidationError({"phone": _("Give a phone number the organiser can call.")})
    if not campaign.places.filter(pk=community.pk).exists():
        raise ValidationError({"community": _("Choose one of the campaign's communities.")})
    if not shifts:
        raise ValidationError({"shifts": _("Choose at least one shift.")})
    if any(shift.campaign_id != campaign.pk for shift in shifts):
        raise ValidationError({"shifts": _("A shift is not of this campaign.")})
    number = normalize_id_number(id_number)
    check_identity(id_number=number)  # a wrong check character is refused before anything
    already = Participation.objects.filter(
        shift__campaign=campaign, volunteer__person__id_number=number, state__in=ACTIVE_STATES
    )
    if already.exists():
        raise ValidationError(
            {"id_number": _("This ID number has already signed up for the campaign.")}
        )
    locked = list(Shift.objects.select_for_update().filter(pk__in=[s.pk for s in shifts]))
    for shift in locked:
        taken = shift.participations.filter(state__in=ACTIVE_STATES).count()
        if taken >= shift.cap:
            raise ValidationError(
                {"shifts": _("The shift %(shift)s is full.") % {"shift": shift.task}}
            )
    volunteer = _volunteer_for(
        name=name, id_number=number, phone=phone.strip(), school=school.strip(),
        community=community, is_demo=is_demo,
    )  # fmt: skip
    made = []
    for shift in locked:
        participation = Participation(
            shift=shift, volunteer=volunteer, requested_at=clock.now(), is_demo=is_demo
        )
        participation.full_clean()
        participation.save()
        audit.record_create(participation, by=SYSTEM, reason=PUBLIC)
        made.append(participation)
    return made


# Campaigns and shifts ---------------------------------------------------------------------------


def _check_places(places: Sequence[Unit]) -> None:
    if not places:
        raise ValidationError({"places": _("Give at least one community.")})
    if any(place.kind not in RESIDENCE_UNIT_KINDS for place in places):
        raise ValidationError({"places": _("A place is a community or a village.")})


@transaction.atomic
def create_campaign(
    *, by: User | None, unit: Unit, places: Sequence[Unit], **fields: Any
) -> Campaign:
    """Open a recruitment campaign of an organiser unit in some communities."""
    require_person_or_system(by, writes_for(by, unit))
    _check_places(places)
    campaign = Campaign(unit=unit, created_by=by, **fields)
    campaign.full_clean()
    campaign.save()
    campaign.places.set(places)
    audit.record_create(campaign, by=by)
    return campaign


@transaction.atomic
def close_campaign(campaign: Campaign, *, by: User | None, is_open: bool = False) -> Campaign:
    """Close (or reopen) the public sign-up of a campaign."""
    require_person_or_system(by, writes_for(by, campaign.unit))
    before = audit.snapshot(campaign)
    campaign.is_open = is_open
    campaign.version += 1
    campaign.save(update_fields=["is_open", "version"])
    audit.record_update(campaign, before, by=by)
    return campaign


@transaction.atomic
def add_shift(campaign: Campaign, *, by: User | None, **fields: Any) -> Shift:
    """Add a shift (task, place, times, needed and cap) within the campaign's period."""
    place = fields.get("place")
    require_person_or_system(by, organises(by, campaign, place))
    shift = Shift(campaign=campaign, **fields)
    shift.full_clean()
    first = timezone.localdate(shift.starts_at)
    if first < campaign.starts_on or timezone.localdate(shift.ends_at) > campaign.ends_on:
        raise ValidationError({"starts_at": _("A shift lies within the campaign's period.")})
    shift.save()
    audit.record_create(shift, by=by)
    return shift


# Decisions --------------------------------------------------------------------------------------


def _locked(participation: Participation) -> tuple[Participation, dict[str, Any]]:
    fresh = (
        Participation.objects.select_for_update()
        .select_related("shift__campaign__unit", "shift__place", "volunteer")
        .get(pk=participation.pk)
    )
    return fresh, audit.snapshot(fresh)


def _decide(
    participation: Participation,
    *,
    by: User | None,
    state: str,
    reason: str = "",
    allowed_from: Sequence[str] = (ParticipationState.REQUESTED,),
) -> Participation:
    participation, before = _locked(participation)
    shift = participation.shift
    if by is not SYSTEM or state != ParticipationState.DECLINED:
        require_person_or_system(by, organises(by, shift.campaign, shift.place))
    if participation.state not in allowed_from:
        raise ValidationError(
            _("This sign-up is %(state)s already.") % {"state": participation.get_state_display()}
        )
    if participation.checked_in_at and state != ParticipationState.CONFIRMED:
        raise ValidationError(_("The volunteer has checked in; the sign-up stands."))
    if state == ParticipationState.CONFIRMED:
        confirmed = shift.participations.filter(state=ParticipationState.CONFIRMED).count()
        if confirmed >= shift.cap:
            raise ValidationError(_("The shift is full."))
    participation.state = state
    participation.reason = reason.strip()
    participation.decided_at = clock.now()
    participation.decided_by = by
    participation.save(update_fields=["state", "reason", "decided_at", "decided_by"])
    audit.record_update(participation, before, by=by, reason=reason)
    return participation


@transaction.atomic
def confirm(participation: Participation, *, by: User | None) -> Participation:
    """The organiser confirms a requested sign-up (确认), within the shift's cap."""
    return _decide(participation, by=by, state=ParticipationState.CONFIRMED)


@transaction.atomic
def reject(participation: Participation, *, by: User | None, reason: str) -> Participation:
    """The organiser rejects a sign-up (拒绝), saying why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the sign-up is rejected.")})
    return _decide(
        participation,
        by=by,
        state=ParticipationState.REJECTED,
        reason=reason,
        allowed_from=ACTIVE_STATES,
    )


@transaction.atomic
def decline(participation: Participation, *, reason: str = "") -> Participation:
    """The volunteer withdraws their sign-up (取消) from their own page, before checking in."""
    return _decide(
        participation,
        by=SYSTEM,
        state=ParticipationState.DECLINED,
        reason=reason,
        allowed_from=ACTIVE_STATES,
    )


# Attendance and hours ---------------------------------------------------------------------------


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
    participation, before = _locked(participation)
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
    participation, before = _locked(participation)
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


# Tasks with records -----------------------------------------------------------------------------


@transaction.atomic
def record_visit(
    campaign: Campaign,
    *,
    by: User | None,
    household: Household,
    visited_on: datetime.date,
    outcome: str,
    volunteer: Volunteer | None = None,
    note: str = "",
    is_demo: bool = False,
) -> Visit:
    """Record a door-to-door visit of a household of one of the campaign's communities."""
    require_person_or_system(by, organises(by, campaign, household.unit))
    if not campaign.places.filter(pk=household.unit_id).exists():
        raise ValidationError({"household": _("The household is not in the campaign's places.")})
    if outcome not in VisitOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the visit.")})
    if visited_on > clock.today():
        raise ValidationError({"visited_on": _("A visit is recorded after it is made.")})
    visit = Visit(
        campaign=campaign, household=household, volunteer=volunteer, visited_on=visited_on,
        outcome=outcome, note=note.strip(), recorded_by=by, is_demo=is_demo,
    )  # fmt: skip
    visit.full_clean()
    visit.save()
    audit.record_create(visit, by=by)
    return visit


@transaction.atomic
def record_data_task(
    campaign: Campaign,
    *,
    by: User | None,
    description: str,
    records: int,
    done_on: datetime.date,
    volunteer: Volunteer | None = None,
    is_demo: bool = False,
) -> DataTask:
    """Record data work of the campaign with the count of records handled."""
    require_person_or_system(by, organises(by, campaign))
    if records <= 0:
        raise ValidationError({"records": _("Give the number of records handled.")})
    task = DataTask(
        campaign=campaign, volunteer=volunteer, description=description.strip(),
        records=records, done_on=done_on, recorded_by=by, is_demo=is_demo,
    )  # fmt: skip
    task.full_clean()
    task.save()
    audit.record_create(task, by=by)
    return task


# Responsibility letters -------------------------------------------------------------------------


@transaction.atomic
def create_letter_campaign(
    *, by: User | None, unit: Unit, places: Sequence[Unit], **fields: Any
) -> LetterCampaign:
    """Open a letter campaign (责任书签订) of an issuing unit in some communities."""
    require_person_or_system(by, writes_for(by, unit))
    _check_places(places)
    if not (fields.get("duties") or "").strip():
        raise ValidationError({"duties": _("Give the letter's duties, one a line.")})
    letters = LetterCampaign(unit=unit, created_by=by, **fields)
    letters.full_clean()
    letters.save()
    letters.places.set(places)
    audit.record_create(letters, by=by)
    return letters


@transaction.atomic
def add_target(
    letters: LetterCampaign,
    *,
    by: User | None,
    organisation: Organisation | None = None,
    household: Household | None = None,
    team: str = "",
    volunteer: Volunteer | None = None,
    is_demo: bool = False,
) -> LetterTarget:
    """Add a counterparty to the target list: an organisation or a household of one of the
    campaign's communities; a target of another community is refused."""
    counterparty = organisation or household
    require_person_or_system(
        by,
        writes_for(by, letters.unit)
        or (counterparty is not None and writes_for(by, counterparty.unit)),
    )
    if counterparty is None or (organisation and household):
        raise ValidationError(_("A target is an organisation or a household."))
    community = counterparty.unit
    if not letters.places.filter(pk=community.pk).exists():
        raise ValidationError(
            {
                "organisation" if organisation else "household": _(
                    "%(name)s is in %(unit)s, not one of the campaign's communities."
                )
                % {"name": str(counterparty), "unit": community.name}
            }
        )
    target = LetterTarget(
        letter_campaign=letters, community=community, organisation=organisation,
        household=household, team=team.strip(), volunteer=volunteer, is_demo=is_demo,
    )  # fmt: skip
    target.full_clean()
    target.save()
    audit.record_create(target, by=by)
    return target


def _locked_target(target: LetterTarget, by: User | None) -> tuple[LetterTarget, dict]:
    fresh = (
        LetterTarget.objects.select_for_update()
        .select_related("letter_campaign__unit", "community")
        .get(pk=target.pk)
    )
    allowed = writes_for(by, fresh.letter_campaign.unit) or writes_for(by, fresh.community)
    require_person_or_system(by, allowed)
    return fresh, audit.snapshot(fresh)


@transaction.atomic
def sign_target(
    target: LetterTarget,
    *,
    by: User | None,
    signed_on: datetime.date | None,
    signed_by: str,
    scan: UploadedFile | None = None,
) -> LetterTarget:
    """Mark a letter signed: the date, who signed for the counterparty, and the photo or scan of
    the signed letter (kept as an attachment of the target)."""
    target, before = _locked_target(target, by)
    if signed_on is None:
        raise ValidationError({"signed_on": _("Give the date the letter was signed.")})
    if signed_on > clock.today():
        raise ValidationError({"signed_on": _("A letter is recorded after it is signed.")})
    if signed_on < target.letter_campaign.starts_on:
        raise ValidationError({"signed_on": _("The date is before the campaign started.")})
    if not signed_by.strip():
        raise ValidationError({"signed_by": _("Give who signed for the counterparty.")})
    target.state = TargetState.SIGNED
    target.signed_on = signed_on
    target.signed_by = signed_by.strip()
    target.refusal_reason = ""
    target.recorded_by = by
    target.recorded_at = clock.now()
    target.full_clean()
    target.save()
    audit.record_update(target, before, by=by)
    if scan is not None:
        attachments.add_attachment(target, scan, by=by, caption=str(target)[:200])
    return target


@transaction.atomic
def refuse_target(target: LetterTarget, *, by: User | None, reason: str) -> LetterTarget:
    """Record that the counterparty refused to sign, and why."""
    target, before = _locked_target(target, by)
    if not reason.strip():
        raise ValidationError({"refusal_reason": _("Say why the letter was not signed.")})
    target.state = TargetState.REFUSED
    target.refusal_reason = reason.strip()
    target.signed_on = None
    target.signed_by = ""
    target.recorded_by = by
    target.recorded_at = clock.now()
    target.save()
    audit.record_update(target, before, by=by, reason=reason)
    return target


# Service record and certificate -----------------------------------------------------------------


def service_content(volunteer: Volunteer) -> str:
    """What the volunteer did, one line per campaign with hours on record."""
    lines = []
    rows = (
        Participation.objects.filter(volunteer=volunteer, checked_out_at__isnull=False)
        .values("shift__campaign__title")
        .annotate(total=models.Sum("hours"))
        .order_by("shift__campaign__title")
    )
    for row in rows:
        lines.append(f"{row['shift__campaign__title']}：{Decimal(row['total']).quantize(CENT)}")
    return "\n".join(lines)


@transaction.atomic
def issue_certificate(
    volunteer: Volunteer, *, by: User, unit: Unit, person_in_charge: str
) -> Certificate:
    """Issue a certificate of the hours on record (志愿服务证明) in the name of a unit the user
    writes for; the user is the handler (经办人). Refused: no hours on record."""
    from taizhang.volunteers.queries import hours_of

    require_person_or_system(by, writes_for(by, unit))
    if not person_in_charge.strip():
        raise ValidationError({"person_in_charge": _("Give the person in charge.")})
    hours = hours_of(volunteer)
    if hours <= 0:
        raise ValidationError(_("There are no hours on record to certify."))
    today = clock.today()
    sequence = Certificate.objects.filter(issued_on__year=today.year).count() + 1
    certificate = Certificate(
        volunteer=volunteer,
        number=f"ZYZM{today:%Y}{unit.pk:04d}{sequence:05d}",
        unit=unit,
        hours=hours,
        content=service_content(volunteer) or "—",
        person_in_charge=person_in_charge.strip(),
        handler=by.full_name or by.get_username(),
        issued_on=today,
        issued_by=by,
    )
    certificate.full_clean()
    certificate.save()
    audit.record_create(certificate, by=by)
    return certificate
