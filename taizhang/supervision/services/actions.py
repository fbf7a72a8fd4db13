"""Steps on an assignment: the flow's transitions, a module's own steps on the timeline
(a finding verified), the four-eyes rule, reopening."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.supervision import flows
from taizhang.supervision.access import is_assignee, is_supervisor
from taizhang.supervision.models import Assignment, SupervisionEvent, SupervisionItem
from taizhang.supervision.services import clocks, notices
from taizhang.supervision.services.common import REOPEN, event, locked, refresh_item


def plays(user: Any, assignment: Assignment, actor: flows.Actor) -> bool:
    """Whether `user` plays `actor`'s part on the assignment."""
    if actor == flows.Actor.SUPERVISOR:
        return is_supervisor(user, assignment.item)
    if actor == flows.Actor.ASSIGNEE:
        return is_assignee(user, assignment)
    return is_supervisor(user, assignment.item) or is_assignee(user, assignment)


def allowed_actions(
    assignment: Assignment, user: Any, *, managed: bool = False
) -> list[flows.Transition]:
    """The transitions `user` may take on the assignment now (buttons on the page)."""
    if assignment.flow.managed_by and not managed:
        return []
    return [
        t for t in assignment.flow.available(assignment.state) if plays(user, assignment, t.actor)
    ]


def ensure_other_person(by: User | None, reporter_id: int | None) -> None:
    """The four-eyes rule (复核): who reported the work done may not verify it."""
    if reporter_id is not None and getattr(by, "pk", None) == reporter_id:
        raise ValidationError(_("The person who reported the work done may not also verify it."))


@transaction.atomic
def act(
    assignment: Assignment,
    *,
    by: User | None,
    action: str,
    note: str = "",
    deadline: datetime.date | None = None,
    managed: bool = False,
) -> Assignment:
    """Take one action of the item's flow on the assignment: validates the action, the current
    state, the caller's part, the note, the deadline and the transition's guard; starts, stops
    and resumes the flow's clocks. A flow managed by a module takes its steps only through
    that module's services (managed=True)."""
    assignment = locked(assignment)
    flow = assignment.flow
    if flow.managed_by and not managed:
        raise ValidationError(
            _("Take this step on the %(module)s pages.") % {"module": flow.managed_by}
        )
    transition = flow.transition(action)
    if transition is None:
        raise ValidationError({"action": [_("Unknown action %(action)s.") % {"action": action}]})
    require(plays(by, assignment, transition.actor))
    if assignment.state not in transition.sources:
        raise ValidationError(
            {
                "action": [
                    _("%(action)s is not possible while the assignment is %(state)s.")
                    % {"action": transition.label, "state": assignment.state_label}
                ]
            }
        )
    note = note.strip()
    if transition.needs_note and not note:
        raise ValidationError({"note": [_("Give a reason.")]})
    if transition.sets_deadline:
        clocks.check_deadline(assignment, deadline, "deadline")
    if transition.not_by_actor_of and getattr(by, "pk", None) is not None:
        last = (
            assignment.events.filter(action=transition.not_by_actor_of)
            .order_by("-at", "-id")
            .values_list("by_id", flat=True)
            .first()
        )
        ensure_other_person(by, last)
    if transition.guard is not None:
        refusal = transition.guard(assignment)
        if refusal:
            raise ValidationError(str(refusal))
    before = audit.snapshot(assignment)
    from_state = assignment.state
    assignment.state = flow.target_of(transition, assignment.state)
    assignment.is_open = flow.kind_of(assignment.state) == flows.Kind.ACTIVE
    fields = ["state", "is_open"]
    if action == flow.accept_action:
        assignment.accepted_at = clock.now()
        fields.append("accepted_at")
    if action == flow.close_action:
        assignment.closed_at = clock.now()
        fields.append("closed_at")
    if action == "return":
        assignment.returned_reason = note[:500]
        fields.append("returned_reason")
    if flow.clocks:
        if transition.sets_deadline and deadline is not None:  # checked above
            clocks.start(assignment, transition.clock, deadline, by=by)
        clocks.stop(assignment, transition.stops_clocks, by=by)
        clocks.stop(assignment, transition.resumes_clocks, by=by, resume=True)
        if not assignment.is_open and flow.kind_of(assignment.state) == flows.Kind.ENDED:
            clocks.stop(assignment, tuple(c.code for c in flow.clocks), by=by)
        governing = clocks.governing_deadline(assignment)
        if governing != assignment.deadline:
            assignment.deadline = governing
            assignment.escalation_level = 0
            fields += ["deadline", "escalation_level"]
    elif transition.sets_deadline and deadline is not None:  # checked above
        assignment.deadline = deadline
        assignment.escalation_level = 0
        fields += ["deadline", "escalation_level"]
    assignment.full_clean()
    assignment.save(update_fields=fields)
    audit.record_update(assignment, before, by=by, reason=note or str(transition.label))
    event(
        assignment,
        by=by,
        action=action,
        from_state=from_state,
        to_state=assignment.state,
        note=note,
        deadline=deadline if transition.sets_deadline else None,
    )
    refresh_item(assignment.item, by=by)
    notices.stepped(assignment, transition, from_state, note=note, by=by)
    return assignment


def record_step(
    assignment: Assignment, *, by: User | None, action: str, note: str = ""
) -> SupervisionEvent:
    """Put a module's own step on the assignment's timeline (a finding reported rectified or
    verified), in the caller's transaction. The caller has checked the step."""
    return event(assignment, by=by, action=action, note=note)


@transaction.atomic
def reopen(
    target: Assignment | SupervisionItem,
    *,
    by: User | None,
    reason: str,
    deadline: datetime.date | None = None,
    clock_code: str = "",
    managed: bool = False,
) -> list[Assignment]:
    """Reopen a closed assignment, or every closed assignment of an item (重新办理). With a
    `deadline`, the reopened work runs against it (on the flow's clock `clock_code`)."""
    item = target.item if isinstance(target, Assignment) else target
    require(is_supervisor(by, item))
    flow = item.flow_definition
    if flow.managed_by and not managed:
        raise ValidationError(
            _("Take this step on the %(module)s pages.") % {"module": flow.managed_by}
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    assignments = (
        [target] if isinstance(target, Assignment) else list(item.assignments.order_by("pk"))
    )
    reopened = []
    for assignment in assignments:
        assignment = locked(assignment)
        if assignment.state != flow.closed_state:
            continue
        before = audit.snapshot(assignment)
        from_state = assignment.state
        assignment.state = flow.reopen_state
        assignment.is_open = flow.kind_of(flow.reopen_state) == flows.Kind.ACTIVE
        assignment.closed_at = None
        fields = ["state", "is_open", "closed_at"]
        if deadline is not None:
            clocks.check_deadline(assignment, deadline, "deadline")
            if clock_code:
                clocks.start(assignment, clock_code, deadline, by=by)
            assignment.deadline = deadline
            assignment.escalation_level = 0
            fields += ["deadline", "escalation_level"]
        assignment.save(update_fields=fields)
        audit.record_update(assignment, before, by=by, reason=reason)
        event(
            assignment,
            by=by,
            action=REOPEN,
            from_state=from_state,
            to_state=assignment.state,
            note=reason,
        )
        notices.reopened(assignment, reason=reason, by=by)
        reopened.append(assignment)
    if not reopened:
        raise ValidationError(_("Nothing to reopen: no assignment is closed."))
    refresh_item(SupervisionItem.objects.get(pk=item.pk), by=by)
    return reopened
