"""Volunteers, campaigns and shifts, sign-ups and the decisions on them (confirm, reject,
decline)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taizhang.core import audit, versions
from taizhang.core.access import SYSTEM, require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.models import Person
from taizhang.people.services.identity import check_identity
from taizhang.people.services.persons import create_person
from taizhang.volunteers.models import (
    ACTIVE_STATES,
    Campaign,
    Participation,
    ParticipationState,
    Shift,
    Volunteer,
)
from taizhang.volunteers.services.common import PUBLIC, check_places, locked, organises


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
    campaign = _open_campaign(campaign.pk)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give your name.")})
    if not phone.strip():
        raise ValidationError({"phone": _("Give a phone number the organiser can call.")})
    if not campaign.places.filter(pk=community.pk).exists():
        raise ValidationError({"community": _("Choose one of the campaign's communities.")})
    _check_shifts_of(campaign, shifts)
    number = normalize_id_number(id_number)
    check_identity(id_number=number)  # a wrong check character is refused before anything
    already = Participation.objects.filter(
        shift__campaign=campaign, volunteer__person__id_number=number, state__in=ACTIVE_STATES
    )
    if already.exists():
        raise ValidationError(
            {"id_number": _("This ID number has already signed up for the campaign.")}
        )
    locked = _shifts_with_room(shifts)
    volunteer = _volunteer_for(
        name=name, id_number=number, phone=phone.strip(), school=school.strip(),
        community=community, is_demo=is_demo,
    )  # fmt: skip
    return _request(locked, volunteer, is_demo=is_demo)


@transaction.atomic
def request_more_shifts(mine: Participation, shifts: Sequence[Shift]) -> list[Participation]:
    """The volunteer, from their own page, asks for more shifts of the campaign they signed up
    for (REQUESTED until an organiser decides). Refused, with nothing written: a closed or
    ended campaign, a shift of another campaign or one they already hold, a full shift."""
    campaign = _open_campaign(mine.shift.campaign_id)
    _check_shifts_of(campaign, shifts)
    held = Participation.objects.filter(
        volunteer=mine.volunteer, shift__in=shifts, state__in=ACTIVE_STATES
    ).select_related("shift")
    if held:
        raise ValidationError(
            {"shifts": _("You already hold the shift %(shift)s.") % {"shift": held[0].shift.task}}
        )
    return _request(_shifts_with_room(shifts), mine.volunteer, is_demo=mine.is_demo)


def _open_campaign(pk: int) -> Campaign:
    """The campaign, locked; refused if it takes no more sign-ups (closed or ended)."""
    campaign = Campaign.objects.select_for_update().get(pk=pk)
    if not campaign.is_open or campaign.ends_on < clock.today():
        raise ValidationError(_("This campaign takes no more sign-ups."))
    return campaign


def _check_shifts_of(campaign: Campaign, shifts: Sequence[Shift]) -> None:
    if not shifts:
        raise ValidationError({"shifts": _("Choose at least one shift.")})
    if any(shift.campaign_id != campaign.pk for shift in shifts):
        raise ValidationError({"shifts": _("A shift is not of this campaign.")})


def _shifts_with_room(shifts: Sequence[Shift]) -> list[Shift]:
    """The shifts, locked; refused if one is full."""
    locked = list(Shift.objects.select_for_update().filter(pk__in=[s.pk for s in shifts]))
    for shift in locked:
        taken = shift.participations.filter(state__in=ACTIVE_STATES).count()
        if taken >= shift.cap:
            raise ValidationError(
                {"shifts": _("The shift %(shift)s is full.") % {"shift": shift.task}}
            )
    return locked


def _request(shifts: list[Shift], volunteer: Volunteer, *, is_demo: bool) -> list[Participation]:
    made = []
    for shift in shifts:
        participation = Participation(
            shift=shift, volunteer=volunteer, requested_at=clock.now(), is_demo=is_demo
        )
        participation.full_clean()
        participation.save()
        audit.record_create(participation, by=SYSTEM, reason=PUBLIC)
        made.append(participation)
    return made


@transaction.atomic
def create_campaign(
    *, by: User | None, unit: Unit, places: Sequence[Unit], **fields: Any
) -> Campaign:
    """Open a recruitment campaign of an organiser unit in some communities."""
    require_person_or_system(by, writes_for(by, unit))
    check_places(places, by=by)
    campaign = Campaign(unit=unit, created_by=by, **fields)
    campaign.full_clean()
    campaign.save()
    campaign.places.set(places)
    audit.record_create(campaign, by=by)
    return campaign


CAMPAIGN_FIELDS = ("title", "purpose", "requirements", "starts_on", "ends_on")


@transaction.atomic
def update_campaign(
    campaign: Campaign,
    *,
    by: User | None,
    version: int | None = None,
    places: Sequence[Unit] | None = None,
    **changes: Any,
) -> Campaign:
    """Change a campaign's title, purpose, requirements, period or places (its organiser
    stays). `version`: the version the editor started from; refused if it changed since.
    Refused: a period that leaves a shift outside it, and taking away a place with shifts."""
    require_person_or_system(by, writes_for(by, campaign.unit))
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    versions.check_version(campaign, version, by=by)
    before = audit.snapshot(campaign)
    for name, value in changes.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    shifts = campaign.shifts.order_by("starts_at")
    outside = [shift for shift in shifts if _outside_period(shift, campaign)]
    if outside:
        raise ValidationError(
            {
                "starts_on": _(
                    "The shift %(shift)s lies outside this period: move it first (%(n)d in all)."
                )
                % {"shift": outside[0], "n": len(outside)}
            }
        )
    if places is not None:
        check_places(places, by=by, kept=campaign.places.values_list("pk", flat=True))
        kept = {place.pk for place in places}
        dropped = shifts.exclude(place__in=kept).select_related("place").first()
        if dropped is not None:
            raise ValidationError(
                {
                    "places": _("%(place)s has the shift %(shift)s: it stays a place.")
                    % {"place": dropped.place.name, "shift": dropped}
                }
            )
        campaign.places.set(places)
    versions.bump_if_changed(campaign, before, by=by)
    campaign.save()
    audit.record_update(campaign, before, by=by)
    return campaign


def _outside_period(shift: Shift, campaign: Campaign) -> bool:
    return (
        timezone.localdate(shift.starts_at) < campaign.starts_on
        or timezone.localdate(shift.ends_at) > campaign.ends_on
    )


@transaction.atomic
def close_campaign(campaign: Campaign, *, by: User | None, is_open: bool = False) -> Campaign:
    """Close (or reopen) the public sign-up of a campaign; closing a closed one (or opening an
    open one) changes nothing and records nothing."""
    require_person_or_system(by, writes_for(by, campaign.unit))
    if campaign.is_open == is_open:
        return campaign
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
    if _outside_period(shift, campaign):
        raise ValidationError({"starts_at": _("A shift lies within the campaign's period.")})
    shift.save()
    audit.record_create(shift, by=by)
    return shift


def _decide(
    participation: Participation,
    *,
    by: User | None,
    state: str,
    reason: str = "",
    allowed_from: Sequence[str] = (ParticipationState.REQUESTED,),
) -> Participation:
    participation, before = locked(participation)
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
