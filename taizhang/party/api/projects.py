"""Editing the action projects (百项行动) through the API: create one, change its own fields
(409 on a stale version), its status, add an indicator and its value for a month, a
milestone, and the district's yearly assessment. Every write goes through the services, which
check access again."""

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Status

from taizhang.core.access import access_record, is_district_writer, require
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import with_errors
from taizhang.core.versions import expected_version
from taizhang.party.api.common import WRITE_ERRORS, router
from taizhang.party.models import ActionProject, Indicator, PartyOrg
from taizhang.party.schemas import (
    PartyAssessmentIn,
    PartyAssessmentOut,
    PartyIndicatorIn,
    PartyIndicatorOut,
    PartyMilestoneIn,
    PartyMilestoneOut,
    PartyProjectDetailOut,
    PartyProjectIn,
    PartyProjectUpdateIn,
    PartyStatusIn,
    PartyValueIn,
    PartyValueOut,
)
from taizhang.party.services import projects as services
from taizhang.projects.models import Project


def _links(user: Any, payload: PartyProjectIn | PartyProjectUpdateIn) -> dict[str, Any]:
    """The unit, organisation and bank projects a payload names, each one the caller reads."""
    links: dict[str, Any] = {
        "lead_unit": get_object_or_404(Unit.objects.for_user(user), pk=payload.lead_unit_id),
        "party_org": get_object_or_404(PartyOrg.objects.for_user(user), pk=payload.party_org_id)
        if payload.party_org_id is not None
        else None,
    }
    if payload.bank_project_ids is not None:
        wanted = set(payload.bank_project_ids)
        found = Project.objects.for_user(user).in_bulk(wanted)
        if wanted - set(found):
            raise Http404
        links["bank_projects"] = list(found.values())
    return links


def _detail(user: Any, pk: int) -> ActionProject:
    return (
        ActionProject.objects.for_user(user)
        .select_related("lead_unit")
        .prefetch_related("indicators", "milestones")
        .get(pk=pk)
    )


@router.post("/party/projects", response=with_errors({201: PartyProjectDetailOut}, *WRITE_ERRORS))
def create_project(request: AuthedRequest, payload: PartyProjectIn) -> Any:
    """An action project led by a unit the caller writes for."""
    fields = payload.model_dump(exclude={"lead_unit_id", "party_org_id", "bank_project_ids"})
    project = services.create_project(by=request.user, **fields, **_links(request.user, payload))
    return Status(201, _detail(request.user, project.pk))


@router.patch(
    "/party/projects/{project_id}",
    response=with_errors({200: PartyProjectDetailOut}, *WRITE_ERRORS, 409),
)
def update_project(request: AuthedRequest, project_id: int, payload: PartyProjectUpdateIn) -> Any:
    """Change a project's own fields (bank links only if `bank_project_ids` is sent). With
    `version` (or If-Match): 409 if it changed since."""
    project = access_record(ActionProject, project_id, request.user, write=True)
    fields = payload.model_dump(
        exclude={"lead_unit_id", "party_org_id", "bank_project_ids", "version"}
    )
    services.update_project(
        project,
        by=request.user,
        version=expected_version(request, payload.version),
        **fields,
        **_links(request.user, payload),
    )
    return _detail(request.user, project.pk)


@router.post(
    "/party/projects/{project_id}/status",
    response=with_errors({200: PartyProjectDetailOut}, *WRITE_ERRORS),
)
def set_status(request: AuthedRequest, project_id: int, payload: PartyStatusIn) -> Any:
    """Set the status; finished needs the day and every milestone met."""
    project = access_record(ActionProject, project_id, request.user, write=True)
    services.set_status(
        project, by=request.user, status=payload.status, finished_on=payload.finished_on
    )
    return _detail(request.user, project.pk)


@router.post(
    "/party/projects/{project_id}/indicators",
    response=with_errors({201: PartyIndicatorOut}, *WRITE_ERRORS),
)
def add_indicator(request: AuthedRequest, project_id: int, payload: PartyIndicatorIn) -> Any:
    """An indicator with its unit of measure and target."""
    project = access_record(ActionProject, project_id, request.user, write=True)
    return Status(201, services.add_indicator(project, by=request.user, **payload.model_dump()))


@router.post(
    "/party/indicators/{indicator_id}/values",
    response=with_errors({200: PartyValueOut}, *WRITE_ERRORS),
)
def record_value(request: AuthedRequest, indicator_id: int, payload: PartyValueIn) -> Any:
    """The value reached by the end of a month (any day of it); a second one corrects it. A
    month before the project started, after it finished or still to come is refused."""
    indicator = access_record(Indicator, indicator_id, request.user, write=True)
    return services.record_value(
        indicator, by=request.user, month=payload.month, actual=payload.actual
    )


@router.post(
    "/party/projects/{project_id}/milestones",
    response=with_errors({201: PartyMilestoneOut}, *WRITE_ERRORS),
)
def add_milestone(request: AuthedRequest, project_id: int, payload: PartyMilestoneIn) -> Any:
    """A milestone with its due day (not before the project's year)."""
    project = access_record(ActionProject, project_id, request.user, write=True)
    return Status(201, services.add_milestone(project, by=request.user, **payload.model_dump()))


@router.post(
    "/party/projects/{project_id}/assessments",
    response=with_errors({201: PartyAssessmentOut}, *WRITE_ERRORS),
)
def assess_project(request: AuthedRequest, project_id: int, payload: PartyAssessmentIn) -> Any:
    """The yearly assessment (年度考核): the district's writers, once a year per project."""
    project = access_record(ActionProject, project_id, request.user)
    require(is_district_writer(request.user))
    return Status(201, services.assess_project(project, by=request.user, **payload.model_dump()))
