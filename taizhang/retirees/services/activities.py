"""Activities and outreach campaigns (宣传活动, 学习活动, 健康讲座, 生日慰问) of a community for
its retirees: the attendance is taken from the community's roster, and the people reached
count everyone it reached, the retirees attending included."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.attachments import add_attachment
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.people.models import RESIDENCE_UNIT_KINDS
from taizhang.retirees.models import Activity, ActivityAttendance, Retiree
from taizhang.retirees.services.visits import MAX_PHOTOS


def _check_attendees(unit: Unit, held_on: datetime.date, attendees: Sequence[Retiree]) -> None:
    errors = []
    seen: set[int] = set()
    for retiree in attendees:
        name = retiree.person.name
        if retiree.pk in seen:
            errors.append(_("%(name)s is listed twice.") % {"name": name})
        seen.add(retiree.pk)
        if not retiree.person.unit.path.startswith(unit.path):
            errors.append(_("%(name)s is not on this community's roster.") % {"name": name})
        died_on = retiree.person.died_on
        if died_on is not None and died_on < held_on:
            errors.append(_("%(name)s died before the activity.") % {"name": name})
    if errors:
        raise ValidationError({"attendees": errors})


@transaction.atomic
def record_activity(
    *,
    by: User | None,
    unit: Unit,
    kind: str,
    title: str,
    held_on: datetime.date,
    attendees: Sequence[Retiree] = (),
    reached: int | None = None,
    campaign: str = "",
    place: str = "",
    description: str = "",
    photos: Iterable[UploadedFile] = (),
    is_demo: bool = False,
) -> Activity:
    """Record an activity of a community with the retirees of its roster who attended. Without
    a count of people reached, the attendance is the count; a count below it is refused."""
    require_person_or_system(by, writes_for(by, unit))
    if unit.kind not in RESIDENCE_UNIT_KINDS:
        raise ValidationError({"unit": _("An activity is a community's or a village's.")})
    if held_on > clock.today():
        raise ValidationError({"held_on": _("An activity cannot be recorded before it is held.")})
    attendees = list(attendees)
    _check_attendees(unit, held_on, attendees)
    if reached is None:
        reached = len(attendees)
    if reached < len(attendees):
        raise ValidationError(
            {
                "reached": _(
                    "%(reached)d people reached is fewer than the %(attending)d retirees attending."
                )
                % {"reached": reached, "attending": len(attendees)}
            }
        )
    if reached == 0:
        raise ValidationError({"reached": _("An activity reaches someone.")})
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)d photos.") % {"count": MAX_PHOTOS}})
    activity = Activity(
        unit=unit,
        kind=kind,
        title=" ".join(title.split()),
        campaign=" ".join(campaign.split()),
        held_on=held_on,
        place=place.strip(),
        description=description.strip(),
        reached=reached,
        recorded_by=by,
        is_demo=is_demo,
    )
    activity.full_clean()
    activity.save()
    audit.record_create(activity, by=by)
    links = ActivityAttendance.objects.bulk_create(
        ActivityAttendance(activity=activity, retiree=retiree) for retiree in attendees
    )
    audit.record_bulk([(link, None) for link in links], by=by)
    for photo in photos:
        add_attachment(activity, photo, by=by)
    return activity
