"""Supervision (督办) on the workbench (工作台), in the global search and on a leader's page.

Whose turn it is comes from the flows as data, so every module's flow is covered without
naming it: a state from which the assigned side has a step that moves the state waits for
the assigned unit (to sign for, if that step is the flow's accept action; else to work on),
one from which the supervising side has such a step waits for the supervising unit (to check,
or to reissue when a misrouted assignment came back); reached by the assigned side's step, it
is that unit's work waiting on others. "The user's unit" is meant exactly: a
subdistrict officer is not handed the villages' assignments. Items of a flow a module manages
(a rectification case) link to the module's page, their subject. A fixed number of queries:
one count for every kind, one slice per kind, one per kind of subject linked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.modules import SearchGroup, SearchHit, Tile, TodoBatch, TodoItem
from taizhang.core.search import group_of
from taizhang.core.workbench import week_end
from taizhang.lib import clock
from taizhang.supervision import flows
from taizhang.supervision.models import (
    Assignment,
    ExtensionRequest,
    ExtensionStatus,
    SupervisionItem,
)
from taizhang.supervision.queries import light_condition

MODULE = "supervision"
KINDS = {
    "accept": gettext_lazy("Assignments to sign for"),
    "work": gettext_lazy("Assignments to work on"),
    "check": gettext_lazy("Assignments to check"),
    "returned": gettext_lazy("Returned assignments to reissue"),
    "extension": gettext_lazy("Extension requests to decide"),
    "waiting": gettext_lazy("Assignments waiting for the supervising unit"),
    "alert": gettext_lazy("Red and yellow assignments"),
}
# Kinds read from assignments, and whose part they are: the assigned or the supervising unit.
SIDES = {
    "accept": "unit",
    "work": "unit",
    "waiting": "unit",
    "check": "item__supervisor_unit",
    "returned": "item__supervisor_unit",
}


@dataclass(frozen=True)
class Turn:
    """The states of every flow in which an assignment waits for one side's step, and the
    label of that step."""

    states: dict[str, dict[str, str]]  # flow code → state → action label

    def condition(self) -> Q:
        condition = Q(pk__in=[])
        for code, states in self.states.items():
            if states:
                condition |= Q(item__flow=code, state__in=list(states))
        return condition

    def action(self, assignment: Assignment) -> str:
        return self.states.get(assignment.item.flow, {}).get(assignment.state, "")


def _steps(flow: flows.Flow, actors: set[flows.Actor]) -> dict[str, str]:
    """State → label of the first state-moving step `actors` may take from it."""
    found: dict[str, str] = {}
    for transition in flow.transitions:
        if transition.actor in actors and transition.target != flows.SAME:
            for state in transition.sources:
                found.setdefault(state, str(transition.label))
    return found


def turns() -> dict[str, Turn]:
    """Per kind, the states (of every registered flow) that make an assignment that kind."""
    by_kind: dict[str, dict[str, dict[str, str]]] = {kind: {} for kind in SIDES}
    for flow in flows.FLOWS.values():
        assignee = _steps(flow, {flows.Actor.ASSIGNEE})
        supervisor = _steps(flow, {flows.Actor.SUPERVISOR})
        accept = flow.transition(flow.accept_action)
        to_accept = set(accept.sources) if accept else set()
        back = flow.transition("return")
        returned = {back.target} if back else set()
        by_kind["accept"][flow.code] = {s: a for s, a in assignee.items() if s in to_accept}
        by_kind["work"][flow.code] = {s: a for s, a in assignee.items() if s not in to_accept}
        by_kind["check"][flow.code] = {s: a for s, a in supervisor.items() if s not in returned}
        by_kind["returned"][flow.code] = {s: a for s, a in supervisor.items() if s in returned}
        after_assignee = {t.target for t in flow.transitions if t.actor == flows.Actor.ASSIGNEE} - {
            flows.SAME
        }
        by_kind["waiting"][flow.code] = {
            s: "" for s in supervisor if s not in assignee and s in after_assignee
        }
    return {kind: Turn(states) for kind, states in by_kind.items()}


def link(assignment: Assignment) -> str:
    """Where the step is taken: the module's page of the subject for a managed flow."""
    item = assignment.item
    if item.flow in flows.FLOWS and item.flow_definition.managed_by:
        subject = item.subject
        if subject is not None and hasattr(subject, "get_absolute_url"):
            return subject.get_absolute_url()
    return assignment.get_absolute_url()


