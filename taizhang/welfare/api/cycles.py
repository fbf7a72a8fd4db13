"""Welfare API: cycles (发放批次) and entitlements (待遇). Reads start from `.for_user()`; the
entitlement list takes the page's FilterSet; writes call services/cycles.py. The bank's
payment results are imported through the core ledger API (ledger "welfare-entitlements")."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from taizhang.core.access import access_record, can_write, require
from taizhang.core.api import filtered
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.welfare.filters import EntitlementFilter
from taizhang.welfare.models import Cycle, CycleStatus, Entitlement, Programme
from taizhang.welfare.schemas.cycles import (
    CycleDetailOut,
    CycleFilterIn,
    CycleIn,
    CycleNoteIn,
    CycleOut,
    CycleReasonIn,
    EntitlementFilterIn,
    EntitlementOut,
)
from taizhang.welfare.services import cycles

router = Router(tags=["welfare"])
WRITE_ERRORS = (400, 403, 404, 422)


def _cycles(user: Any) -> QuerySet[Cycle]:
    return Cycle.objects.for_user(user).select_related(
        "programme", "made_by", "submitted_by", "approved_by"
    )


def _detail(user: Any, pk: int) -> Cycle:
    """The cycle as CycleDetailOut reads it: with its totals and refusals."""
    cycle = get_object_or_404(_cycles(user), pk=pk)
    editable = cycle.status in cycles.EDITABLE
    refused = cycles.refusals(cycle) if editable else []
    cycle.totals = cycles.totals(Cycle.objects.filter(pk=cycle.pk))  # type: ignore[attr-defined]
    cycle.refused = [  # type: ignore[attr-defined]
        {**refusal.__dict__, "reasons": list(refusal.reasons)} for refusal in refused
    ]
    return cycle


@router.get("/welfare/cycles", response=with_errors({200: list[CycleOut]}, 422))
@paginate(PageNumberPage)
def list_cycles(request: AuthedRequest, filters: Query[CycleFilterIn]) -> Any:
    """The cycles the caller may see, newest period first."""
    rows = _cycles(request.user)
    if filters.programme is not None:
        rows = rows.filter(programme_id=filters.programme)
    if filters.status:
        if filters.status not in CycleStatus.values:
            raise ValidationError({"status": [_("Unknown status.")]})
        rows = rows.filter(status=filters.status)
    return rows.order_by("-period", "pk")


@router.get("/welfare/cycles/{cycle_id}", response=with_errors({200: CycleDetailOut}, 404))
def get_cycle(request: AuthedRequest, cycle_id: int) -> Any:
    """One cycle with its counts and amounts and, while a draft or returned, the enrolments
    generation refuses with the reasons."""
    return _detail(request.user, cycle_id)


@router.post("/welfare/cycles", response=with_errors({201: CycleDetailOut}, *WRITE_ERRORS))
def create_cycle(request: AuthedRequest, payload: CycleIn) -> Any:
    """Create a cycle of a programme the caller runs, and generate its entitlements."""
    require(can_write(request.user))
    programme = Programme.objects.for_user(request.user).filter(pk=payload.programme_id).first()
    if programme is None:
        raise ValidationError({"programme_id": [_("No such programme.")]})
    cycle, _refused = cycles.create_cycle(
        programme,
        by=request.user,
        period=payload.period,
        label=payload.label,
        generate=payload.generate,
    )
    return Status(201, _detail(request.user, cycle.pk))


def _step(request: AuthedRequest, cycle_id: int, step: Any) -> Any:
    cycle = access_record(Cycle, cycle_id, request.user)
    step(cycle)
    return _detail(request.user, cycle.pk)


@router.post(
    "/welfare/cycles/{cycle_id}/generate",
    response=with_errors({200: CycleDetailOut}, *WRITE_ERRORS),
)
def generate_cycle(request: AuthedRequest, cycle_id: int) -> Any:
    """Generate a draft or returned cycle's entitlements again."""
    return _step(
        request, cycle_id, lambda cycle: cycles.generate_entitlements(cycle, by=request.user)
    )


@router.post(
    "/welfare/cycles/{cycle_id}/submit", response=with_errors({200: CycleDetailOut}, *WRITE_ERRORS)
)
def submit_cycle(request: AuthedRequest, cycle_id: int, payload: CycleNoteIn) -> Any:
    """Submit the cycle for approval by a second person."""
    return _step(
        request,
        cycle_id,
        lambda cycle: cycles.submit_cycle(cycle, by=request.user, note=payload.note),
    )


@router.post(
    "/welfare/cycles/{cycle_id}/approve", response=with_errors({200: CycleDetailOut}, *WRITE_ERRORS)
)
def approve_cycle(request: AuthedRequest, cycle_id: int, payload: CycleNoteIn) -> Any:
    """Approve a submitted cycle after re-checking everyone in it (never by its maker); a
    person who no longer qualifies refuses it (400, naming them)."""
    return _step(
        request,
        cycle_id,
        lambda cycle: cycles.approve_cycle(cycle, by=request.user, note=payload.note),
    )


@router.post(
    "/welfare/cycles/{cycle_id}/return", response=with_errors({200: CycleDetailOut}, *WRITE_ERRORS)
)
def return_cycle(request: AuthedRequest, cycle_id: int, payload: CycleReasonIn) -> Any:
    """Send a submitted cycle back to its maker with the reason."""
    return _step(
        request,
        cycle_id,
        lambda cycle: cycles.return_cycle(cycle, by=request.user, reason=payload.reason),
    )


@router.get("/welfare/entitlements", response=with_errors({200: list[EntitlementOut]}, 422))
@paginate(PageNumberPage)
def list_entitlements(request: AuthedRequest, filters: Query[EntitlementFilterIn]) -> Any:
    """The entitlements the caller may see, filtered like the list page (ID numbers masked)."""
    rows = filtered(EntitlementFilter, filters, Entitlement.objects.for_user(request.user))
    return rows.select_related("person", "unit").order_by(
        "cycle_id", "unit_id", "person__name", "pk"
    )
