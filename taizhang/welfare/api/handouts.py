"""Welfare API: stock, the hand-out search, hand-outs with a signature or a one-time code, and
visits. Reads start from what the caller may see (`.for_user`); writes call the services."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from taizhang.core.access import require, scope, writes_for
from taizhang.core.api import filtered
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.people.models import Person
from taizhang.welfare.filters import VisitFilter
from taizhang.welfare.models import Cycle, Entitlement, Handout, ProgrammeKind, Stock, Visit
from taizhang.welfare.schemas.handouts import (
    CandidateOut,
    CodeOut,
    HandoutIn,
    HandoutOut,
    StockIn,
    StockOut,
    VisitFilterIn,
    VisitIn,
    VisitOut,
)
from taizhang.welfare.services import handouts as services
from taizhang.welfare.services import visits as visit_services

router = Router(tags=["welfare"])
WRITE_ERRORS = (400, 403, 404, 422)
SEARCH_LIMIT = 20


def _cycle(request: AuthedRequest, cycle_id: int) -> Cycle:
    cycle = services.visible_cycle(request.user, cycle_id)
    if cycle is None:
        raise Http404
    return cycle


def _entitlement(request: AuthedRequest, entitlement_id: int) -> Entitlement:
    entitlements = scope(Entitlement.objects.all(), request.user).filter(
        cycle__programme__kind=ProgrammeKind.IN_KIND
    )
    return get_object_or_404(
        entitlements.select_related("cycle__programme", "person", "household", "unit"),
        pk=entitlement_id,
    )


@router.get("/welfare/cycles/{cycle_id}/stock", response=with_errors({200: list[StockOut]}, 404))
def list_stock(request: AuthedRequest, cycle_id: int) -> Any:
    """The stock of an in-kind cycle per village and item, in the villages the caller sees."""
    cycle = _cycle(request, cycle_id)
    stock = Stock.objects.for_user(request.user).filter(cycle=cycle)
    return stock.select_related("unit", "item").order_by("unit__code", "item_id")


@router.post(
    "/welfare/cycles/{cycle_id}/stock", response=with_errors({200: StockOut}, *WRITE_ERRORS)
)
def receive_stock(request: AuthedRequest, cycle_id: int, payload: StockIn) -> Any:
    """Goods received by a village (added to its stock), or with `correction` the whole
    quantity received after a stock-take. A quantity below zero, or below what was handed
    out, is refused (400)."""
    cycle = _cycle(request, cycle_id)
    unit = scope(Unit.objects.all(), request.user).filter(pk=payload.unit_id).first()
    item = cycle.programme.basket.filter(pk=payload.item_id).first()
    if unit is None or item is None:
        raise Http404
    return services.receive_stock(
        cycle,
        by=request.user,
        unit=unit,
        item=item,
        quantity=payload.quantity,
        correction=payload.correction,
        reason=payload.reason,
    )


@router.get(
    "/welfare/cycles/{cycle_id}/handout-search",
    response=with_errors({200: list[CandidateOut]}, 404),
)
def search_for_handout(request: AuthedRequest, cycle_id: int, q: str = "") -> Any:
    """The cycle's households the caller may see whose person or member is called `q`, or
    whose ID number ends with `q` (4 or more characters); at most 20, ID numbers masked."""
    cycle = _cycle(request, cycle_id)
    found = services.search(request.user, cycle, q[:50])
    return list(
        found.select_related("person", "household", "unit", "handout").order_by(
            "unit__code", "person__name", "pk"
        )[:SEARCH_LIMIT]
    )


@router.post(
    "/welfare/entitlements/{entitlement_id}/handout",
    response=with_errors({201: HandoutOut}, *WRITE_ERRORS),
)
def record_handout(request: AuthedRequest, entitlement_id: int, payload: HandoutIn) -> Any:
    """Record the hand-out, confirmed by `signature` (a PNG data URL drawn on screen) or by
    `code` (sent with the code endpoint). A second hand-out, a wrong or expired code or a
    basket the stock cannot cover is refused (400) with nothing changed."""
    entitlement = _entitlement(request, entitlement_id)
    require(writes_for(request.user, entitlement.unit))
    handout = services.record_handout(
        entitlement,
        by=request.user,
        received_by=payload.received_by,
        signature=payload.signature,
        code=payload.code,
    )
    return Status(201, Handout.objects.select_related("recorded_by").get(pk=handout.pk))


@router.post(
    "/welfare/entitlements/{entitlement_id}/handout-code",
    response=with_errors({201: CodeOut}, *WRITE_ERRORS),
)
def issue_code(request: AuthedRequest, entitlement_id: int) -> Any:
    """Send a one-time code to the recipient's registered phone (valid 10 minutes, 5 tries)."""
    entitlement = _entitlement(request, entitlement_id)
    require(writes_for(request.user, entitlement.unit))
    return Status(201, services.issue_code(entitlement, by=request.user))


def _visits(user: Any) -> QuerySet[Visit]:
    return Visit.objects.for_user(user).select_related("person__unit", "household")


@router.get("/welfare/visits", response=with_errors({200: list[VisitOut]}, 422))
@paginate(PageNumberPage)
def list_visits(request: AuthedRequest, filters: Query[VisitFilterIn]) -> Any:
    """Visits the caller may see, filtered like the list page (programme, unit, year, group)."""
    return filtered(VisitFilter, filters, _visits(request.user)).order_by("-visited_on", "-pk")


@router.get("/welfare/visits/{visit_id}", response=with_errors({200: VisitOut}, 404))
def get_visit(request: AuthedRequest, visit_id: int) -> Any:
    """One visit the caller may read: who was visited, when, by whom, what was given."""
    return get_object_or_404(_visits(request.user), pk=visit_id)


@router.post("/welfare/visits", response=with_errors({201: VisitOut}, *WRITE_ERRORS))
def create_visit(request: AuthedRequest, payload: VisitIn) -> Any:
    """Record a visit to a resident; photos go up afterwards as attachments of the visit."""
    person = get_object_or_404(Person.objects.for_user(request.user), pk=payload.person_id)
    programme = None
    if payload.programme_id is not None:
        programme = get_object_or_404(
            visit_services.pickable_programmes(request.user), pk=payload.programme_id
        )
    visit = visit_services.record_visit(
        person,
        by=request.user,
        visited_on=payload.visited_on,
        visitors=payload.visitors,
        gifts=payload.gifts,
        amount_yuan=payload.amount_yuan,
        notes=payload.notes,
        programme=programme,
    )
    return Status(201, _visits(request.user).get(pk=visit.pk))
