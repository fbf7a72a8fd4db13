"""Extension requests (延期申请): filed by the assigned unit before the deadline, decided by
the item's deciding unit (the supervising unit unless the item names another, such as a
campaign's lead unit)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require, writes_for
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.supervision.access import is_assignee, is_supervisor
from taizhang.supervision.models import (
    Assignment,
    ExtensionRequest,
    ExtensionStatus,
    SupervisionItem,
)
from taizhang.supervision.services import clocks, notices
from taizhang.supervision.services.common import (
    EXTENSION_APPROVED,
    EXTENSION_REFUSED,
    EXTENSION_REQUESTED,
    event,
    locked,
)


def may_decide_extensions(user: Any, item: SupervisionItem) -> bool:
    """Officers of the deciding unit (or above it), and district-wide writers; without a
    deciding unit, the supervising unit decides."""
    if item.decider_unit_id is None:
        return is_supervisor(user, item)
    return writes_for(user, item.decider_unit)


@transaction.atomic
def request_extension(
    assignment: Assignment,
    *,
    by: User | None,
    until: datetime.date,
    reason: str,
    clock_code: str = "",
) -> ExtensionRequest:
    """The assigned unit asks for a later deadline (延期申请), before the deadline passes. In
    a flow with clocks it names the running clock to move (default: the nearest one)."""
    assignment = locked(assignment)
    require(is_assignee(by, assignment))
    reason = reason.strip()
    if not assignment.is_open:
        raise ValidationError(_("Only an open assignment can be extended."))
    deadline = assignment.deadline
    if assignment.flow.clocks:
        running = clocks.running_clocks(assignment)
        chosen = [c for c in running if c.code == clock_code] if clock_code else running[:1]
        if not chosen:
            raise ValidationError({"clock": [_("No such deadline is running.")]})
        clock_code, deadline = chosen[0].code, chosen[0].deadline
    elif clock_code:
        raise ValidationError({"clock": [_("No such deadline is running.")]})
    if clock.today() > deadline:
        raise ValidationError(
            _("The deadline %(deadline)s has passed; ask before the deadline.")
            % {"deadline": deadline.isoformat()}
        )
    if until <= deadline:
        raise ValidationError({"until": [_("The requested deadline must be after the deadline.")]})
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    if assignment.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension request is already waiting."))
    request = ExtensionRequest(
        assignment=assignment,
        clock_code=clock_code,
        previous_deadline=deadline,
        requested_deadline=until,
        reason=reason,
        requested_by=by,
        requested_at=clock.now(),
    )
    request.full_clean()
    request.save()
    audit.record_create(request, by=by, reason=reason)
    event(assignment, by=by, action=EXTENSION_REQUESTED, note=reason, deadline=until)
    notices.extension_requested(request, assignment, by=by)
    return request


@transaction.atomic
def decide_extension(
    request: ExtensionRequest, *, by: User | None, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The deciding unit approves (the deadline moves) or refuses an extension request."""
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    assignment = locked(request.assignment)
    require(may_decide_extensions(by, assignment.item))
    if request.requested_by_id is not None and request.requested_by_id == getattr(by, "pk", None):
        raise PermissionDenied(_("You asked for this extension; another person decides it."))
    if request.status != ExtensionStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    note = note.strip()
    before = audit.snapshot(request)
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decided_by = by
    request.decided_at = clock.now()
    request.note = note[:500]
    request.save(update_fields=["status", "decided_by", "decided_at", "note"])
    audit.record_update(request, before, by=by, reason=note)
    if approve and assignment.is_open:
        before = audit.snapshot(assignment)
        if request.clock_code:
            clocks.move(assignment, request.clock_code, request.requested_deadline, by=by)
            assignment.deadline = clocks.governing_deadline(assignment)
        else:
            assignment.deadline = request.requested_deadline
        if assignment.deadline >= clock.today():
            assignment.escalation_level = 0
        assignment.save(update_fields=["deadline", "escalation_level"])
        audit.record_update(assignment, before, by=by, reason=_("Extension approved"))
    event(
        assignment,
        by=by,
        action=EXTENSION_APPROVED if approve else EXTENSION_REFUSED,
        note=note,
        deadline=request.requested_deadline if approve else None,
    )
    notices.extension_decided(request, assignment, by=by)
    return request
