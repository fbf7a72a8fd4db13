"""API schemas of the retirees module: separate input and output; personal numbers are read
through `personal.shown` (masked, as on every surface)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from taizhang.core import personal
from taizhang.core.schemas import RequiredText
from taizhang.core.schemas import _user_of as user_of
from taizhang.retirees.models import ActivityKind, ConfirmationMethod, DeathSource, ServiceKind


class RetireeFilterIn(Schema):
    q: str | None = Field(None, max_length=50, description="A name, or an ID number's last 4.")
    unit: int | None = Field(None, description="A community or subdistrict id.")
    special: str | None = Field(
        None, description="A special list: a group code (laomo, gongshang, tekun, …) or elderly."
    )
    confirmation: Literal["due", "overdue"] | None = None
    party: bool | None = None
    pension_state: str | None = None


class RetireeOut(Schema):
    id: int
    person_id: int
    name: str
    id_number: str = Field(description="Masked.")
    unit: str
    employer: str
    retired_on: datetime.date
    handed_over_on: datetime.date | None
    pension_kind: str
    social_insurance_number: str = Field(description="Masked.")
    is_party_member: bool
    party_transfer: str
    pension_state: str
    next_due_on: datetime.date
    deceased: bool

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_id_number(obj: Any, context: Any) -> str:
        return personal.shown(obj.person, "id_number", user_of(context)) or ""

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.person.unit.name

    @staticmethod
    def resolve_employer(obj: Any) -> str:
        return obj.employer_display

    @staticmethod
    def resolve_social_insurance_number(obj: Any, context: Any) -> str:
        return personal.shown(obj, "social_insurance_number", user_of(context)) or ""

    @staticmethod
    def resolve_deceased(obj: Any) -> bool:
        return obj.person.status == "deceased"


class ConfirmationFilterIn(Schema):
    retiree: int | None = None


class ConfirmationOut(Schema):
    id: int
    retiree_id: int
    name: str
    confirmed_on: datetime.date
    method: str
    confirmed_by: str
    notes: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.retiree.person.name


class ConfirmationIn(Schema):
    confirmed_on: datetime.date
    method: ConfirmationMethod
    confirmed_by: RequiredText = Field(max_length=50)
    notes: str = Field("", max_length=200)


class RetireeVisitOut(Schema):
    id: int
    retiree_id: int
    name: str
    unit: str
    visited_on: datetime.date
    visitors: str
    findings: str
    follow_up: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.retiree.person.name

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.retiree.person.unit.name


class RetireeVisitIn(Schema):
    retiree_id: int = Field(description="A retiree on a visited list (特困, 孤寡, 重病).")
    visited_on: datetime.date
    visitors: RequiredText = Field(max_length=200)
    findings: RequiredText = Field(max_length=2000)
    follow_up: str = Field("", max_length=200)


class DeathOut(Schema):
    id: int
    retiree_id: int
    name: str
    unit: str
    died_on: datetime.date
    source: str
    reporter: str
    reported_on: datetime.date

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.retiree.person.name

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.retiree.person.unit.name


class DeathIn(Schema):
    died_on: datetime.date
    source: DeathSource
    reporter: str = Field("", max_length=50)
    reported_on: datetime.date | None = None
    notes: str = Field("", max_length=2000)


class CommunityOut(Schema):
    unit: str
    code: str
    retirees: int
    due: int
    overdue: int
    visits_planned: int
    visits_done: int


class RetireeStatsOut(Schema):
    on: datetime.date
    retirees: int
    due: int
    overdue: int
    visits_planned: int
    visits_done: int
    communities: list[CommunityOut]


class ActivityOut(Schema):
    id: int
    unit_id: int
    kind: str
    title: str
    campaign: str
    held_on: datetime.date
    place: str
    reached: int
    attendee_ids: list[int]

    @staticmethod
    def resolve_attendee_ids(obj: Any) -> list[int]:
        return [link.retiree_id for link in obj.attendance.all()]


class ActivityIn(Schema):
    unit_id: int
    kind: ActivityKind
    title: RequiredText = Field(max_length=200)
    campaign: str = Field("", max_length=200)
    held_on: datetime.date
    place: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)
    attendee_ids: list[int] = Field(default_factory=list, max_length=2000)
    reached: int | None = Field(None, ge=0)


class ServiceRequestOut(Schema):
    id: int
    retiree_id: int
    kind: str
    description: str
    received_on: datetime.date
    department_id: int | None
    item_id: int | None
    closed_on: datetime.date | None
    outcome: str


class ServiceRequestIn(Schema):
    retiree_id: int
    kind: ServiceKind
    description: RequiredText = Field(max_length=5000)
    received_on: datetime.date
    department_id: int | None = Field(None, description="A department that must act.")
    deadline: datetime.date | None = None
