"""API schemas of applications, their steps, investigations, notices and objections, and of
periodic reviews. Input (`...In`) and output (`...Out`) never shared; the applicant's ID
number is shown as every surface shows it (masked)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from taizhang.core import personal
from taizhang.core.schemas import RequiredText
from taizhang.core.schemas import _user_of as user_of
from taizhang.lib import clock
from taizhang.welfare.models import ApplicationStatus, ReviewOutcome


class ApplicationFilterIn(Schema):
    q: str | None = Field(None, description="An application number or an applicant's name.")
    programme: int | None = None
    unit: int | None = Field(None, description="A village, community or subdistrict id.")
    status: ApplicationStatus | None = None
    overdue: bool | None = Field(None, description="Open and past the decision deadline.")
    flagged: bool | None = Field(None, description="Relatives of staff or village cadres.")


class ReviewDueFilterIn(Schema):
    programme: int | None = None
    unit: int | None = None
    overdue: bool | None = None


class ApplicantOut(Schema):
    id: int
    name: str
    id_number: str

    @staticmethod
    def resolve_id_number(obj: Any, context: Any) -> str:
        return personal.shown(obj, "id_number", user_of(context))


class ApplicationOut(Schema):
    id: int
    number: str
    programme_id: int
    programme: str = Field(alias="programme.name")
    applicant: ApplicantOut
    unit_id: int
    unit: str = Field(alias="unit.name")
    received_on: datetime.date
    status: ApplicationStatus
    household_size: int
    monthly_income_yuan: Decimal | None
    is_staff_relative: bool
    staff_relative_note: str
    deadline: datetime.date
    extended: bool
    overdue: bool
    amount_yuan: Decimal | None
    enrol_from: datetime.date | None
    decision_note: str
    version: int

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.is_open and obj.deadline < clock.today())


class StepOut(Schema):
    step: str
    from_status: str
    to_status: str
    note: str
    by: str | None
    at: datetime.datetime

    @staticmethod
    def resolve_by(obj: Any) -> str | None:
        return obj.by.get_username() if obj.by else None


class InvestigationOut(Schema):
    id: int
    investigated_on: datetime.date
    first_investigator_id: int
    second_investigator_id: int
    findings: str
    verified_income_yuan: Decimal | None


class ObjectionOut(Schema):
    id: int
    received_on: datetime.date
    raised_by: str
    content: str
    handling: str
    sustained: bool | None


class NoticeOut(Schema):
    id: int
    subject: str
    starts_on: datetime.date
    ends_on: datetime.date
    text: str
    objections: list[ObjectionOut]

    @staticmethod
    def resolve_objections(obj: Any) -> list[Any]:
        return list(obj.objections.all())


class ApplicationDetailOut(ApplicationOut):
    reason: str
    preliminary_note: str
    extension_reason: str
    steps: list[StepOut]
    investigations: list[InvestigationOut]
    notice: NoticeOut | None

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_investigations(obj: Any) -> list[Any]:
        return list(obj.investigations.all())

    @staticmethod
    def resolve_notice(obj: Any) -> Any:
        return getattr(obj, "notice", None)


class ApplicationIn(Schema):
    programme_id: int
    applicant_id_number: RequiredText = Field(
        max_length=18, description="The applicant's ID number: a resident of the registry."
    )
    received_on: datetime.date | None = None
    household_size: int | None = Field(None, ge=1)
    monthly_income_yuan: Decimal | None = Field(None, ge=0, decimal_places=2)
    reason: str = ""
    is_staff_relative: bool = False
    staff_relative_note: str = ""


class InvestigationIn(Schema):
    investigated_on: datetime.date
    first_investigator_id: int
    second_investigator_id: int
    findings: RequiredText
    verified_income_yuan: Decimal | None = Field(None, ge=0, decimal_places=2)


class PreliminaryIn(Schema):
    passed: bool
    note: RequiredText
    notice_starts_on: datetime.date | None = None
    notice_days: int | None = Field(None, ge=1, description="At least the programme's (≥ 7).")


class ObjectionIn(Schema):
    content: RequiredText
    raised_by: str = ""
    received_on: datetime.date | None = None


class ObjectionCheckIn(Schema):
    handling: RequiredText
    sustained: bool


class ApplicationNoteIn(Schema):
    note: str = ""


class ApplicationApproveIn(Schema):
    enrol_from: datetime.date
    amount_yuan: Decimal | None = Field(None, ge=0, decimal_places=2)
    income_unstable: bool = False
    note: str = ""


class RefuseIn(Schema):
    reasons: RequiredText


class ApplicationReasonIn(Schema):
    reason: RequiredText


class EnrolmentDueOut(Schema):
    id: int
    programme_id: int
    programme: str = Field(alias="programme.name")
    person_id: int
    person: str = Field(alias="person.name")
    unit: str = Field(alias="person.unit.name")
    amount_yuan: Decimal | None
    income_unstable: bool
    next_review_on: datetime.date | None


class ReviewIn(Schema):
    outcome: ReviewOutcome
    reason: RequiredText
    reviewed_on: datetime.date | None = None
    new_amount_yuan: Decimal | None = Field(None, ge=0, decimal_places=2)
    income_unstable: bool | None = None


class ReviewOut(Schema):
    id: int
    enrolment_id: int
    due_on: datetime.date
    reviewed_on: datetime.date
    outcome: ReviewOutcome
    reason: str
    new_amount_yuan: Decimal | None