def _link_subjects(assignments: list[Assignment]) -> None:
    """Load the subjects of managed flows' items: one query per kind of subject."""
    managed = [
        a.item
        for a in assignments
        if a.item.flow in flows.FLOWS and a.item.flow_definition.managed_by
    ]
    prefetch_related_objects(managed, "subject")


def _item(assignment: Assignment, kind: str, today: datetime.date, action: str) -> TodoItem:
    flow = assignment.item.flow_definition
    other = assignment.item.supervisor_unit if SIDES.get(kind) == "unit" else assignment.unit
    due = assignment.deadline if assignment.is_open else None
    return TodoItem(
        module=MODULE,
        kind=kind,
        title=assignment.item.title,
        url=link(assignment),
        due=due,
        overdue=due is not None and due < today,
        detail=f"{flow.label} · {assignment.state_label} · {other.name}",
        action=action,
        waiting_on_others=kind == "waiting",
    )


def _list_url(user: Any, kind: str) -> str:
    url = reverse("supervision-list")
    if SIDES.get(kind) == "unit":
        return f"{url}?{urlencode({'unit': user.unit_id, 'is_open': 'true'})}"
    return url


def _mine(user: Any) -> QuerySet[Assignment]:
    return Assignment.objects.for_user(user).select_related("item", "item__supervisor_unit", "unit")


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    """Assignments waiting for the user's unit, on either side, and extension requests the
    user may decide."""
    if not (can_write(user) and user.unit_id):
        return []
    kinds = turns()
    conditions = {
        kind: Q(**{f"{SIDES[kind]}_id": user.unit_id}) & turn.condition()
        for kind, turn in kinds.items()
    }
    overdue = Q(is_open=True, deadline__lt=today)
    this_week = Q(is_open=True, deadline__gte=today, deadline__lte=week_end(today))
    aggregates: dict[str, Any] = {}
    for kind, condition in conditions.items():
        aggregates[f"{kind}_total"] = Count("pk", filter=condition)
        aggregates[f"{kind}_overdue"] = Count("pk", filter=condition & overdue)
        aggregates[f"{kind}_week"] = Count("pk", filter=condition & this_week)
    any_kind = Q(pk__in=[])
    for condition in conditions.values():
        any_kind |= condition
    counts = _mine(user).filter(any_kind).order_by().aggregate(**aggregates)
    rows = {
        kind: list(_mine(user).filter(condition).order_by("deadline", "pk")[:limit])
        if counts[f"{kind}_total"]
        else []
        for kind, condition in conditions.items()
    }
    _link_subjects([a for found in rows.values() for a in found])
    batches = [
        TodoBatch(
            kind,
            [_item(a, kind, today, kinds[kind].action(a)) for a in rows[kind]],
            counts[f"{kind}_total"],
            0 if kind == "waiting" else counts[f"{kind}_overdue"],
            0 if kind == "waiting" else counts[f"{kind}_week"],
            url=_list_url(user, kind),
            waiting_on_others=kind == "waiting",
        )
        for kind in conditions
    ]
    return [*batches, extensions(user, today, limit)]


