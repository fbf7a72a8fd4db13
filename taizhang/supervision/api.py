"""The supervision router of the API (督办): items, assignments and their actions, extension
requests, reopening and the department scorecard. Reads start from `.for_user()`; writes call
the services, which check the caller's part and keep the timeline and the history."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from taizhang.core.access import access_record
from taizhang.core.api import filtered, units_by_id
from taizhang.core.api_kept import kept_for_caller
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.supervision import aggregates, flows, queries, services
from taizhang.supervision.filters import SupervisionItemFilter
from taizhang.supervision.models import (
    Assignment,
    ExtensionRequest,
    SupervisionEvent,
    SupervisionItem,
)
from taizhang.supervision.schemas import (
    ActionIn,
    AddUnitIn,
    AssignmentDetailOut,
    DecisionIn,
    ExtensionIn,
    ExtensionOut,
    ReasonIn,
    ScorecardRowOut,
    SupervisionFilterIn,
    SupervisionItemIn,
    SupervisionItemOut,
)
from taizhang.supervision.views import subject_from_key

router = Router(tags=["supervision"])


def _items(user: Any) -> QuerySet[SupervisionItem]:
    return queries.with_assignments(SupervisionItem.objects.for_user(user))


def _assignments(user: Any) -> QuerySet[Assignment]:
    return (
        Assignment.objects.for_user(user)
        .select_related("unit", "item__supervisor_unit")
        .prefetch_related(
            Prefetch("events", queryset=SupervisionEvent.objects.order_by("at", "id")),
            "extension_requests",
            "clocks",
        )
    )


def _visible_units(user: Any, pks: list[int], field: str) -> list[Unit]:
    return units_by_id(Unit.objects.for_user(user), pks, field)


@router.get("/supervision/items", response=with_errors({200: list[SupervisionItemOut]}, 422))
@decorate_view(kept_for_caller)
@paginate(PageNumberPage)
def list_items(request: AuthedRequest, filters: Query[SupervisionFilterIn]) -> Any:
    """The supervision items the caller may see: those of their unit's subtree as supervising
    unit, and those assigned to it. Filtered like the list page."""
    items = filtered(SupervisionItemFilter, filters, _items(request.user))
    return items.order_by("-created_at", "-id")


@router.get("/supervision/items/{item_id}", response=with_errors({200: SupervisionItemOut}, 404))
def get_item(request: AuthedRequest, item_id: int) -> Any:
    """One item with its assignments. 404 if the caller may not see it."""
    return get_object_or_404(_items(request.user), pk=item_id)


@router.post(
    "/supervision/items", response=with_errors({201: SupervisionItemOut}, 400, 403, 404, 422)
)
def create_item(request: AuthedRequest, payload: SupervisionItemIn) -> Any:
    """Assign a problem to units with a deadline (交办). `subject` names the record it is
    about (app_label.model.pk), which the caller must be able to see."""
    supervisor = _visible_units(request.user, [payload.supervisor_unit_id], "supervisor_unit_id")
    open_codes = [flow.code for flow in flows.open_flows()]
    flow = payload.flow or (open_codes[0] if open_codes else "")
    if flow not in open_codes:
        raise ValidationError(
            {"flow": [_("Unknown flow, or one whose items only its module opens.")]}
        )
    item = services.create_item(
        by=request.user,
        flow=flow,
        title=payload.title,
        description=payload.description,
        supervisor_unit=supervisor[0],
        units=_visible_units(request.user, payload.unit_ids, "unit_ids"),
        deadline=payload.deadline,
        subject=subject_from_key(payload.subject, request.user),
    )
    return Status(201, _items(request.user).get(pk=item.pk))


@router.post(
    "/supervision/items/{item_id}/assignments",
    response=with_errors({201: AssignmentDetailOut}, 400, 403, 404, 422),
)
def add_unit(request: AuthedRequest, item_id: int, payload: AddUnitIn) -> Any:
    """Assign the item to one more unit (the right one, after a misrouted return)."""
    item = access_record(SupervisionItem, item_id, request.user)
    unit = _visible_units(request.user, [payload.unit_id], "unit_id")[0]
    assignment = services.add_assignment(
        item, by=request.user, unit=unit, deadline=payload.deadline
    )
    return Status(201, _assignments(request.user).get(pk=assignment.pk))


@router.post(
    "/supervision/items/{item_id}/reopen",
    response=with_errors({200: SupervisionItemOut}, 400, 403, 404, 422),
)
def reopen_item(request: AuthedRequest, item_id: int, payload: ReasonIn) -> Any:
    """Reopen every closed assignment of the item, with the reason."""
    item = access_record(SupervisionItem, item_id, request.user)
    services.reopen(item, by=request.user, reason=payload.reason)
    return _items(request.user).get(pk=item.pk)


@router.get(
    "/supervision/assignments/{assignment_id}",
    response=with_errors({200: AssignmentDetailOut}, 404),
)
def get_assignment(request: AuthedRequest, assignment_id: int) -> Any:
    """One unit's part of an item, with its timeline and extension requests."""
    return get_object_or_404(_assignments(request.user), pk=assignment_id)


