"""Households (户): the list with the page's filters, one household with its members,
opening one and adding a member."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from taizhang.core.access import access_record, can_write, require, scope
from taizhang.core.api import api_field_names, filtered
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.people.api.common import WRITE_ERRORS, visible_unit
from taizhang.people.filters import HouseholdFilter
from taizhang.people.models import Household, HouseholdMember, Person
from taizhang.people.schemas import (
    HouseholdDetailOut,
    HouseholdFilterIn,
    HouseholdIn,
    HouseholdMemberOut,
    HouseholdOut,
    MemberIn,
)
from taizhang.people.services import households as services

router = Router(tags=["people"])
FIELD_NAMES = {"unit": "unit_id", "person": "person_id"}


def _households(user: Any) -> QuerySet[Household]:
    return (
        scope(Household.objects.all(), user)
        .select_related("unit")
        .annotate(member_count=Count("members"))
    )


def _household_detail(user: Any, pk: int) -> Household:
    members = HouseholdMember.objects.select_related("person").order_by("pk")
    households = _households(user).prefetch_related(Prefetch("members", members))
    return get_object_or_404(households, pk=pk)


def _resident(user: Any, pk: int, field: str) -> Person:
    """A person the caller may see, by id ("No such person" on `field` otherwise)."""
    person = Person.objects.for_user(user).select_related("unit").filter(pk=pk).first()
    if person is None:
        raise ValidationError({field: [_("No such person.")]})
    return person


@router.get("/people/households", response=with_errors({200: list[HouseholdOut]}, 422))
@paginate(PageNumberPage)
def list_households(request: AuthedRequest, filters: Query[HouseholdFilterIn]) -> Any:
    """The households the caller may see, filtered like the list page, with their number of
    members."""
    households = filtered(HouseholdFilter, filters, _households(request.user))
    return households.order_by("unit__path", "number", "pk")


@router.get(
    "/people/households/{household_id}", response=with_errors({200: HouseholdDetailOut}, 404)
)
def get_household(request: AuthedRequest, household_id: int) -> Any:
    """One household with its members and their relation to the head (ID numbers masked)."""
    return _household_detail(request.user, household_id)


@router.post("/people/households", response=with_errors({201: HouseholdDetailOut}, *WRITE_ERRORS))
def create_household(request: AuthedRequest, payload: HouseholdIn) -> Any:
    """Open a household of a village or community the caller writes for; `head_id` (a
    resident of it) becomes the head (户主)."""
    require(can_write(request.user))
    unit = visible_unit(request.user, payload.unit_id)
    head = None if payload.head_id is None else _resident(request.user, payload.head_id, "head_id")
    with api_field_names({**FIELD_NAMES, "person": "head_id"}):
        household = services.create_household(
            by=request.user,
            unit=unit,
            head=head,
            number=payload.number,
            address=payload.address,
            notes=payload.notes,
        )
    return Status(201, _household_detail(request.user, household.pk))


@router.post(
    "/people/households/{household_id}/members",
    response=with_errors({201: HouseholdMemberOut}, *WRITE_ERRORS),
)
def add_member(request: AuthedRequest, household_id: int, payload: MemberIn) -> Any:
    """Put a resident of the household's village in it, with their relation to the head. A
    person already in a household, or a second head, is refused."""
    household = access_record(Household, household_id, request.user, write=True)
    person = _resident(request.user, payload.person_id, "person_id")
    with api_field_names(FIELD_NAMES):
        member = services.add_member(household, person, by=request.user, relation=payload.relation)
    return Status(201, member)
