"""API schemas of the rectification module. Input (`...In`) and output (`...Out`) never shared."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from taizhang.core import personal
from taizhang.core.schemas import (
    VERSION_IN,
    VERSION_OUT,
    PatchIn,
    RequiredText,
    UnitBriefOut,
    _user_of,
)
from taizhang.supervision import services as supervision
from taizhang.supervision.schemas import EventOut, ExtensionOut


class CaseFilterIn(Schema):
    """Query parameters of the case list, the dashboard and the ledger: the page's filters."""

    q: str | None = Field(None, description="Search in number, subject and address.")
    campaign: int | None = None
    agency: int | None = None
    subdistrict: int | None = None
    origin: str | None = None
    state: str | None = Field(None, description="A state of the rectification flow.")
    overdue: bool | None = None
    light: str | None = Field(None, description="red, yellow or green.")
    is_closed: bool | None = None


class FindingFilterIn(CaseFilterIn):
    status: str | None = Field(None, description="open, rectified or verified.")
    category: str | None = Field(None, description="Category name.")


class CategoryOut(Schema):
    id: int
    name: str
    law: str
    article: str
    legal_basis: str


class CampaignOut(Schema):
    id: int
    name: str
    plan_document: str
    lead_unit: UnitBriefOut
    participants: list[UnitBriefOut]
    starts_on: datetime.date
    ends_on: datetime.date
    reply_months: int
    is_public: bool
    categories: list[CategoryOut]
    version: int = VERSION_OUT

    @staticmethod
    def resolve_participants(obj: Any) -> list[Any]:
        return list(obj.participants.all())

    @staticmethod
    def resolve_categories(obj: Any) -> list[Any]:
        return list(obj.categories.all())


class CategoryIn(Schema):
    name: RequiredText = Field(max_length=100)
    law: RequiredText = Field(max_length=200)
    article: str = Field("", max_length=200)


class CampaignIn(Schema):
    name: RequiredText = Field(max_length=200)
    plan_document: RequiredText = Field(max_length=200)
    lead_unit_id: int
    participant_ids: list[int] = []
    starts_on: datetime.date
    ends_on: datetime.date
    reply_months: int = Field(2, ge=1, le=24)
    is_public: bool = False
    categories: list[CategoryIn] = []


class CampaignPatchIn(PatchIn):
    name: RequiredText | None = Field(None, max_length=200)
    plan_document: RequiredText | None = Field(None, max_length=200)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    reply_months: int | None = Field(None, ge=1, le=24)
    is_public: bool | None = None
    version: int | None = VERSION_IN


class FindingOut(Schema):
    id: int
    case_id: int
    sequence: int
    category: CategoryOut
    description: str
    legal_basis: str
    status: str
    rectification_note: str
    rectified_by: str | None
    rectified_at: datetime.datetime | None
    verification_note: str
    verified_by: str | None
    verified_at: datetime.datetime | None

    @staticmethod
    def resolve_rectified_by(obj: Any) -> str | None:
        return str(obj.rectified_by) if obj.rectified_by_id else None

    @staticmethod
    def resolve_verified_by(obj: Any) -> str | None:
        return str(obj.verified_by) if obj.verified_by_id else None


class CaseClockOut(Schema):
    code: str
    label: str
    started_on: datetime.date
    deadline: datetime.date
    stopped_at: datetime.datetime | None
    light: str

    @staticmethod
    def resolve_light(obj: Any) -> str:
        return obj.light().value


class CaseOrganisationOut(Schema):
    """The registry's organisation (单位主体) of the case's subject."""

    id: int
    name: str
    credit_code: str


class CaseOut(Schema):
    id: int
    number: str
    campaign_id: int
    origin: str
    origin_reference: str
    summary: str
    subject_name: str
    subject_kind: str
    subject_address: str
    organisation: CaseOrganisationOut | None = Field(
        description="The registry's organisation of the subject, when one matches."
    )
    village: UnitBriefOut
    subdistrict: UnitBriefOut
    subject_contact: str = Field(
        description="Masked (王*); both sides of the case may reveal it (personal/…/reveal)."
    )
    subject_phone: str = Field(
        description="Masked (139****5678); both sides of the case may reveal it."
    )
    found_by_unit: UnitBriefOut
    agency: UnitBriefOut
    state: str
    state_label: str
    is_closed: bool
    deadline: datetime.date
    light: str
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    recommendation_number: str
    recommendation_issued_on: datetime.date | None
    delivered_on: datetime.date | None
    replied_on: datetime.date | None
    reply_text: str
    order_number: str
    ordered_on: datetime.date | None
    returned_reason: str

    @staticmethod
    def resolve_subject_contact(obj: Any, context: Any) -> str:
        return personal.shown(obj, "subject_contact", _user_of(context))

    @staticmethod
    def resolve_subject_phone(obj: Any, context: Any) -> str:
        return personal.shown(obj, "subject_phone", _user_of(context))

    @staticmethod
    def resolve_light(obj: Any) -> str:
        return obj.assignment.light().value

    @staticmethod
    def resolve_closed_at(obj: Any) -> datetime.datetime | None:
        return obj.item.closed_at

    @staticmethod
    def resolve_returned_reason(obj: Any) -> str:
        return obj.assignment.returned_reason