def extensions(user: Any, today: datetime.date, limit: int) -> TodoBatch:
    """Pending extension requests the user's unit decides (the deciding unit, else the
    supervising unit), due by the deadline they would move; never the user's own requests,
    which another person decides."""
    decides = Q(assignment__item__decider_unit_id=user.unit_id) | Q(
        assignment__item__decider_unit__isnull=True,
        assignment__item__supervisor_unit_id=user.unit_id,
    )
    rows = (
        ExtensionRequest.objects.for_user(user)
        .filter(decides, status=ExtensionStatus.PENDING)
        .exclude(requested_by=user)
        .select_related("assignment__item__supervisor_unit", "assignment__unit")
    )
    counts = rows.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(previous_deadline__lt=today)),
        week=Count(
            "pk", filter=Q(previous_deadline__gte=today, previous_deadline__lte=week_end(today))
        ),
    )
    found = list(rows.order_by("previous_deadline", "pk")[:limit]) if counts["total"] else []
    _link_subjects([request.assignment for request in found])
    items = [
        TodoItem(
            module=MODULE,
            kind="extension",
            title=request.assignment.item.title,
            url=link(request.assignment),
            due=request.previous_deadline,
            overdue=request.previous_deadline < today,
            detail=_("%(unit)s asks for %(until)s: %(reason)s")
            % {
                "unit": request.assignment.unit.name,
                "until": request.requested_deadline.isoformat(),
                "reason": request.reason,
            },
            action=_("Decide"),
        )
        for request in found
    ]
    return TodoBatch("extension", items, counts["total"], counts["overdue"], counts["week"])


def alerts(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    """Open assignments the user may read that show red (overdue) or yellow (due soon)."""
    red = light_condition(flows.Light.RED, today)
    yellow = light_condition(flows.Light.YELLOW, today)
    rows = _mine(user).filter(red | yellow)
    counts = rows.order_by().aggregate(
        red=Count("pk", filter=red), yellow=Count("pk", filter=yellow)
    )
    total = counts["red"] + counts["yellow"]
    found = list(rows.order_by("deadline", "pk")[:limit]) if total else []
    _link_subjects(found)
    items = [
        TodoItem(
            module=MODULE,
            kind="alert",
            title=assignment.item.title,
            url=link(assignment),
            due=assignment.deadline,
            overdue=assignment.deadline < today,
            detail=f"{assignment.item.flow_definition.label} · {assignment.state_label} · "
            f"{assignment.unit.name}",
            level=str(assignment.light(today)),
        )
        for assignment in found
    ]
    url = f"{reverse('supervision-list')}?{urlencode({'light': 'red'})}"
    return [TodoBatch("alert", items, total, counts["red"], counts["yellow"], url=url)]


def tiles(user: Any) -> list[Tile]:
    """Open and overdue assignments the user may read: one query."""
    counts = (
        Assignment.objects.for_user(user)
        .order_by()
        .aggregate(
            open=Count("pk", filter=Q(is_open=True)),
            overdue=Count("pk", filter=Q(is_open=True, deadline__lt=clock.today())),
        )
    )
    url = reverse("supervision-list")
    return [
        Tile(_("Open assignments"), str(counts["open"]), url),
        Tile(
            _("Overdue assignments"),
            str(counts["overdue"]),
            f"{url}?{urlencode({'light': 'red'})}",
            level="red" if counts["overdue"] else "",
        ),
    ]


def search(user: Any, query: str, limit: int) -> list[SearchGroup]:
    """Items by title or subject. Items of flows a module manages are left to that module's
    search, which finds its own records (a case) and links to them."""
    rows = (
        SupervisionItem.objects.for_user(user)
        .filter(flow__in=[flow.code for flow in flows.open_flows()])
        .filter(Q(title__icontains=query) | Q(subject_repr__icontains=query))
        .select_related("supervisor_unit")
        .order_by("-created_at", "-pk")
    )
    return [
        group_of(
            gettext_lazy("Supervision items"),
            rows,
            limit,
            lambda item: SearchHit(
                item.title,
                item.get_absolute_url(),
                " · ".join(
                    filter(None, [item.subject_repr, item.supervisor_unit.name, str(item.deadline)])
                ),
            ),
        )
    ]
