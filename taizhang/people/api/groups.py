"""Groups (人员类别) with their members in the caller's scope, a person's dated memberships,
and the registry's statistics."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from taizhang.core.access import access_record
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import with_errors
from taizhang.lib import clock
from taizhang.people import queries
from taizhang.people.api.common import WRITE_ERRORS, visible_unit
from taizhang.people.models import Group, GroupMembership, Person
from taizhang.people.schemas import (
    GroupOut,
    MembershipEndIn,
    MembershipIn,
    MembershipOut,
    PeopleStatsIn,
    PeopleStatsOut,
)
from taizhang.people.services import groups as services

router = Router(tags=["people"])


@router.get("/people/groups", response=with_errors({200: list[GroupOut]}))
def list_groups(request: AuthedRequest) -> Any:
    """The district's groups, each with how many of the people the caller may see are its
    members today (one query)."""
    today = clock.today()
    visible = Person.objects.for_user(request.user).values("pk")
    current = (
        Q(memberships__started_on__lte=today)
        & (Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=today))
        & Q(memberships__person__in=visible)
    )
    groups = Group.objects.annotate(
        members=Count("memberships__person", filter=current, distinct=True)
    )
    return groups.order_by("-is_active", "name")


@router.get(
    "/people/persons/{person_id}/memberships",
    response=with_errors({200: list[MembershipOut]}, 404),
)
def list_memberships(request: AuthedRequest, person_id: int) -> Any:
    """A person's memberships of groups, past and present, oldest first."""
    person = access_record(Person, person_id, request.user)
    return person.memberships.select_related("group").order_by("started_on", "pk")


@router.post(
    "/people/persons/{person_id}/memberships",
    response=with_errors({201: MembershipOut}, *WRITE_ERRORS),
)
def add_membership(request: AuthedRequest, person_id: int, payload: MembershipIn) -> Any:
    """Record that the person belongs to a group from a day (until another, or for now); a
    membership overlapping one of the same group is refused."""
    person = access_record(Person, person_id, request.user, write=True)
    group = Group.objects.filter(pk=payload.group_id).first()
    if group is None:
        raise ValidationError({"group_id": [_("No such group.")]})
    membership = services.add_to_group(
        person,
        group,
        by=request.user,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        evidence=payload.evidence,
    )
    return Status(201, membership)


@router.post(
    "/people/memberships/{membership_id}/end",
    response=with_errors({200: MembershipOut}, *WRITE_ERRORS),
)
def end_membership(request: AuthedRequest, membership_id: int, payload: MembershipEndIn) -> Any:
    """End a membership on a day (the last day it holds)."""
    membership = access_record(GroupMembership, membership_id, request.user, write=True)
    return services.end_membership(
        membership, by=request.user, ended_on=payload.ended_on, reason=payload.reason
    )


@router.get("/people/stats", response=with_errors({200: PeopleStatsOut}, 400, 422))
def people_stats(request: AuthedRequest, params: Query[PeopleStatsIn]) -> Any:
    """Registered people the caller may see: in all, by village or community, by group (its
    members on the day) and by age band, as `taizhang stats people` counts them."""
    people = Person.objects.for_user(request.user)
    if params.unit is not None:
        unit = visible_unit(request.user, params.unit, "unit")
        people = people.filter(unit__path__startswith=unit.path)
    return queries.people_stats(people, on=params.on or clock.today())
