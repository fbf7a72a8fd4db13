"""Who hears of a supervision step (通知), once it commits: the assigned unit of new work and of
the supervising unit's steps; the supervising unit of a return, a report back and whatever else
waits for it; the deciding unit of an extension request; both units of an escalation. Which
step tells whom follows from the flow's data, so a module's flow needs nothing more."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from taizhang.core.access import SYSTEM
from taizhang.core.models import Unit, User
from taizhang.core.notifications import notify
from taizhang.supervision import flows
from taizhang.supervision.models import Assignment, ExtensionRequest, ExtensionStatus

MODULE = "supervision"


def _where(assignment: Assignment) -> tuple[str, str]:
    """(url, module): a flow managed by a module is worked on its record's page (a case)."""
    item = assignment.item
    if assignment.flow.managed_by and item.content_type_id:
        subject = item.subject
        if subject is not None and hasattr(subject, "get_absolute_url"):
            return subject.get_absolute_url(), subject._meta.app_label
    return assignment.get_absolute_url(), MODULE


def _tell(
    assignment: Assignment, units: list[Unit], *, kind: str, step: str, note: str, by: User | None
) -> None:
    url, module = _where(assignment)
    title = _("%(step)s: %(title)s (%(unit)s)") % {
        "step": step,
        "title": assignment.item.title,
        "unit": assignment.unit.name,
    }
    if note:
        title = f"{title} — {note}"
    notify(recipients=units, kind=kind, title=title, url=url, module=module, by=by)


def _supervisor(assignment: Assignment) -> Unit:
    return assignment.item.supervisor_unit


def assigned(assignment: Assignment, *, by: User | None) -> None:
    """New work for the assigned unit (交办), unless the flow starts with the supervising
    unit's own preparation (a case being filed): its first step then tells them."""
    if assignment.flow.kind_of(assignment.state) == flows.Kind.ACTIVE:
        step = _("New assignment")
        _tell(assignment, [assignment.unit], kind="assigned", step=step, note="", by=by)


def told_of_step(
    flow: flows.Flow, transition: flows.Transition, from_state: str, to_state: str
) -> tuple[bool, bool]:
    """(assigned unit, supervising unit): who hears of a step. The supervising unit's steps
    tell the assigned unit; the assigned unit's tell the supervising unit when they carry words
    for it (a return, a report, a written reply), stop the work or hand the next move to it; a
    step either side may take tells the side whose move is next. Nothing is told about work
    that never reached the assigned unit (a case withdrawn while being prepared)."""
    active = flows.Kind.ACTIVE
    never_reached = from_state == flow.initial and flow.kind_of(from_state) != active
    if never_reached and flow.kind_of(to_state) != active:
        return False, False
    next_actors = {t.actor for t in flow.available(to_state)}
    if transition.actor == flows.Actor.SUPERVISOR:
        return True, False
    if transition.actor == flows.Actor.ASSIGNEE:
        waits = flows.Actor.SUPERVISOR in next_actors or flow.kind_of(to_state) != active
        return False, transition.needs_note or waits
    return flows.Actor.ASSIGNEE in next_actors, flows.Actor.SUPERVISOR in next_actors


def stepped(
    assignment: Assignment,
    transition: flows.Transition,
    from_state: str,
    *,
    note: str,
    by: User | None,
) -> None:
    to_assigned, to_supervisor = told_of_step(
        assignment.flow, transition, from_state, assignment.state
    )
    units = [assignment.unit] if to_assigned else []
    units += [_supervisor(assignment)] if to_supervisor else []
    if units:
        step = str(transition.label)
        _tell(assignment, units, kind=transition.action, step=step, note=note, by=by)


def reopened(assignment: Assignment, *, reason: str, by: User | None) -> None:
    _tell(assignment, [assignment.unit], kind="reopened", step=_("Reopened"), note=reason, by=by)


def escalated(assignment: Assignment, *, days: int, level: int) -> None:
    step = ngettext(
        "%(days)d day overdue, escalation level %(level)d",
        "%(days)d days overdue, escalation level %(level)d",
        days,
    ) % {"days": days, "level": level}
    units = [assignment.unit, _supervisor(assignment)]
    _tell(assignment, units, kind="escalated", step=step, note="", by=SYSTEM)


def extension_requested(
    request: ExtensionRequest, assignment: Assignment, *, by: User | None
) -> None:
    decider = assignment.item.decider_unit or _supervisor(assignment)
    step = _("Extension requested until %(date)s") % {"date": request.requested_deadline}
    _tell(assignment, [decider], kind="extension_requested", step=step, note=request.reason, by=by)


def extension_decided(
    request: ExtensionRequest, assignment: Assignment, *, by: User | None
) -> None:
    if request.status == ExtensionStatus.APPROVED:
        step = _("Extension approved until %(date)s") % {"date": request.requested_deadline}
    else:
        step = _("Extension refused")
    kind = "extension_decided"
    _tell(assignment, [assignment.unit], kind=kind, step=step, note=request.note, by=by)
