"""The retirees router of the API under /api/v1/retirees/: the roster, confirmations, visits,
deaths and figures. Reads start from `.for_user()`; writes call the services."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from taizhang.core.access import require, writes_for
from taizhang.core.api import filtered, unit_by_id
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.lib import clock
from taizhang.retirees import stats
from taizhang.retirees.filters import RetireeFilter
from taizhang.retirees.models import (
    Activity,
    Confirmation,
    DeathReport,
    Retiree,
    RetireeVisit,
    ServiceRequest,
)
from taizhang.retirees.schemas import (
    ActivityIn,
    ActivityOut,
    ConfirmationFilterIn,
    ConfirmationIn,
    ConfirmationOut,
    DeathIn,
    DeathOut,
    RetireeFilterIn,
    RetireeOut,
    RetireeStatsOut,
    RetireeVisitIn,
    RetireeVisitOut,
    ServiceRequestIn,
    ServiceRequestOut,
)
from taizhang.retirees.services import activities, confirmations, deaths, requests, visits
from taizhang.retirees.services.requests import DEPARTMENT_KINDS

router = Router(tags=["retirees"])
WRITE_ERRORS = (400, 403, 404, 422)


def _retirees(user: Any) -> QuerySet[Retiree]:
    return Retiree.objects.for_user(user).select_related("person__unit", "employer")


@router.get("/retirees/roster", response=with_errors({200: list[RetireeOut]}, 422))
@paginate(PageNumberPage)
def list_retirees(request: AuthedRequest, filters: Query[RetireeFilterIn]) -> Any:
    """Retirees the caller may see, filtered like the roster page; numbers masked."""
    return filtered(RetireeFilter, filters, _retirees(request.user)).order_by(
        "person__unit__code", "person__name", "pk"
    )


@router.get("/retirees/roster/{retiree_id}", response=with_errors({200: RetireeOut}, 404))
def get_retiree(request: AuthedRequest, retiree_id: int) -> Any:
    """One retiree the caller may read; numbers masked."""
    return get_object_or_404(_retirees(request.user), pk=retiree_id)


@router.get("/retirees/confirmations", response=with_errors({200: list[ConfirmationOut]}, 422))
@paginate(PageNumberPage)
def list_confirmations(request: AuthedRequest, filters: Query[ConfirmationFilterIn]) -> Any:
    """Eligibility confirmations the caller may see, newest first (of one retiree with
    `retiree`)."""
    rows = Confirmation.objects.for_user(request.user).select_related("retiree__person")
    if filters.retiree is not None:
        rows = rows.filter(retiree_id=filters.retiree)
    return rows.order_by("-confirmed_on", "-pk")


@router.post(
    "/retirees/roster/{retiree_id}/confirmations",
    response=with_errors({201: ConfirmationOut}, *WRITE_ERRORS),
)
def create_confirmation(request: AuthedRequest, retiree_id: int, payload: ConfirmationIn) -> Any:
    """Record a confirmation of pension eligibility. A deceased retiree or a second
    confirmation on the same day is refused (400) with nothing changed."""
    retiree = get_object_or_404(_retirees(request.user), pk=retiree_id)
    confirmation = confirmations.record_confirmation(
        retiree,
        by=request.user,
        confirmed_on=payload.confirmed_on,
        method=payload.method,
        confirmed_by=payload.confirmed_by,
        notes=payload.notes,
    )
    return Status(201, confirmation)


def _visits(user: Any) -> QuerySet[RetireeVisit]:
    return RetireeVisit.objects.for_user(user).select_related("retiree__person__unit")


@router.get("/retirees/visits", response=with_errors({200: list[RetireeVisitOut]}, 422))
@paginate(PageNumberPage)
def list_visits(request: AuthedRequest) -> Any:
    """Monthly visits the caller may see, newest first."""
    return _visits(request.user).order_by("-visited_on", "-pk")


@router.get("/retirees/visits/{visit_id}", response=with_errors({200: RetireeVisitOut}, 404))
def get_visit(request: AuthedRequest, visit_id: int) -> Any:
    """One visit the caller may read: who, when, what was found, follow-up."""
    return get_object_or_404(_visits(request.user), pk=visit_id)


@router.post("/retirees/visits", response=with_errors({201: RetireeVisitOut}, *WRITE_ERRORS))
def create_visit(request: AuthedRequest, payload: RetireeVisitIn) -> Any:
    """Record a monthly visit; a retiree not on a visited list is refused (400). Photos go up
    afterwards as attachments of the visit."""
    retiree = get_object_or_404(_retirees(request.user), pk=payload.retiree_id)
    visit = visits.record_visit(
        retiree,
        by=request.user,
        visited_on=payload.visited_on,
        visitors=payload.visitors,
        findings=payload.findings,
        follow_up=payload.follow_up,
    )
    return Status(201, _visits(request.user).get(pk=visit.pk))


def _deaths(user: Any) -> QuerySet[DeathReport]:
    return DeathReport.objects.for_user(user).select_related("retiree__person__unit")


@router.get("/retirees/deaths", response=with_errors({200: list[DeathOut]}, 422))
@paginate(PageNumberPage)
def list_deaths(request: AuthedRequest) -> Any:
    """Death reports the caller may see, latest death first."""
    return _deaths(request.user).order_by("-died_on", "-pk")


@router.get("/retirees/deaths/{death_id}", response=with_errors({200: DeathOut}, 404))
def get_death(request: AuthedRequest, death_id: int) -> Any:
    """One death report the caller may read."""
    return get_object_or_404(_deaths(request.user), pk=death_id)


@router.post(
    "/retirees/roster/{retiree_id}/death", response=with_errors({201: DeathOut}, *WRITE_ERRORS)
)
def create_death(request: AuthedRequest, retiree_id: int, payload: DeathIn) -> Any:
    """Report a retiree's death: the registry person is marked dead and the pension stopped;
    evidence goes up afterwards as attachments of the report."""
    retiree = get_object_or_404(_retirees(request.user), pk=retiree_id)
    report = deaths.report_death(
        retiree,
        by=request.user,
        died_on=payload.died_on,
        source=payload.source,
        reporter=payload.reporter,
        reported_on=payload.reported_on,
        notes=payload.notes,
    )
    return Status(201, _deaths(request.user).get(pk=report.pk))


def _activities(user: Any) -> QuerySet[Activity]:
    return Activity.objects.for_user(user).prefetch_related("attendance")


@router.get("/retirees/activities", response=with_errors({200: list[ActivityOut]}))
@paginate(PageNumberPage)
def list_activities(request: AuthedRequest) -> Any:
    """Activities and outreach campaigns the caller may see, newest first."""
    return _activities(request.user).order_by("-held_on", "-pk")


@router.post("/retirees/activities", response=with_errors({201: ActivityOut}, *WRITE_ERRORS))
def create_activity(request: AuthedRequest, payload: ActivityIn) -> Any:
    """Record an activity of a community with the retirees of its roster who attended; photos
    go up afterwards as attachments."""
    data = payload.dict()
    unit = unit_by_id(Unit.objects.for_user(request.user), data.pop("unit_id"), "unit_id")
    require(writes_for(request.user, unit))
    ids = data.pop("attendee_ids")
    found = {r.pk: r for r in _retirees(request.user).filter(pk__in=ids)}
    if any(pk not in found for pk in ids):
        raise Http404  # a retiree the caller does not see
    attendees = [found[pk] for pk in ids]
    activity = activities.record_activity(by=request.user, unit=unit, attendees=attendees, **data)
    return Status(201, _activities(request.user).get(pk=activity.pk))


def _requests(user: Any) -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.for_user(user)


@router.get("/retirees/requests", response=with_errors({200: list[ServiceRequestOut]}))
@paginate(PageNumberPage)
def list_requests(request: AuthedRequest) -> Any:
    """Service requests of the retirees the caller may see, newest first."""
    return _requests(request.user).order_by("-received_on", "-pk")


@router.post("/retirees/requests", response=with_errors({201: ServiceRequestOut}, *WRITE_ERRORS))
def create_request(request: AuthedRequest, payload: ServiceRequestIn) -> Any:
    """Record a retiree's request; with a department and a deadline it is referred as a
    supervised item (督办)."""
    retiree = get_object_or_404(_retirees(request.user), pk=payload.retiree_id)
    department = None
    if payload.department_id is not None:
        department = get_object_or_404(Unit, pk=payload.department_id, kind__in=DEPARTMENT_KINDS)
    record = requests.record_request(
        retiree,
        by=request.user,
        kind=payload.kind,
        description=payload.description,
        received_on=payload.received_on,
        department=department,
        deadline=payload.deadline,
    )
    return Status(201, _requests(request.user).get(pk=record.pk))


@router.get(
    "/retirees/stats",
    response=with_errors({200: RetireeStatsOut}, 422),
    url_name="retirees_stats",
)
def get_stats(request: AuthedRequest, unit: int | None = None) -> Any:
    """Per community and in all: living retirees, confirmations due this month and overdue,
    monthly visits planned and done — what the caller sees; `unit` narrows to a unit's
    subtree (the dashboard's chart)."""
    scope_unit = unit_by_id(Unit.objects.for_user(request.user), unit, "unit")
    return stats.figures(request.user, on=clock.today(), unit=scope_unit)
