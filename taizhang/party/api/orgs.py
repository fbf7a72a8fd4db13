"""Editing the party organisations and their rosters through the API: create one under its
superior, rename it or change its level, set its leadership, find registry persons for its
roster (ID numbers masked), take a member on, off, or to another branch. Every write goes
through the services, which check access again."""

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Status

from taizhang.core.access import access_record, is_district_writer, require, writes_for
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import with_errors
from taizhang.core.versions import expected_version
from taizhang.party.api.common import WRITE_ERRORS, router
from taizhang.party.models import Membership, PartyOrg
from taizhang.party.pickers import people_for_roster, person_for_roster
from taizhang.party.schemas import (
    PartyLeadershipIn,
    PartyMemberIn,
    PartyMemberRemoveIn,
    PartyMembershipOut,
    PartyMemberTransferIn,
    PartyOrgCreateIn,
    PartyOrgOut,
    PartyOrgUpdateIn,
    PartyPersonQueryIn,
    PartyRosterPersonOut,
)
from taizhang.party.services import orgs as services
from taizhang.people.models import Person


def _org_out(user: Any, pk: int) -> PartyOrg:
    return PartyOrg.objects.for_user(user).select_related("unit", "secretary").get(pk=pk)


@router.post("/party/orgs", response=with_errors({201: PartyOrgOut}, *WRITE_ERRORS))
def create_org(request: AuthedRequest, payload: PartyOrgCreateIn) -> Any:
    """Create an organisation under `parent_id` for `unit_id`, a unit the caller writes for
    within the superior organisation's unit; with `parent_id` null, one at the top of the
    tree (the 区委): the district's writers only."""
    parent = (
        access_record(PartyOrg, payload.parent_id, request.user, write=True)
        if payload.parent_id is not None
        else None
    )
    require(parent is not None or is_district_writer(request.user))
    unit = get_object_or_404(Unit.objects.for_user(request.user), pk=payload.unit_id)
    org = services.create_org(
        by=request.user, name=payload.name, level=payload.level, unit=unit, parent=parent
    )
    return Status(201, _org_out(request.user, org.pk))


@router.patch("/party/orgs/{org_id}", response=with_errors({200: PartyOrgOut}, *WRITE_ERRORS, 409))
def update_org(request: AuthedRequest, org_id: int, payload: PartyOrgUpdateIn) -> Any:
    """Rename an organisation or change its level. With `version` (or If-Match): 409 if it
    changed since."""
    org = access_record(PartyOrg, org_id, request.user, write=True)
    services.update_org(
        org,
        by=request.user,
        name=payload.name,
        level=payload.level,
        version=expected_version(request, payload.version),
    )
    return _org_out(request.user, org.pk)


@router.put(
    "/party/orgs/{org_id}/leadership", response=with_errors({200: PartyOrgOut}, *WRITE_ERRORS)
)
def set_leadership(request: AuthedRequest, org_id: int, payload: PartyLeadershipIn) -> Any:
    """Set the secretary and the committee (registry persons the caller reads)."""
    org = access_record(PartyOrg, org_id, request.user, write=True)
    wanted = {*payload.committee_ids, *([payload.secretary_id] if payload.secretary_id else [])}
    people = Person.objects.for_user(request.user).in_bulk(wanted)
    if wanted - set(people):
        raise Http404
    services.set_leadership(
        org,
        by=request.user,
        secretary=people[payload.secretary_id] if payload.secretary_id else None,
        committee=[people[pk] for pk in payload.committee_ids],
        published_names=payload.published_names,
    )
    return _org_out(request.user, org.pk)


@router.get(
    "/party/orgs/{org_id}/people",
    response=with_errors({200: list[PartyRosterPersonOut]}, 403, 404, 422),
)
def find_people(request: AuthedRequest, org_id: int, filters: Query[PartyPersonQueryIn]) -> Any:
    """Registry persons of the organisation's unit by the start of the name or the end of the
    ID number (at most 20; the number masked), to take onto its roster."""
    org = get_object_or_404(PartyOrg.objects.for_user(request.user), pk=org_id)
    require(writes_for(request.user, org.unit))
    return [
        {"id": person.pk, "name": person.name, "id_number": number, "unit_name": person.unit.name}
        for person, number in people_for_roster(request.user, org, filters.q)
    ]


@router.post(
    "/party/orgs/{org_id}/members",
    response=with_errors({201: PartyMembershipOut}, *WRITE_ERRORS),
)
def add_member(request: AuthedRequest, org_id: int, payload: PartyMemberIn) -> Any:
    """Take a registry person of the branch's unit onto its roster (转入); a person on
    another branch's roster is refused, naming it."""
    org = access_record(PartyOrg, org_id, request.user, write=True)
    person = person_for_roster(request.user, org, payload.person_id)
    if person is None:
        raise Http404
    member = services.add_member(
        org, by=request.user, person=person, **payload.model_dump(exclude={"person_id"})
    )
    return Status(201, member)


@router.post(
    "/party/members/{member_id}/remove",
    response=with_errors({200: PartyMembershipOut}, *WRITE_ERRORS),
)
def remove_member(request: AuthedRequest, member_id: int, payload: PartyMemberRemoveIn) -> Any:
    """Take a member off the roster from a day, with the reason (转出 names where to)."""
    member = access_record(Membership, member_id, request.user, write=True)
    return services.remove_member(
        member,
        by=request.user,
        left_on=payload.left_on,
        reason=payload.reason,
        transferred_to=payload.transferred_to,
    )


@router.post(
    "/party/members/{member_id}/transfer",
    response=with_errors({201: PartyMembershipOut}, *WRITE_ERRORS),
)
def transfer_member(request: AuthedRequest, member_id: int, payload: PartyMemberTransferIn) -> Any:
    """Move a member to another branch (转接): the old membership ends that day, the new
    one starts; answers the new one."""
    member = access_record(Membership, member_id, request.user, write=True)
    to = get_object_or_404(PartyOrg.objects.for_user(request.user), pk=payload.to_org_id)
    return Status(201, services.transfer_member(member, by=request.user, to=to, on=payload.on))
