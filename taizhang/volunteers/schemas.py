"""The volunteer API's schemas: `XIn` for what a caller sends, `XOut` for what it gets. A
volunteer's phone is read through `personal.shown` (masked)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from taizhang.core import personal
from taizhang.core.schemas import RequiredText, Year
from taizhang.core.schemas import _user_of as user_of
from taizhang.volunteers.filters import CampaignStatus
from taizhang.volunteers.models import AwardLevel, EvaluationRating, ParticipationState, TargetState


class VolunteerCampaignOut(Schema):
    id: int
    unit_id: int
    unit: str = Field(alias="unit.name")
    title: str
    purpose: str
    requirements: str
    starts_on: datetime.date
    ends_on: datetime.date
    is_open: bool


class VolunteerShiftOut(Schema):
    id: int
    campaign_id: int
    task: str
    place_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    needed: int
    cap: int


class VolunteerOut(Schema):
    id: int
    number: str
    name: str = Field(alias="person.name")
    unit_id: int = Field(alias="person.unit_id")
    phone: str = Field(description="Masked: 3 + 4 digits.")
    school: str
    organisation: str
    skills: str

    @staticmethod
    def resolve_phone(obj: Any, context: Any) -> str:
        return personal.shown(obj, "phone", user_of(context))


class VolunteerParticipationOut(Schema):
    id: int
    shift_id: int
    volunteer_id: int
    volunteer_number: str = Field(alias="volunteer.number")
    state: ParticipationState
    reason: str
    checked_in_at: datetime.datetime | None
    checked_out_at: datetime.datetime | None
    hours: Decimal


class VolunteerReasonIn(Schema):
    reason: RequiredText = Field(max_length=200)


class VolunteerAttendanceIn(Schema):
    at: datetime.datetime | None = None


class VolunteerLettersOut(Schema):
    id: int = Field(alias="pk")
    campaign: str
    unit: str
    targets: int
    signed: int
    refused: int
    rate: float | None


class VolunteerTargetOut(Schema):
    id: int
    letter_campaign_id: int
    community_id: int
    organisation_id: int | None
    household_id: int | None
    name: str
    team_id: int | None
    team: str = Field(description="The team's name; empty when none.")
    volunteer_id: int | None
    state: TargetState
    signed_on: datetime.date | None
    signed_by: str
    refusal_reason: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)

    @staticmethod
    def resolve_team(obj: Any) -> str:
        return obj.team.name if obj.team_id else ""


class VolunteerSignIn(Schema):
    signed_on: datetime.date | None = None
    signed_by: str = Field("", max_length=50)
    signature: str = Field(
        "",
        max_length=700_000,
        description="The signature drawn on screen, a PNG data URL: the letter's proof, "
        "required here (the photo or scan of a signed letter is uploaded on the page).",
    )


class VolunteerFilterIn(Schema):
    q: str | None = Field(
        None, description="A name, a whole ID number or its last 4 characters, a volunteer number."
    )
    skill: str | None = Field(None, description="Part of the skills.")
    student: bool | None = Field(None, description="true: with a school (在校大学生).")
    school: str | None = Field(None, description="Part of the school's name.")
    organisation: str | None = Field(None, description="Part of the organisation served with.")
    unit: int | None = Field(None, description="A unit id: residents of it and units below.")


class VolunteerCampaignFilterIn(Schema):
    q: str | None = Field(None, description="Part of the title.")
    organiser: int | None = Field(None, description="A unit id: organised by it or units below.")
    status: CampaignStatus | None = Field(None, description="Sign-up open, closed, or ended.")
    since: datetime.date | None = Field(None, description="Campaigns ending on or after it.")
    until: datetime.date | None = Field(None, description="Campaigns starting on or before it.")


class VolunteerTargetFilterIn(Schema):
    q: str | None = Field(None, description="Part of a name or address, or a household number.")
    state: TargetState | None = None
    kind: str | None = Field(
        None, description="A kind of organisation (shop, property_manager …) or household."
    )
    community: int | None = Field(None, description="A unit id: targets in it or units below.")
    pending: bool = Field(False, description="true: the reminder list (state pending).")


class VolunteerStatsIn(Schema):
    year: Year | None = None


class VolunteerLetterRowOut(Schema):
    campaign: str
    unit: str
    targets: int
    signed: int
    rate: float | None


class VolunteerStatsOut(Schema):
    year: int
    volunteers: int
    hours: Decimal
    shifts: int
    shifts_filled: int
    letters: list[VolunteerLetterRowOut]


class VolunteerRateOut(Schema):
    name: str
    targets: int
    signed: int
    rate: float | None


class VolunteerRankOut(Schema):
    name: str
    hours: Decimal
    url: str


class VolunteerDashboardOut(Schema):
    communities: list[VolunteerRateOut]
    ranking: list[VolunteerRankOut]


class VolunteerTrainingIn(Schema):
    trained_on: datetime.date
    title: RequiredText = Field(max_length=200)
    hours: Decimal = Field(max_digits=6, decimal_places=2)
    organiser: RequiredText = Field(max_length=100)
    note: str = Field("", max_length=200)


class VolunteerTrainingOut(Schema):
    id: int
    volunteer_id: int
    trained_on: datetime.date
    title: str
    hours: Decimal
    organiser: str
    note: str


class VolunteerAwardIn(Schema):
    awarded_on: datetime.date
    title: RequiredText = Field(max_length=200)
    level: AwardLevel
    body: RequiredText = Field(max_length=100)


class VolunteerAwardOut(Schema):
    id: int
    volunteer_id: int
    awarded_on: datetime.date
    title: str
    level: AwardLevel
    body: str


class VolunteerEvaluationIn(Schema):
    period: RequiredText = Field(max_length=30)
    rating: EvaluationRating
    unit_id: int
    remarks: str = Field("", max_length=300)


class VolunteerEvaluationOut(Schema):
    id: int
    volunteer_id: int
    period: str
    rating: EvaluationRating
    unit_id: int
    unit: str = Field(alias="unit.name")
    remarks: str


class VolunteerRecordOut(Schema):
    """A volunteer's service record beyond service: training, awards and evaluations."""

    trainings: list[VolunteerTrainingOut]
    awards: list[VolunteerAwardOut]
    evaluations: list[VolunteerEvaluationOut]


class VolunteerTeamOut(Schema):
    id: int
    unit_id: int
    campaign_id: int | None
    name: str
    leader_id: int | None
    member_ids: list[int]

    @staticmethod
    def resolve_member_ids(obj: Any) -> list[int]:
        return [member.pk for member in obj.members.all()]