@router.post(
    "/supervision/assignments/{assignment_id}/actions",
    response=with_errors({200: AssignmentDetailOut}, 400, 403, 404, 422),
)
def act(request: AuthedRequest, assignment_id: int, payload: ActionIn) -> Any:
    """Take an action of the item's flow (accept, return, start, report, approve, reject,
    close… for coordination). `actions` on the assignment lists what the caller may do."""
    assignment = access_record(Assignment, assignment_id, request.user)
    services.act(
        assignment,
        by=request.user,
        action=payload.action,
        note=payload.note,
        deadline=payload.deadline,
    )
    return _assignments(request.user).get(pk=assignment.pk)


@router.post(
    "/supervision/assignments/{assignment_id}/reopen",
    response=with_errors({200: AssignmentDetailOut}, 400, 403, 404, 422),
)
def reopen_assignment(request: AuthedRequest, assignment_id: int, payload: ReasonIn) -> Any:
    """Reopen one closed assignment, with the reason. The supervising unit only."""
    assignment = access_record(Assignment, assignment_id, request.user)
    services.reopen(assignment, by=request.user, reason=payload.reason)
    return _assignments(request.user).get(pk=assignment.pk)


@router.post(
    "/supervision/assignments/{assignment_id}/extensions",
    response=with_errors({201: ExtensionOut}, 400, 403, 404, 422),
)
def request_extension(request: AuthedRequest, assignment_id: int, payload: ExtensionIn) -> Any:
    """The assigned unit asks for a later deadline, before the deadline passes."""
    assignment = access_record(Assignment, assignment_id, request.user)
    extension = services.request_extension(
        assignment,
        by=request.user,
        until=payload.until,
        reason=payload.reason,
        clock_code=payload.clock,
    )
    return Status(201, extension)


@router.post(
    "/supervision/extensions/{extension_id}/decision",
    response=with_errors({200: ExtensionOut}, 400, 403, 404, 422),
)
def decide_extension(request: AuthedRequest, extension_id: int, payload: DecisionIn) -> Any:
    """The supervising unit approves (the deadline moves) or refuses."""
    extension = access_record(ExtensionRequest, extension_id, request.user)
    return services.decide_extension(
        extension, by=request.user, approve=payload.approve, note=payload.note
    )


@router.get("/supervision/scorecard", response=with_errors({200: list[ScorecardRowOut]}, 422))
def scorecard(request: AuthedRequest, flow: str | None = None) -> Any:
    """Per assigned unit the caller may see: open, overdue, closed, total and median days from
    assignment to closing."""
    return aggregates.scorecard(request.user, flow or "")
