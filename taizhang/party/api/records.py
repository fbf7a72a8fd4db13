"""The party router of the API under /api/v1/party/: organisations with their roster and
compliance, meeting records (and recording one), action projects, candidates and the year's
figures. Reads start from `.for_user()`; writes call the services, which check access
again."""

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Status
from ninja.pagination import paginate

from taizhang.core.access import require, writes_for
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.lib import clock
from taizhang.party import compliance, queries
from taizhang.party.api.common import WRITE_ERRORS, router
from taizhang.party.models import ActionProject, Candidate, Meeting, Membership, PartyOrg
from taizhang.party.schemas import (
    PartyCandidateOut,
    PartyComplianceOut,
    PartyFiguresOut,
    PartyMeetingDetailOut,
    PartyMeetingIn,
    PartyMeetingOut,
    PartyMemberOut,
    PartyOrgOut,
    PartyProjectDetailOut,
    PartyProjectOut,
    PartyYearIn,
)
from taizhang.party.services.meetings import DecisionIn, record_meeting
from taizhang.people.models import Person


@router.get("/party/orgs", response=with_errors({200: list[PartyOrgOut]}))
@paginate(PageNumberPage)
def list_orgs(request: AuthedRequest) -> Any:
    """The party organisations the caller sees."""
    return (
        PartyOrg.objects.for_user(request.user)
        .select_related("unit", "secretary")
        .order_by("unit__path", "name", "pk")
    )


@router.get("/party/orgs/{org_id}", response=with_errors({200: PartyOrgOut}, 404))
def get_org(request: AuthedRequest, org_id: int) -> Any:
    """One party organisation with its secretary and committee."""
    return get_object_or_404(
        PartyOrg.objects.for_user(request.user).select_related("unit", "secretary"), pk=org_id
    )


@router.get("/party/orgs/{org_id}/members", response=with_errors({200: list[PartyMemberOut]}, 404))
def list_members(request: AuthedRequest, org_id: int) -> Any:
    """The current roster of a branch (names only)."""
    org = get_object_or_404(PartyOrg.objects.for_user(request.user), pk=org_id)
    return Membership.objects.filter(org=org).current().select_related("person").order_by("pk")


@router.get(
    "/party/orgs/{org_id}/compliance", response=with_errors({200: PartyComplianceOut}, 404, 422)
)
def get_compliance(request: AuthedRequest, org_id: int, filters: Query[PartyYearIn]) -> Any:
    """Held, late, missed and without-quorum periods of an organisation in a year."""
    org = get_object_or_404(PartyOrg.objects.for_user(request.user), pk=org_id)
    year = filters.year or clock.today().year
    summary = compliance.compliance(
        PartyOrg.objects.filter(pk=org.pk), year, queries.as_of(year, clock.today())
    )[org.pk]
    return {
        "year": year,
        "held": summary.held,
        "late": summary.late,
        "missed": summary.missed,
        "without_quorum": summary.without_quorum,
        "share": summary.share,
        "slots": [
            {
                "kind": slot.rule.kind,
                "period": slot.period,
                "occurrence": slot.occurrence,
                "times": slot.times,
                "due_on": slot.due_on,
                "state": slot.state.value,
                "meeting_id": slot.meeting_id,
            }
            for slot in summary.slots
        ],
    }


@router.get("/party/meetings", response=with_errors({200: list[PartyMeetingOut]}))
@paginate(PageNumberPage)
def list_meetings(request: AuthedRequest) -> Any:
    """The meeting records the caller sees, newest first (paged)."""
    return (
        Meeting.objects.for_user(request.user)
        .select_related("org", "chair", "recorder")
        .order_by("-held_at", "pk")
    )


@router.get("/party/meetings/{meeting_id}", response=with_errors({200: PartyMeetingDetailOut}, 404))
def get_meeting(request: AuthedRequest, meeting_id: int) -> Any:
    """One meeting record with its attendance, absences and decisions."""
    return get_object_or_404(
        Meeting.objects.for_user(request.user)
        .select_related("org", "chair", "recorder")
        .prefetch_related("decisions"),
        pk=meeting_id,
    )


@router.post("/party/meetings", response=with_errors({201: PartyMeetingDetailOut}, *WRITE_ERRORS))
def create_meeting(request: AuthedRequest, payload: PartyMeetingIn) -> Any:
    """Record a meeting: present and absent members are persons of the roster on the day."""
    org = get_object_or_404(PartyOrg.objects.for_user(request.user), pk=payload.org_id)
    require(writes_for(request.user, org.unit))
    wanted = {payload.chair_id, payload.recorder_id, *payload.present_ids}
    wanted |= {absence.person_id for absence in payload.absences}
    if payload.lecturer_id is not None:
        wanted.add(payload.lecturer_id)
    people = Person.objects.for_user(request.user).in_bulk(wanted)
    if wanted - set(people):
        raise Http404

    def person(pk: int) -> Person:
        return people[pk]

    meeting = record_meeting(
        org,
        by=request.user,
        kind=payload.kind,
        topic=payload.topic,
        held_at=payload.held_at,
        place=payload.place,
        chair=person(payload.chair_id),
        recorder=person(payload.recorder_id),
        lecturer=person(payload.lecturer_id) if payload.lecturer_id is not None else None,
        present=[person(pk) for pk in payload.present_ids],
        absences={person(a.person_id): a.reason for a in payload.absences},
        agenda=payload.agenda,
        decisions=[DecisionIn(**d.dict()) for d in payload.decisions],
        signed_by_chair=payload.signed_by_chair,
        signed_by_recorder=payload.signed_by_recorder,
    )
    return Status(201, meeting)


@router.get("/party/projects", response=with_errors({200: list[PartyProjectOut]}))
@paginate(PageNumberPage)
def list_projects(request: AuthedRequest) -> Any:
    """The action projects (百项行动) the caller sees (paged)."""
    return (
        ActionProject.objects.for_user(request.user)
        .select_related("lead_unit")
        .order_by("-year", "title", "pk")
    )


@router.get("/party/projects/{project_id}", response=with_errors({200: PartyProjectDetailOut}, 404))
def get_project(request: AuthedRequest, project_id: int) -> Any:
    """One action project with its indicators and milestones."""
    return get_object_or_404(
        ActionProject.objects.for_user(request.user)
        .select_related("lead_unit")
        .prefetch_related("indicators", "milestones"),
        pk=project_id,
    )


@router.get("/party/candidates", response=with_errors({200: list[PartyCandidateOut]}))
@paginate(PageNumberPage)
def list_candidates(request: AuthedRequest) -> Any:
    """The demonstration candidates (百家示范党组织) the caller sees, with their scores."""
    return (
        Candidate.objects.for_user(request.user)
        .select_related("org")
        .order_by("-year", "-total", "pk")
    )


@router.get(
    "/party/stats", response=with_errors({200: PartyFiguresOut}, 422), url_name="party_stats"
)
def stats(request: AuthedRequest, filters: Query[PartyYearIn]) -> Any:
    """The year's figures of what the caller sees (as `taizhang stats party`)."""
    year = filters.year or clock.today().year
    return queries.figures(request.user, year=year, today=clock.today()).as_json()
