"""Named deadlines of an assignment (时限): a flow's transitions start, stop and resume them;
the assignment's deadline follows the nearest running one."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.supervision.models import Assignment, AssignmentClock


def running_clocks(assignment: Assignment) -> list[AssignmentClock]:
    return list(assignment.clocks.filter(stopped_at__isnull=True).order_by("deadline", "pk"))


def check_deadline(assignment: Assignment, deadline: datetime.date | None, field: str) -> None:
    """A deadline must be given, not before the item was opened, and not in the past."""
    if deadline is None:
        raise ValidationError({field: [_("Give a deadline.")]})
    opened = timezone.localtime(assignment.item.created_at).date()
    if deadline < opened:
        raise ValidationError(
            {
                field: [
                    _("The deadline %(deadline)s is before the case was opened (%(opened)s).")
                    % {"deadline": deadline.isoformat(), "opened": opened.isoformat()}
                ]
            }
        )
    if deadline < clock.today():
        raise ValidationError({field: [_("Give a deadline from today on.")]})


def start(assignment: Assignment, code: str, deadline: datetime.date, *, by: User | None) -> None:
    """Start (or restart with a new deadline) the assignment's clock `code`."""
    existing = assignment.clocks.filter(code=code).first()
    today = clock.today()
    if existing is None:
        started = AssignmentClock(
            assignment=assignment, code=code, started_on=today, deadline=deadline
        )
        started.full_clean()
        started.save()
        audit.record_create(started, by=by)
        return
    before = audit.snapshot(existing)
    existing.started_on = min(existing.started_on, today)
    existing.deadline = deadline
    existing.stopped_at = None
    existing.full_clean()
    existing.save(update_fields=["started_on", "deadline", "stopped_at"])
    audit.record_update(existing, before, by=by)


def stop(
    assignment: Assignment, codes: tuple[str, ...], *, by: User | None, resume: bool = False
) -> None:
    """Stop the named clocks that run (or, with resume, let stopped ones run again)."""
    if not codes:
        return
    found = assignment.clocks.filter(code__in=codes, stopped_at__isnull=not resume)
    for item in found:
        before = audit.snapshot(item)
        item.stopped_at = None if resume else clock.now()
        item.save(update_fields=["stopped_at"])
        audit.record_update(item, before, by=by)


def move(assignment: Assignment, code: str, deadline: datetime.date, *, by: User | None) -> None:
    found = assignment.clocks.get(code=code)
    before = audit.snapshot(found)
    found.deadline = deadline
    found.save(update_fields=["deadline"])
    audit.record_update(found, before, by=by, reason=_("Extension approved"))


def governing_deadline(assignment: Assignment) -> datetime.date:
    """The nearest deadline of a running clock. While none runs (before the first starts, while
    paused, once ended) the assignment keeps the deadline it has: a closed case shows the
    deadline it was closed against, not the item's first one."""
    running = running_clocks(assignment)
    return running[0].deadline if running else assignment.deadline
