"""What the supervision services share: timeline actions that are not transitions, their
labels, writing a timeline event, locking an assignment, closing or reopening an item."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _lazy

from taizhang.core import audit
from taizhang.core.access import acting_user
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.supervision import flows
from taizhang.supervision.models import Assignment, SupervisionEvent, SupervisionItem

# Timeline actions that are not transitions of a flow.
ASSIGN, REOPEN, ESCALATE = "assign", "reopen", "escalate"
EXTENSION_REQUESTED, EXTENSION_APPROVED, EXTENSION_REFUSED = (
    "extension_requested",
    "extension_approved",
    "extension_refused",
)

SYSTEM_ACTION_LABELS = {
    ASSIGN: _lazy("Assigned"),
    REOPEN: _lazy("Reopened"),
    ESCALATE: _lazy("Escalated"),
    EXTENSION_REQUESTED: _lazy("Extension requested"),
    EXTENSION_APPROVED: _lazy("Extension approved"),
    EXTENSION_REFUSED: _lazy("Extension refused"),
}


def action_label(flow: flows.Flow, action: str) -> str:
    """What a timeline step is called: the flow's label for its actions and steps, ours for
    the rest."""
    transition = flow.transition(action)
    if transition is not None:
        return str(transition.label)
    steps = dict(flow.step_labels)
    return str(steps.get(action) or SYSTEM_ACTION_LABELS.get(action, action))


def event(
    assignment: Assignment,
    *,
    by: User | None,
    action: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    deadline: datetime.date | None = None,
) -> SupervisionEvent:
    actor = acting_user(by)
    return SupervisionEvent.objects.create(
        assignment=assignment,
        action=action,
        from_state=from_state,
        to_state=to_state,
        by=actor,
        by_name=str(actor) if actor else "system",
        at=clock.now(),
        note=note,
        deadline=deadline,
    )


def locked(assignment: Assignment) -> Assignment:
    """The assignment as stored now, locked for the rest of the transaction."""
    return (
        Assignment.objects.select_for_update().select_related("item", "unit").get(pk=assignment.pk)
    )


def refresh_item(item: SupervisionItem, *, by: User | None) -> None:
    """Close the item when no assignment is left running or waiting; reopen it otherwise."""
    kinds = [
        item.flow_definition.kind_of(state)
        for state in item.assignments.values_list("state", flat=True)
    ]
    ended = bool(kinds) and all(kind == flows.Kind.ENDED for kind in kinds)
    if ended == (item.closed_at is not None):
        return
    before = audit.snapshot(item)
    item.closed_at = clock.now() if ended else None
    item.save(update_fields=["closed_at"])
    audit.record_update(item, before, by=by)
