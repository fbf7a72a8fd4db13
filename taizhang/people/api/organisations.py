"""Organisations (单位主体): the list with the page's filters, one organisation, registering
and changing one (with the version read)."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from taizhang.core.access import access_record, can_write, require
from taizhang.core.api import api_field_names, filtered
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.core.versions import expected_version
from taizhang.people.api.common import WRITE_ERRORS, visible_unit
from taizhang.people.filters import OrganisationFilter
from taizhang.people.models import Organisation
from taizhang.people.schemas import (
    OrganisationFilterIn,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatchIn,
)
from taizhang.people.services import organisations as services

router = Router(tags=["people"])
FIELD_NAMES = {"unit": "unit_id"}


def _organisations(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.for_user(user).select_related("unit")


@router.get("/people/organisations", response=with_errors({200: list[OrganisationOut]}, 422))
@paginate(PageNumberPage)
def list_organisations(request: AuthedRequest, filters: Query[OrganisationFilterIn]) -> Any:
    """The organisations the caller may see, filtered like the list page (contact phones
    masked)."""
    organisations = filtered(OrganisationFilter, filters, _organisations(request.user))
    return organisations.order_by("unit__path", "name", "pk")


@router.get(
    "/people/organisations/{organisation_id}",
    response=with_errors({200: OrganisationOut}, 404),
)
def get_organisation(request: AuthedRequest, organisation_id: int) -> Any:
    """One organisation the caller may see (404 otherwise), its contact phone masked."""
    return get_object_or_404(_organisations(request.user), pk=organisation_id)


@router.post("/people/organisations", response=with_errors({201: OrganisationOut}, *WRITE_ERRORS))
def create_organisation(request: AuthedRequest, payload: OrganisationIn) -> Any:
    """Register an organisation of a unit the caller writes for. A credit code must be valid
    (GB 32100) and not registered already (400 on `credit_code`)."""
    require(can_write(request.user))
    unit = visible_unit(request.user, payload.unit_id)
    with api_field_names(FIELD_NAMES):
        organisation = services.create_organisation(
            by=request.user, unit=unit, **payload.model_dump(exclude={"unit_id"})
        )
    return Status(201, _organisations(request.user).get(pk=organisation.pk))


@router.patch(
    "/people/organisations/{organisation_id}",
    response=with_errors({200: OrganisationOut}, *WRITE_ERRORS, 409),
)
def update_organisation(
    request: AuthedRequest, organisation_id: int, payload: OrganisationPatchIn
) -> Any:
    """Change the fields sent. With `version` (or If-Match): 409 if it changed since."""
    organisation = access_record(Organisation, organisation_id, request.user, write=True)
    changes = payload.model_dump(exclude_unset=True, exclude={"unit_id", "version"})
    if payload.unit_id is not None:
        changes["unit"] = visible_unit(request.user, payload.unit_id)
    with api_field_names(FIELD_NAMES):
        services.update_organisation(
            organisation,
            by=request.user,
            version=expected_version(request, payload.version),
            **changes,
        )
    return _organisations(request.user).get(pk=organisation.pk)
