"""The party API's schemas: `XIn` for what a caller sends, `XOut` for what it gets. Persons
appear by name only; their ID numbers stay on the registry."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from taizhang.core.schemas import RequiredText, Year
from taizhang.party.models import (
    Area,
    CandidateStatus,
    Grade,
    LeaveReason,
    MeetingKind,
    MemberStatus,
    OrgLevel,
    Period,
    ProjectStatus,
    StepKind,
)


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
    occurrence: int = Field(description="Which of the period's required meetings: 1 … times.")
    times: int = Field(description="How many meetings the rule wants in the period.")
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
    lecturer_id: int | None = None  # who gave a party lecture (党课); the chair if none
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


# Editing the organisations, rosters, rules, study programmes and action projects ----------------


class PartyOrgCreateIn(Schema):
    parent_id: int | None = Field(
        description="The superior organisation; none for one at the top (district's writers)."
    )
    name: RequiredText = Field(max_length=100)
    level: OrgLevel
    unit_id: int


class PartyOrgUpdateIn(Schema):
    name: RequiredText = Field(max_length=100)
    level: OrgLevel
    version: int | None = Field(None, ge=1)


class PartyLeadershipIn(Schema):
    secretary_id: int | None = None
    committee_ids: list[int] = []
    published_names: str | None = Field(None, max_length=200)


class PartyRosterPersonOut(Schema):
    """A registry person offered for a roster: the ID number masked."""

    id: int
    name: str
    id_number: str
    unit_name: str


class PartyPersonQueryIn(Schema):
    q: str = Field("", max_length=50)


class PartyMemberIn(Schema):
    person_id: int
    joined_party_on: datetime.date
    joined_org_on: datetime.date
    status: MemberStatus = MemberStatus.FULL
    transferred_from: str = Field("", max_length=200)


class PartyMemberRemoveIn(Schema):
    left_on: datetime.date
    reason: LeaveReason = LeaveReason.TRANSFER_OUT
    transferred_to: str = Field("", max_length=200)


class PartyMemberTransferIn(Schema):
    to_org_id: int
    on: datetime.date


class PartyMembershipOut(PartyMemberOut):
    org_id: int
    left_org_on: datetime.date | None
    left_reason: str
    transferred_from: str
    transferred_to: str


class PartyRuleOut(Schema):
    id: int
    kind: MeetingKind
    level: OrgLevel
    period: Period
    times_per_period: int
    day_of_month: int | None
    grace_days: int
    needs_quorum: bool
    is_active: bool
    source: str


class PartyRuleIn(Schema):
    period: Period
    times_per_period: int = Field(1, ge=1, le=31)
    day_of_month: int | None = Field(None, ge=1, le=28)
    grace_days: int = Field(15, ge=0, le=366)
    needs_quorum: bool = False
    is_active: bool = True
    source: str = Field("", max_length=200)


class PartyRuleCreateIn(PartyRuleIn):
    kind: MeetingKind
    level: OrgLevel = OrgLevel.BRANCH


class PartyStepIn(Schema):
    kind: StepKind
    title: RequiredText = Field(max_length=200)
    materials: str = Field("", max_length=5000)
    participants: str = Field("", max_length=200)
    notes: str = Field("", max_length=5000)


class PartyStepOut(Schema):
    id: int
    order: int
    kind: StepKind
    title: str
    materials: str
    participants: str
    notes: str


class PartyStepMoveIn(Schema):
    direction: Literal["earlier", "later"]


class PartyProgrammeIn(Schema):
    org_id: int
    name: RequiredText = Field(max_length=100)
    description: str = Field("", max_length=5000)
    steps: list[PartyStepIn]


class PartyProgrammeUpdateIn(Schema):
    name: RequiredText = Field(max_length=100)
    description: str = Field("", max_length=5000)


class PartyProgrammeOut(Schema):
    id: int
    org_id: int
    name: str
    description: str
    steps: list[PartyStepOut]


class PartyProjectUpdateIn(Schema):
    title: RequiredText = Field(max_length=200)
    area: Area
    lead_unit_id: int
    party_org_id: int | None = None
    responsible: RequiredText = Field(max_length=100)
    description: str = Field("", max_length=5000)
    bank_project_ids: list[int] | None = None
    version: int | None = Field(None, ge=1)


class PartyProjectIn(Schema):
    year: Year
    title: RequiredText = Field(max_length=200)
    area: Area
    lead_unit_id: int
    party_org_id: int | None = None
    responsible: RequiredText = Field(max_length=100)
    description: str = Field("", max_length=5000)
    bank_project_ids: list[int] = []


class PartyStatusIn(Schema):
    status: ProjectStatus
    finished_on: datetime.date | None = None


class PartyIndicatorIn(Schema):
    name: RequiredText = Field(max_length=100)
    unit: RequiredText = Field(max_length=20)
    target: Decimal = Field(gt=0, max_digits=14, decimal_places=2)


class PartyValueIn(Schema):
    month: datetime.date
    actual: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


class PartyValueOut(Schema):
    indicator_id: int
    month: datetime.date
    actual: Decimal


class PartyMilestoneIn(Schema):
    title: RequiredText = Field(max_length=200)
    due_on: datetime.date


class PartyAssessmentIn(Schema):
    year: Year
    grade: Grade
    comment: str = Field("", max_length=5000)


class PartyAssessmentOut(Schema):
    id: int
    project_id: int
    year: int
    grade: Grade
    comment: str