class CaseDetailOut(CaseOut):
    findings: list[FindingOut]
    clocks: list[CaseClockOut]
    history: list[EventOut]
    extension_requests: list[ExtensionOut]
    actions: list[str] = Field(description="The flow's steps the caller may take now.")

    @staticmethod
    def resolve_findings(obj: Any) -> list[Any]:
        return list(obj.findings.all())

    @staticmethod
    def resolve_clocks(obj: Any) -> list[Any]:
        return list(obj.assignment.clocks.all())

    @staticmethod
    def resolve_history(obj: Any) -> list[Any]:
        return list(obj.assignment.events.all())

    @staticmethod
    def resolve_extension_requests(obj: Any) -> list[Any]:
        return list(obj.assignment.extension_requests.all())

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[str]:
        user = _user_of(context)
        return [t.action for t in supervision.allowed_actions(obj.assignment, user, managed=True)]


class FindingIn(Schema):
    category_id: int | None = Field(None, description="A category of the case's campaign.")
    description: RequiredText = Field(max_length=1000)
    legal_basis: str = Field("", max_length=300, description="Default: the category's.")


class CaseIn(Schema):
    campaign_id: int
    found_by_unit_id: int
    agency_id: int = Field(description="The responsible agency; may be outside the district.")
    origin: str
    origin_reference: str = ""
    subject_name: RequiredText = Field(max_length=200)
    subject_kind: str
    subject_address: RequiredText = Field(max_length=200)
    village_id: int
    subject_contact: str = Field("", max_length=50)
    subject_phone: str = Field("", max_length=30)
    summary: str = ""
    findings: list[FindingIn] = Field(min_length=1)


class StepIn(Schema):
    action: str = Field(
        description="issue, accept, return, reissue, withdraw, investigate, "
        "order, start, reply, submit, send_back or close."
    )
    note: str = ""
    deadline: datetime.date | None = Field(None, description="The order's 规定时限.")
    number: str = Field("", max_length=100, description="Document number (issue, order).")


class NoteIn(Schema):
    note: str = Field(max_length=2000)


class VerificationIn(Schema):
    accept: bool = True
    note: str = Field("", max_length=2000)


class CaseExtensionIn(Schema):
    until: datetime.date
    reason: str = Field(max_length=500)
    clock: str = Field("", description="reply or order; default: the nearest running one.")


class ReopenIn(Schema):
    reason: str = Field(max_length=500)
    deadline: datetime.date
    finding_ids: list[int] = Field([], description="Default: every finding.")


class ReaddressIn(Schema):
    agency_id: int
    note: str = Field("", max_length=500)


class CaseGroupOut(Schema):
    id: int | None = None
    name: str | None = None
    cases: int
    closed: int
    findings: int
    rectified: int
    verified: int
    rectified_share: float | None
    verified_share: float | None
    overdue: int
    median_days_to_close: float | None
    returned: int
    extended: int
    closed_on_time: int
    on_time_share: float | None


class DashboardOut(Schema):
    totals: CaseGroupOut
    by_campaign: list[CaseGroupOut]
    by_agency: list[CaseGroupOut]
    by_subdistrict: list[CaseGroupOut]
    agency_ranking: list[CaseGroupOut]
    labels: dict[str, str]


class PublicFindingOut(Schema):
    category: str
    description: str
    legal_basis: str


class PublicCaseOut(Schema):
    number: str
    subject: str = Field(description="A private person's name is not shown.")
    subdistrict: str
    village: str
    agency: str
    closed_on: datetime.date
    findings: list[PublicFindingOut]


class PublicNoticeOut(Schema):
    campaign: str
    plan_document: str
    lead_unit: str
    starts_on: datetime.date
    ends_on: datetime.date
    cases: list[PublicCaseOut]
