"""What the volunteer services share: who organises a campaign, the places a campaign may
have, a sign-up locked for a decision, and hours between two times."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import SYSTEM, places_of_work, writes_for
from taizhang.core.models import Unit, User
from taizhang.people.models import RESIDENCE_UNIT_KINDS
from taizhang.volunteers.models import Campaign, Participation

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


def check_places(places: Sequence[Unit], *, by: User | None, kept: Iterable[int] = ()) -> None:
    """Places are villages or communities the acting user may name (core.access.places_of_work),
    or were already the record's (`kept`: an edit keeps what another organiser chose)."""
    if not places:
        raise ValidationError({"places": _("Give at least one community.")})
    if any(place.kind not in RESIDENCE_UNIT_KINDS for place in places):
        raise ValidationError({"places": _("A place is a community or a village.")})
    if by is SYSTEM:
        return
    new = {place.pk for place in places} - set(kept)
    allowed = set(places_of_work(by, Unit.objects.filter(pk__in=new)).values_list("pk", flat=True))
    refused = [place.name for place in places if place.pk in new - allowed]
    if refused:
        raise ValidationError(
            {"places": _("%(place)s is not a place you may name.") % {"place": refused[0]}}
        )


def locked(participation: Participation) -> tuple[Participation, dict[str, Any]]:
    fresh = (
        Participation.objects.select_for_update()
        .select_related("shift__campaign__unit", "shift__place", "volunteer")
        .get(pk=participation.pk)
    )
    return fresh, audit.snapshot(fresh)
