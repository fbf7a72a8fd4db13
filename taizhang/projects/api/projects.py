"""The API of projects and their pipeline: list, file, read, change, submit for a stage,
approve, return, move, and the timeline. Reads start from `Project.objects.for_user`; writes
call `projects.services.projects`, which checks access and audits."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from taizhang.core.access import access_record
from taizhang.core.api import api_field_names, filtered, units_by_id
from taizhang.core.api_kept import kept_for_caller
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.core.versions import expected_version
from taizhang.projects.filters.projects import ProjectFilter
from taizhang.projects.models import Project
from taizhang.projects.schemas.projects import (
    ApproveIn,
    MoveIn,
    ProjectCreateIn,
    ProjectFilterIn,
    ProjectOut,
    ProjectUpdateIn,
    ReturnIn,
    StageEventOut,
    StageRequestIn,
)
from taizhang.projects.services import projects as services
from taizhang.projects.services.projects import linked_unit_ids

router = Router(tags=["projects"])

UNIT_IDS = {
    "unit_id": "unit",
    "owner_unit_id": "owner_unit",
    "lead_department_id": "lead_department",
    "subdistrict_id": "subdistrict",
}
# A service's error on a unit is reported under the field the caller sent.
API_FIELDS = {
    **{name: key for key, name in UNIT_IDS.items()},
    "co_departments": "co_department_ids",
}


def projects_for(user: Any) -> QuerySet[Project]:
    return (
        Project.objects.for_user(user)
        .select_related("unit", "owner_unit", "lead_department", "subdistrict")
        .prefetch_related("co_departments", "quantities")
    )


def _one(request: AuthedRequest, project_id: int) -> Project:
    return projects_for(request.user).get(pk=project_id)


def _units(user: Any, ids: list[int], field: str, project: Project | None) -> list[Unit]:
    """Units by id that the caller may see or the project already names; another id is 'no
    such unit', so the API never confirms a unit the caller may not see."""
    allowed = Q(pk__in=Unit.objects.for_user(user).values("pk"))
    if project is not None:
        allowed |= Q(pk__in=linked_unit_ids(project))
    return units_by_id(Unit.objects.filter(allowed), ids, field)


def _resolve_units(user: Any, data: dict[str, Any], project: Project | None = None) -> dict:
    """Replace `*_id` fields with the units, checking the caller may name them."""
    for key, name in UNIT_IDS.items():
        if key in data:
            pk = data.pop(key)
            data[name] = _units(user, [pk], key, project)[0] if pk is not None else None
    if "co_department_ids" in data:
        ids = data.pop("co_department_ids")
        data["co_departments"] = _units(user, ids, "co_department_ids", project)
    if data.get("quantities") is not None:
        data["quantities"] = [dict(row) for row in data["quantities"]]
    return data


@router.get("/projects", response=with_errors({200: list[ProjectOut]}, 422))
@decorate_view(kept_for_caller)
@paginate(PageNumberPage)
def list_projects(request: AuthedRequest, filters: Query[ProjectFilterIn]) -> Any:
    """The projects the caller may see, filtered like the project list page.

    Unit officers see their subtree's projects and those their unit leads or joins
    (多部门联动); district-wide roles see all."""
    projects = filtered(ProjectFilter, filters, projects_for(request.user))
    return projects.order_by(*projects.query.order_by, "id")


@router.post("/projects", response=with_errors({201: ProjectOut}, 400, 403, 422))
def create_project(request: AuthedRequest, payload: ProjectCreateIn) -> Any:
    """File a project as a reserve (储备). Unit officers file for a unit of their subtree
    (their own by default); the programme office for any unit. Quantities (硬化巷道 1000 多
    平方米) go beside the money."""
    data = payload.model_dump()
    if data["unit_id"] is None:
        data["unit_id"] = request.user.unit_id
    if data["unit_id"] is None:
        raise ValidationError({"unit_id": [_("Name the responsible unit.")]})
    if not data["is_demo"]:
        del data["is_demo"]  # only the programme office may mark demo data
    data = _resolve_units(request.user, data)
    with api_field_names(API_FIELDS):
        project = services.create_project(by=request.user, **data)
    return Status(201, _one(request, project.pk))


@router.get("/projects/{project_id}", response=with_errors({200: ProjectOut}, 404))
def get_project(request: AuthedRequest, project_id: int) -> Any:
    """One project. 404 if it does not exist or the caller may not see it."""
    return _one(request, project_id)


@router.patch(
    "/projects/{project_id}", response=with_errors({200: ProjectOut}, 400, 403, 404, 409, 422)
)
def update_project(request: AuthedRequest, project_id: int, payload: ProjectUpdateIn) -> Any:
    """Change the fields sent. Refused (400) while the project is submitted for review; the
    stage changes only through the pipeline endpoints. With `version` (or If-Match), refused
    (409) if the project changed since, naming what changed."""
    project = access_record(Project, project_id, request.user, write=True)
    data = _resolve_units(request.user, payload.model_dump(exclude_unset=True), project)
    version = expected_version(request, data.pop("version", None))
    with api_field_names(API_FIELDS):
        services.update_project(project, by=request.user, version=version, **data)
    return _one(request, project_id)


@router.post(
    "/projects/{project_id}/request-stage",
    response=with_errors({200: ProjectOut}, 400, 403, 404, 422),
)
def request_stage(request: AuthedRequest, project_id: int, payload: StageRequestIn) -> Any:
    """Submit the project for a stage (申报); it is locked until the programme office decides."""
    project = access_record(Project, project_id, request.user)
    services.request_stage(project, by=request.user, to_stage=payload.to_stage, note=payload.note)
    return _one(request, project_id)


@router.post(
    "/projects/{project_id}/approve", response=with_errors({200: ProjectOut}, 400, 403, 404, 422)
)
def approve(request: AuthedRequest, project_id: int, payload: ApproveIn) -> Any:
    """Approve a submitted project into the stage it asked for. Programme office only.
    Into 年度建设 or 重点, the project joins this year's plan."""
    project = access_record(Project, project_id, request.user)
    services.approve(project, by=request.user, note=payload.note)
    return _one(request, project_id)


@router.post(
    "/projects/{project_id}/return", response=with_errors({200: ProjectOut}, 400, 403, 404, 422)
)
def return_project(request: AuthedRequest, project_id: int, payload: ReturnIn) -> Any:
    """Return a submitted project to its unit with a reason (退回). Programme office only."""
    project = access_record(Project, project_id, request.user)
    services.return_project(project, by=request.user, reason=payload.reason)
    return _one(request, project_id)


@router.post(
    "/projects/{project_id}/move", response=with_errors({200: ProjectOut}, 400, 403, 404, 422)
)
def move(request: AuthedRequest, project_id: int, payload: MoveIn) -> Any:
    """Move a project to another stage directly. Programme office only."""
    project = access_record(Project, project_id, request.user)
    services.move_stage(project, by=request.user, to_stage=payload.to_stage, note=payload.note)
    return _one(request, project_id)


@router.get(
    "/projects/{project_id}/timeline", response=with_errors({200: list[StageEventOut]}, 404)
)
def timeline(request: AuthedRequest, project_id: int) -> Any:
    """The project's pipeline steps, oldest first: submitted, approved, returned, moved."""
    project = access_record(Project, project_id, request.user)
    return project.stage_events.select_related("by")
