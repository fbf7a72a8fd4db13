"""Study programmes ("1+1+1") through the API: read one, create one with its steps, rename
it, add a step at the end, rewrite a step, move it one place."""

from typing import Any

from ninja import Status

from taizhang.core.access import access_record
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import with_errors
from taizhang.party.api.common import WRITE_ERRORS, router
from taizhang.party.models import PartyOrg, StudyProgramme, StudyStep
from taizhang.party.schemas import (
    PartyProgrammeIn,
    PartyProgrammeOut,
    PartyProgrammeUpdateIn,
    PartyStepIn,
    PartyStepMoveIn,
    PartyStepOut,
)
from taizhang.party.services import showcase as programmes
from taizhang.party.services import study as services
from taizhang.party.services.showcase import StepIn


def _out(programme: StudyProgramme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "org_id": programme.org_id,
        "name": programme.name,
        "description": programme.description,
        "steps": list(programme.steps.order_by("order")),
    }


@router.get("/party/programmes/{programme_id}", response=with_errors({200: PartyProgrammeOut}, 404))
def get_programme(request: AuthedRequest, programme_id: int) -> Any:
    """A study programme with its steps in the order of the cycle."""
    return _out(access_record(StudyProgramme, programme_id, request.user))


@router.post("/party/programmes", response=with_errors({201: PartyProgrammeOut}, *WRITE_ERRORS))
def create_programme(request: AuthedRequest, payload: PartyProgrammeIn) -> Any:
    """A programme for an organisation with the steps of its cycle (at least two)."""
    org = access_record(PartyOrg, payload.org_id, request.user, write=True)
    programme = programmes.create_programme(
        org,
        by=request.user,
        name=payload.name,
        description=payload.description,
        steps=[StepIn(**step.model_dump()) for step in payload.steps],
    )
    return Status(201, _out(programme))


@router.patch(
    "/party/programmes/{programme_id}",
    response=with_errors({200: PartyProgrammeOut}, *WRITE_ERRORS),
)
def update_programme(
    request: AuthedRequest, programme_id: int, payload: PartyProgrammeUpdateIn
) -> Any:
    """Rename a programme or rewrite its description."""
    programme = access_record(StudyProgramme, programme_id, request.user, write=True)
    services.update_programme(programme, by=request.user, **payload.model_dump())
    return _out(programme)


@router.post(
    "/party/programmes/{programme_id}/steps",
    response=with_errors({201: PartyStepOut}, *WRITE_ERRORS),
)
def add_step(request: AuthedRequest, programme_id: int, payload: PartyStepIn) -> Any:
    """A step at the end of the cycle."""
    programme = access_record(StudyProgramme, programme_id, request.user, write=True)
    step = services.append_step(programme, by=request.user, step=StepIn(**payload.model_dump()))
    return Status(201, step)


@router.put("/party/steps/{step_id}", response=with_errors({200: PartyStepOut}, *WRITE_ERRORS))
def update_step(request: AuthedRequest, step_id: int, payload: PartyStepIn) -> Any:
    """Rewrite a step (its place in the cycle stays)."""
    step = access_record(StudyStep, step_id, request.user, write=True)
    return programmes.update_step(step, by=request.user, data=StepIn(**payload.model_dump()))


@router.post(
    "/party/steps/{step_id}/move", response=with_errors({200: PartyProgrammeOut}, *WRITE_ERRORS)
)
def move_step(request: AuthedRequest, step_id: int, payload: PartyStepMoveIn) -> Any:
    """Move a step one place earlier or later; answers the programme in its new order."""
    step = access_record(StudyStep, step_id, request.user, write=True)
    services.move_step(step, by=request.user, earlier=payload.direction == "earlier")
    return _out(step.programme)
