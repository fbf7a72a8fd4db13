"""Monthly visits (走访) to retirees on a visited list (特困, 孤寡, 重病): each member is due a
visit every calendar month; a member not visited last month, who was on the list then, is
overdue until visited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.attachments import add_attachment
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.people.models import PersonStatus
from taizhang.retirees.models import Retiree, RetireeVisit

MAX_PHOTOS = 9


@transaction.atomic
def record_visit(
    retiree: Retiree,
    *,
    by: User | None,
    visited_on: datetime.date,
    visitors: str,
    findings: str,
    follow_up: str = "",
    photos: Iterable[UploadedFile] = (),
    is_demo: bool = False,
) -> RetireeVisit:
    """Record a visit to a living retiree on a visited list on the day of the visit."""
    require_person_or_system(by, writes_for(by, retiree.person.unit))
    if retiree.person.status == PersonStatus.DECEASED and (
        retiree.person.died_on is None or visited_on > retiree.person.died_on
    ):
        raise ValidationError(
            {"retiree": _("%(name)s is deceased.") % {"name": retiree.person.name}}
        )
    if visited_on > clock.today():
        raise ValidationError({"visited_on": _("A visit cannot be recorded before it happens.")})
    if not Retiree.objects.filter(pk=retiree.pk).on_visit_list(visited_on).exists():
        raise ValidationError(
            {"retiree": _("%(name)s is not on a visit list (特困, 孤寡, 重病) on that day.") % {
                "name": retiree.person.name}})  # fmt: skip
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)d photos.") % {"count": MAX_PHOTOS}})
    visit = RetireeVisit(
        retiree=retiree,
        visited_on=visited_on,
        visitors=" ".join(visitors.split()),
        findings=findings.strip(),
        follow_up=follow_up.strip(),
        recorded_by=by,
        is_demo=is_demo,
    )
    visit.full_clean()
    visit.save()
    audit.record_create(visit, by=by)
    for photo in photos:
        add_attachment(visit, photo, by=by)
    return visit
