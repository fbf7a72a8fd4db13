"""The party API's schemas: `XIn` for what a caller sends, `XOut` for what it gets. Persons
appear by name only; their ID numbers stay on the registry."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Schema

from taizhang.core.schemas import RequiredText, Year
from taizhang.party.models import Area, CandidateStatus, MeetingKind, OrgLevel, ProjectStatus


class PartyOrgOut(Schema):
    id: int
    name: str
    level: OrgLevel
    parent_id: int | None
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    secretary_name: str | None = Field(None, alias="secretary.name")


class PartyMemberOut(Schema):
    id: int
    person_id: int
    name: str = Field(alias="person.name")
    status: str
    joined_party_on: datetime.date
    joined_org_on: datetime.date


class PartySlotOut(Schema):
    kind: MeetingKind
    period: str
    due_on: datetime.date
    state: str
    meeting_id: int | None


class PartyComplianceOut(Schema):
    year: int
    held: int
    late: int
    missed: int
    without_quorum: int
    share: float | None
    slots: list[PartySlotOut]


class PartyDecisionIn(Schema):
    text: RequiredText = Field(max_length=2000)
    passed: bool
    votes_for: int | None = Field(None, ge=0)
    votes_against: int | None = Field(None, ge=0)


class PartyAbsenceIn(Schema):
    person_id: int
    reason: str = Field("", max_length=200)


class PartyMeetingIn(Schema):
    org_id: int
    kind: MeetingKind
    topic: RequiredText = Field(max_length=200)
    held_at: datetime.datetime
    place: RequiredText = Field(max_length=200)
    chair_id: int
    recorder_id: int
    present_ids: list[int]
    absences: list[PartyAbsenceIn] = []
    agenda: str = Field("", max_length=5000)
    decisions: list[PartyDecisionIn] = []
    signed_by_chair: bool = False
    signed_by_recorder: bool = False


class PartyDecisionOut(Schema):
    text: str
    passed: bool


class PartyMeetingOut(Schema):
    id: int
    org_id: int
    org_name: str = Field(alias="org.name")
    kind: MeetingKind
    topic: str
    held_at: datetime.datetime
    place: str
    chair_name: str = Field(alias="chair.name")
    recorder_name: str = Field(alias="recorder.name")
    expected: int
    present: int
    voting_expected: int
    voting_present: int
    has_quorum: bool


class PartyMeetingDetailOut(PartyMeetingOut):
    agenda: str
    decisions: list[PartyDecisionOut]


class PartyMilestoneOut(Schema):
    id: int
    title: str
    due_on: datetime.date
    done_on: datetime.date | None
    evidence: str
    supervision_item_id: int | None


class PartyIndicatorOut(Schema):
    id: int
    name: str
    unit: str
    target: Decimal


class PartyProjectOut(Schema):
    id: int
    year: int
    title: str
    area: Area
    lead_unit_id: int
    lead_unit_name: str = Field(alias="lead_unit.name")
    party_org_id: int | None
    responsible: str
    status: ProjectStatus


class PartyProjectDetailOut(PartyProjectOut):
    description: str
    indicators: list[PartyIndicatorOut]
    milestones: list[PartyMilestoneOut]


class PartyCandidateOut(Schema):
    id: int
    year: int
    org_id: int
    org_name: str = Field(alias="org.name")
    status: CandidateStatus
    total: Decimal
    stars: int


class PartyYearIn(Schema):
    year: Year | None = None


class PartyMeetingsSummaryOut(Schema):
    required: int
    held: int
    late: int
    missed: int
    without_quorum: int


class PartyAreaOut(Schema):
    area: str
    label: str
    projects: int
    finished: int


class PartyFiguresOut(Schema):
    year: int
    action_projects: int
    action_projects_on_track: int
    action_projects_finished: int
    indicator_completion: float | None
    demonstration_orgs: int
    candidates: int
    meeting_compliance: float | None
    meetings: PartyMeetingsSummaryOut
    by_area: list[PartyAreaOut]
