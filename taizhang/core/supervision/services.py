"""Writes of supervision (督办): create an item, act on an assignment, extensions, reopening,
escalation. Each checks access, validates, writes with update_fields, keeps the timeline and
the audit trail in one transaction. A refused step raises and changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from taizhang.core import audit
from taizhang.core.access import can_read, can_write, require
from taizhang.core.models import Unit
from taizhang.core.supervision import flows
from taizhang.core.supervision.access import is_assignee, is_supervisor
from taizhang.core.supervision.models import (
    Assignment,
    ExtensionRequest,
    ExtensionStatus,
    SupervisionEvent,
    SupervisionItem,
)
from taizhang.lib import clock

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
    """What a timeline step is called: the flow's label for its actions, ours for the rest."""
    transition = flow.transition(action)
    return str(transition.label if transition else SYSTEM_ACTION_LABELS.get(action, action))


class Escalation(NamedTuple):
    assignment: Assignment
    before: int
    level: int


def _event(
    assignment: Assignment,
    *,
    by: Any,
    action: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    deadline: datetime.date | None = None,
) -> SupervisionEvent:
    actor = by if getattr(by, "is_authenticated", False) else None
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


def _subject_fields(subject: models.Model | None, by: Any) -> dict[str, Any]:
    if subject is None:
        return {"content_type": None, "object_id": "", "subject_repr": ""}
    if by is not None and not can_read(by, subject):
        raise ValidationError({"subject": [_("You may not see this record.")]})
    return {
        "content_type": ContentType.objects.get_for_model(subject, for_concrete_model=False),
        "object_id": str(subject.pk),
        "subject_repr": str(subject)[:200],
    }


@transaction.atomic
def create_item(
    *,
    by: Any,
    flow: str,
    title: str,
    description: str = "",
    supervisor_unit: Unit,
    units: Iterable[Unit],
    deadline: datetime.date,
    subject: models.Model | None = None,
) -> SupervisionItem:
    """Assign a problem to one or more units with a deadline (交办). The caller must write for
    the supervising unit and see the assigned units and the subject; `by=None` is the system
    itself (the demo)."""
    require(by is None or can_write(by, supervisor_unit))
    definition = flows.get_flow(flow) if flow in flows.FLOWS else None
    if definition is None:
        raise ValidationError({"flow": [_("Unknown flow.")]})
    units = list(dict.fromkeys(units))
    if not units:
        raise ValidationError({"units": [_("Assign the item to at least one unit.")]})
    if by is not None:
        _check_visible(units, by)
    if deadline < clock.today():
        raise ValidationError({"deadline": [_("The deadline is in the past.")]})
    now = clock.now()
    item = SupervisionItem(
        flow=flow,
        title=title,
        description=description,
        supervisor_unit=supervisor_unit,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        created_at=now,
        deadline=deadline,
        **_subject_fields(subject, by),
    )
    item.full_clean()
    item.save()
    audit.record_create(item, by=by)
    for unit in units:
        _assign(item, unit, by=by, deadline=deadline, now=now)
    return item


def _check_visible(units: list[Unit], by: Any) -> None:
    visible = set(
        Unit.objects.for_user(by).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True)
    )
    if any(unit.pk not in visible for unit in units):
        raise ValidationError({"units": [_("No such unit.")]})


def _assign(
    item: SupervisionItem, unit: Unit, *, by: Any, deadline: datetime.date, now: datetime.datetime
) -> Assignment:
    if not unit.is_active:
        raise ValidationError({"units": [_("%(unit)s is not active.") % {"unit": unit.name}]})
    initial = item.flow_definition.initial
    assignment = Assignment(item=item, unit=unit, state=initial, deadline=deadline, created_at=now)
    assignment.full_clean()
    assignment.save()
    audit.record_create(assignment, by=by)
    _event(assignment, by=by, action=ASSIGN, to_state=initial, deadline=deadline)
    return assignment


@transaction.atomic
def add_assignment(
    item: SupervisionItem, *, by: Any, unit: Unit, deadline: datetime.date | None = None
) -> Assignment:
    """Assign an open item to one more unit (e.g. the right one, after a misrouted return)."""
    require(is_supervisor(by, item))
    if item.closed_at is not None:
        raise ValidationError(_("The item is closed; reopen it first."))
    _check_visible([unit], by)
    deadline = deadline or item.deadline
    if deadline < clock.today():
        raise ValidationError({"deadline": [_("The deadline is in the past.")]})
    return _assign(item, unit, by=by, deadline=deadline, now=clock.now())


def _locked(assignment: Assignment) -> Assignment:
    """The assignment as stored now, locked for the rest of the transaction."""
    return (
        Assignment.objects.select_for_update().select_related("item", "unit").get(pk=assignment.pk)
    )


def _refresh_item(item: SupervisionItem, *, by: Any) -> None:
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


def allowed_actions(assignment: Assignment, user: Any) -> list[flows.Transition]:
    """The transitions `user` may take on the assignment now (buttons on the page)."""
    roles = {
        flows.Actor.SUPERVISOR: is_supervisor(user, assignment.item),
        flows.Actor.ASSIGNEE: is_assignee(user, assignment),
    }
    return [t for t in assignment.flow.available(assignment.state) if roles[t.actor]]


