"""Escalation of overdue assignments (超期升级), run daily."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import SYSTEM
from taizhang.lib import clock
from taizhang.supervision import flows
from taizhang.supervision.models import Assignment, SupervisionEvent
from taizhang.supervision.services import notices
from taizhang.supervision.services.common import ESCALATE


class Escalation(NamedTuple):
    assignment: Assignment
    before: int
    level: int


@transaction.atomic
def escalate_overdue(
    *, today: datetime.date | None = None, dry_run: bool = False
) -> list[Escalation]:
    """Raise the escalation level of every open assignment past its deadline whose level by
    days overdue is above the one recorded; one timeline event each. Running it again the
    same day changes nothing. Returns what rose (or, with dry_run, would rise)."""
    today = today or clock.today()
    rising = []
    overdue = Assignment.objects.overdue(today).select_related("item", "unit").order_by("pk")
    for assignment in overdue.select_for_update(of=("self",)):
        level = flows.escalation_level((today - assignment.deadline).days)
        if level > assignment.escalation_level:
            rising.append(Escalation(assignment, assignment.escalation_level, level))
    if dry_run or not rising:
        return rising
    changes = []
    for assignment, _before, level in rising:
        before = audit.snapshot(assignment)
        assignment.escalation_level = level
        changes.append((assignment, before))
    Assignment.objects.bulk_update([e.assignment for e in rising], ["escalation_level"])
    now = clock.now()
    SupervisionEvent.objects.bulk_create(
        SupervisionEvent(
            assignment=assignment,
            action=ESCALATE,
            by_name="system",
            at=now,
            note=_("%(days)d days overdue: escalation level %(level)d")
            % {"days": (today - assignment.deadline).days, "level": level},
        )
        for assignment, _before, level in rising
    )
    audit.record_bulk(changes, by=SYSTEM, reason=_("Overdue: escalated"))
    for assignment, _before, level in rising:
        notices.escalated(assignment, days=(today - assignment.deadline).days, level=level)
    return rising
