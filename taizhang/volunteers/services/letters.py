"""Responsibility letters (责任书): letter campaigns, their targets, signed or refused."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import attachments, audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.lib.signatures import signature_png
from taizhang.people.models import Household, Organisation
from taizhang.volunteers.models import (
    LetterCampaign,
    LetterTarget,
    TargetState,
    Team,
    Volunteer,
)
from taizhang.volunteers.services.common import check_places


@transaction.atomic
def create_letter_campaign(
    *, by: User | None, unit: Unit, places: Sequence[Unit], **fields: Any
) -> LetterCampaign:
    """Open a letter campaign (责任书签订) of an issuing unit in some communities."""
    require_person_or_system(by, writes_for(by, unit))
    check_places(places, by=by)
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
    team: Team | None = None,
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
    if team is not None and team.unit_id != letters.unit_id:
        raise ValidationError({"team": _("The team is not one of the issuing unit's.")})
    target = LetterTarget(
        letter_campaign=letters, community=community, organisation=organisation,
        household=household, team=team, volunteer=volunteer, is_demo=is_demo,
    )  # fmt: skip
    target.full_clean()
    target.save()
    audit.record_create(target, by=by)
    return target


def _locked_target(
    target: LetterTarget, by: User | None, *, keeps_proof: bool = False
) -> tuple[LetterTarget, dict]:
    """The target locked for a change by `by`: an officer of the issuing unit or of the
    community; with `keeps_proof`, of the community (or above it) only, since the proof of a
    signed letter is an attachment of the community's record."""
    fresh = (
        LetterTarget.objects.select_for_update()
        .select_related("letter_campaign__unit", "community")
        .get(pk=target.pk)
    )
    allowed = writes_for(by, fresh.community) or (
        not keeps_proof and writes_for(by, fresh.letter_campaign.unit)
    )
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
    signature: str = "",
) -> LetterTarget:
    """Mark a letter signed: the date, who signed for the counterparty, and its proof: the photo
    or scan of the signed letter or the signature drawn on screen (a PNG data URL), each kept as
    an attachment of the target. A letter without proof is refused, from the page, the API or
    anywhere else. Signed by an officer of the community (or above it), who keeps the proof."""
    target, before = _locked_target(target, by, keeps_proof=True)
    drawn = signature_png(signature) if signature.strip() else None
    if signed_on is None:
        raise ValidationError({"signed_on": _("Give the date the letter was signed.")})
    if signed_on > clock.today():
        raise ValidationError({"signed_on": _("A letter is recorded after it is signed.")})
    if signed_on < target.letter_campaign.starts_on:
        raise ValidationError({"signed_on": _("The date is before the campaign started.")})
    if not signed_by.strip():
        raise ValidationError({"signed_by": _("Give who signed for the counterparty.")})
    if scan is None and drawn is None:
        raise ValidationError(
            _("Add the photo or scan of the signed letter, or sign on the screen.")
        )
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
    if drawn is not None:
        upload = SimpleUploadedFile("signature.png", drawn, content_type="image/png")
        caption = _("Signature of %(name)s") % {"name": target.signed_by}
        attachments.add_attachment(target, upload, by=by, caption=caption[:200])
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