@transaction.atomic
def act(
    assignment: Assignment,
    *,
    by: Any,
    action: str,
    note: str = "",
    deadline: datetime.date | None = None,
) -> Assignment:
    """Take one action of the item's flow on the assignment: validates the action, the current
    state and the caller's part (supervising or assigned unit)."""
    assignment = _locked(assignment)
    flow = assignment.flow
    transition = flow.transition(action)
    if transition is None:
        raise ValidationError({"action": [_("Unknown action %(action)s.") % {"action": action}]})
    allowed = (
        is_supervisor(by, assignment.item)
        if transition.actor == flows.Actor.SUPERVISOR
        else is_assignee(by, assignment)
    )
    require(allowed)
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
    if transition.sets_deadline and (deadline is None or deadline < clock.today()):
        raise ValidationError({"deadline": [_("Give a deadline from today on.")]})
    if transition.not_by_actor_of and getattr(by, "pk", None) is not None:
        last = (
            assignment.events.filter(action=transition.not_by_actor_of)
            .order_by("-at", "-id")
            .values_list("by_id", flat=True)
            .first()
        )
        if last == by.pk:
            raise ValidationError(
                _("The person who reported the work done may not also verify it.")
            )
    before = audit.snapshot(assignment)
    from_state = assignment.state
    assignment.state = transition.target
    assignment.is_open = flow.kind_of(transition.target) == flows.Kind.ACTIVE
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
    if transition.sets_deadline:
        assignment.deadline = deadline
        assignment.escalation_level = 0
        fields += ["deadline", "escalation_level"]
    assignment.full_clean()
    assignment.save(update_fields=fields)
    audit.record_update(assignment, before, by=by, reason=note or str(transition.label))
    _event(
        assignment,
        by=by,
        action=action,
        from_state=from_state,
        to_state=assignment.state,
        note=note,
        deadline=deadline if transition.sets_deadline else None,
    )
    _refresh_item(assignment.item, by=by)
    return assignment


@transaction.atomic
def request_extension(
    assignment: Assignment, *, by: Any, until: datetime.date, reason: str
) -> ExtensionRequest:
    """The assigned unit asks for a later deadline (延期申请), before the deadline passes."""
    assignment = _locked(assignment)
    require(is_assignee(by, assignment))
    reason = reason.strip()
    if not assignment.is_open:
        raise ValidationError(_("Only an open assignment can be extended."))
    if clock.today() > assignment.deadline:
        raise ValidationError(
            _("The deadline %(deadline)s has passed; ask before the deadline.")
            % {"deadline": assignment.deadline.isoformat()}
        )
    if until <= assignment.deadline:
        raise ValidationError({"until": [_("The requested deadline must be after the deadline.")]})
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    request = ExtensionRequest(
        assignment=assignment,
        previous_deadline=assignment.deadline,
        requested_deadline=until,
        reason=reason,
        requested_by=by,
        requested_at=clock.now(),
    )
    request.full_clean()
    request.save()
    audit.record_create(request, by=by, reason=reason)
    _event(assignment, by=by, action=EXTENSION_REQUESTED, note=reason, deadline=until)
    return request


@transaction.atomic
def decide_extension(
    request: ExtensionRequest, *, by: Any, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The supervising unit approves (the deadline moves) or refuses an extension request."""
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    assignment = _locked(request.assignment)
    require(is_supervisor(by, assignment.item))
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
        assignment.deadline = request.requested_deadline
        if assignment.deadline >= clock.today():
            assignment.escalation_level = 0
        assignment.save(update_fields=["deadline", "escalation_level"])
        audit.record_update(assignment, before, by=by, reason=_("Extension approved"))
    _event(
        assignment,
        by=by,
        action=EXTENSION_APPROVED if approve else EXTENSION_REFUSED,
        note=note,
        deadline=request.requested_deadline if approve else None,
    )
    return request


@transaction.atomic
def reopen(target: Assignment | SupervisionItem, *, by: Any, reason: str) -> list[Assignment]:
    """Reopen a closed assignment, or every closed assignment of an item (重新办理)."""
    item = target.item if isinstance(target, Assignment) else target
    require(is_supervisor(by, item))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    flow = item.flow_definition
    assignments = (
        [target] if isinstance(target, Assignment) else list(item.assignments.order_by("pk"))
    )
    reopened = []
    for assignment in assignments:
        assignment = _locked(assignment)
        if assignment.state != flow.closed_state:
            continue
        before = audit.snapshot(assignment)
        from_state = assignment.state
        assignment.state = flow.reopen_state
        assignment.is_open = flow.kind_of(flow.reopen_state) == flows.Kind.ACTIVE
        assignment.closed_at = None
        assignment.save(update_fields=["state", "is_open", "closed_at"])
        audit.record_update(assignment, before, by=by, reason=reason)
        _event(
            assignment,
            by=by,
            action=REOPEN,
            from_state=from_state,
            to_state=assignment.state,
            note=reason,
        )
        reopened.append(assignment)
    if not reopened:
        raise ValidationError(_("Nothing to reopen: no assignment is closed."))
    _refresh_item(SupervisionItem.objects.get(pk=item.pk), by=by)
    return reopened


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
    audit.record_bulk(changes, by=None, reason=_("Overdue: escalated"))
    return rising
