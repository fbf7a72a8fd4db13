"""Persons (人员): the list with the page's filters, one person, registering, changing (with
the version read) and dated status changes."""

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
from taizhang.people.filters import PersonFilter
from taizhang.people.models import Person
from taizhang.people.schemas import (
    PersonDetailOut,
    PersonFilterIn,
    PersonIn,
    PersonOut,
    PersonPatchIn,
    StatusIn,
)
from taizhang.people.services import persons as services

router = Router(tags=["people"])
FIELD_NAMES = {"unit": "unit_id"}


def _persons(user: Any) -> QuerySet[Person]:
    return Person.objects.for_user(user).with_household()


def _person_detail(user: Any, pk: int) -> Person:
    people = _persons(user).prefetch_related("memberships__group", "status_changes")
    return get_object_or_404(people, pk=pk)


@router.get("/people/persons", response=with_errors({200: list[PersonOut]}, 422))
@paginate(PageNumberPage)
def list_persons(request: AuthedRequest, filters: Query[PersonFilterIn]) -> Any:
    """The residents the caller may see, filtered like the list page: by name or ID number
    (whole, or its last 4 characters), unit (and the units below it), group, age band, status
    and sex. ID numbers and phones are masked."""
    people = filtered(PersonFilter, filters, _persons(request.user))
    return people.order_by("unit__path", "name", "pk")


@router.get("/people/persons/{person_id}", response=with_errors({200: PersonDetailOut}, 404))
def get_person(request: AuthedRequest, person_id: int) -> Any:
    """One resident with their household, group memberships and status changes. 404 if the
    caller may not see them."""
    return _person_detail(request.user, person_id)


@router.post("/people/persons", response=with_errors({201: PersonDetailOut}, *WRITE_ERRORS))
def create_person(request: AuthedRequest, payload: PersonIn) -> Any:
    """Register a resident of a village or community the caller writes for. An ID number
    already registered is refused (400 on `id_number`), saying where the person is if the
    caller may see them."""
    require(can_write(request.user))
    unit = visible_unit(request.user, payload.unit_id)
    fields = payload.model_dump(exclude={"unit_id"})
    with api_field_names(FIELD_NAMES):
        person = services.create_person(by=request.user, unit=unit, **fields)
    return Status(201, _person_detail(request.user, person.pk))


@router.patch(
    "/people/persons/{person_id}",
    response=with_errors({200: PersonDetailOut}, *WRITE_ERRORS, 409),
)
def update_person(request: AuthedRequest, person_id: int, payload: PersonPatchIn) -> Any:
    """Change the fields sent. With `version` (or If-Match): 409 if the person changed since,
    with what changed."""
    person = access_record(Person, person_id, request.user, write=True)
    changes = payload.model_dump(exclude_unset=True, exclude={"unit_id", "reason", "version"})
    if payload.unit_id is not None:
        changes["unit"] = visible_unit(request.user, payload.unit_id)
    with api_field_names(FIELD_NAMES):
        services.update_person(
            person,
            by=request.user,
            version=expected_version(request, payload.version),
            reason=payload.reason,
            **changes,
        )
    return _person_detail(request.user, person.pk)


@router.post(
    "/people/persons/{person_id}/status",
    response=with_errors({200: PersonDetailOut}, *WRITE_ERRORS, 409),
)
def change_status(request: AuthedRequest, person_id: int, payload: StatusIn) -> Any:
    """Record a dated change of status: moved out (迁出), died (死亡; `on` is the date of
    death) or registered again (在册)."""
    person = access_record(Person, person_id, request.user, write=True)
    services.change_status(
        person,
        by=request.user,
        status=payload.status,
        on=payload.on,
        reason=payload.reason,
        version=expected_version(request, payload.version),
    )
    return _person_detail(request.user, person.pk)
