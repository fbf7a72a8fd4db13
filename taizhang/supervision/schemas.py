"""API schemas of supervision (督办). Input (`...In`) and output (`...Out`) never shared."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from taizhang.core.schemas import UnitBriefOut, _user_of
from taizhang.supervision import queries, services


class SupervisionFilterIn(Schema):
    """Query parameters of the item list: the fields of the list page's filter."""

    q: str | None = Field(None, description="Search in title, description and subject.")
    flow: str | None = Field(None, description="Flow code, e.g. coordination.")
    state: str | None = Field(None, description="Items with an assignment in this state.")
    unit: int | None = Field(None, description="Items assigned to this unit or one below it.")
    overdue: bool | None = Field(None, description="Items with an open assignment overdue.")
    light: str | None = Field(None, description="red, yellow or green: the item's worst light.")
    is_open: bool | None = Field(None, description="Open (true) or closed (false) items.")


class EventOut(Schema):
    """One step on an assignment's timeline (办理记录), with what the flow calls it."""

    id: int
    action: str
    label: str
    from_state: str
    to_state: str
    by_name: str
    at: datetime.datetime
    note: str
    deadline: datetime.date | None

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return services.action_label(obj.assignment.flow, obj.action)


class ExtensionOut(Schema):
    id: int
    assignment_id: int
    clock_code: str = Field(description="The clock it moves; '' for the assignment's deadline.")
    previous_deadline: datetime.date
    requested_deadline: datetime.date
    reason: str
    status: str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
    note: str


class TransitionOut(Schema):
    action: str
    label: str
    needs_note: bool
    sets_deadline: bool


class AssignmentOut(Schema):
    id: int
    item_id: int
    unit: UnitBriefOut
    state: str
    state_label: str
    is_open: bool
    deadline: datetime.date
    light: str
    escalation_level: int
    accepted_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    returned_reason: str
    actions: list[TransitionOut] = Field(description="What the caller may do now.")

    @staticmethod
    def resolve_light(obj: Any) -> str:
        return obj.light().value

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[dict[str, Any]]:
        return [
            {
                "action": t.action,
                "label": str(t.label),
                "needs_note": t.needs_note,
                "sets_deadline": t.sets_deadline,
            }
            for t in services.allowed_actions(obj, _user_of(context))
        ]


class ClockOut(Schema):
    code: str
    started_on: datetime.date
    deadline: datetime.date
    stopped_at: datetime.datetime | None


class AssignmentDetailOut(AssignmentOut):
    events: list[EventOut]
    extension_requests: list[ExtensionOut]
    clocks: list[ClockOut] = Field(description="Named deadlines of flows that have them.")

    @staticmethod
    def resolve_clocks(obj: Any) -> list[Any]:
        return list(obj.clocks.all())

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return list(obj.events.all())

    @staticmethod
    def resolve_extension_requests(obj: Any) -> list[Any]:
        return list(obj.extension_requests.all())


class SupervisionItemOut(Schema):
    id: int
    flow: str
    title: str
    description: str
    subject: str = Field(description="The record it is about, as app_label.model.pk, or ''.")
    subject_repr: str
    supervisor_unit: UnitBriefOut
    deadline: datetime.date = Field(
        description="The deadline the pages show: the nearest of its open assignments' "
        "(after extensions); once none is open, the latest they had."
    )
    assigned_deadline: datetime.date = Field(description="The deadline it was assigned with.")
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    light: str = Field(description="The worst light of its open assignments.")
    assignments: list[AssignmentOut]

    @staticmethod
    def resolve_deadline(obj: Any) -> datetime.date:
        return obj.current_deadline

    @staticmethod
    def resolve_assigned_deadline(obj: Any) -> datetime.date:
        return obj.deadline

    @staticmethod
    def resolve_subject(obj: Any) -> str:
        return obj.subject_key

    @staticmethod
    def resolve_light(obj: Any) -> str:
        return queries.worst_light(list(obj.assignments.all())).value

    @staticmethod
    def resolve_assignments(obj: Any) -> list[Any]:
        return list(obj.assignments.all())


class SupervisionItemIn(Schema):
    flow: str = Field("", description="Flow code; empty: the first flow that no module manages.")
    title: str = Field(max_length=200)
    description: str = ""
    supervisor_unit_id: int
    unit_ids: list[int] = Field(min_length=1, description="The assigned units.")
    deadline: datetime.date
    subject: str = Field("", description="The record it is about, as app_label.model.pk.")


class ActionIn(Schema):
    action: str = Field(description="An action of the item's flow, e.g. accept, report.")
    note: str = ""
    deadline: datetime.date | None = Field(None, description="For actions that set one.")


class ExtensionIn(Schema):
    until: datetime.date
    reason: str = Field(max_length=500)
    clock: str = Field("", description="In a flow with clocks, which one (default: nearest).")


class DecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=500)


class ReasonIn(Schema):
    reason: str = Field(max_length=500)


class AddUnitIn(Schema):
    unit_id: int
    deadline: datetime.date | None = None


class ScorecardRowOut(Schema):
    unit_id: int
    unit_name: str
    open: int
    overdue: int
    closed: int
    total: int
    median_days: float | None

    @staticmethod
    def resolve_unit_name(obj: dict[str, Any]) -> str:
        return obj["unit__name"]
