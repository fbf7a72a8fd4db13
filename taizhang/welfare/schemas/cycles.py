"""Schemas of the cycles API: cycles, their refusals and entitlements (ID numbers masked)."""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from taizhang.core import personal
from taizhang.core.schemas import Year
from taizhang.core.schemas import _user_of as user_of


class CycleFilterIn(Schema):
    programme: int | None = None
    status: str | None = Field(None, description="draft, submitted, returned or approved.")


class CycleIn(Schema):
    programme_id: int
    period: datetime.date = Field(description="Any day of the month for a monthly programme.")
    label: str = Field("", max_length=100)
    generate: bool = Field(True, description="Generate the entitlements at once.")


class CycleNoteIn(Schema):
    note: str = Field("", max_length=500)


class CycleReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=500)


class RefusalOut(Schema):
    enrolment_id: int
    person_id: int
    name: str
    reasons: list[str]


class CycleOut(Schema):
    id: int
    programme_id: int
    programme: str = Field(alias="programme.name")
    period: datetime.date
    label: str
    status: str
    review_note: str
    made_by: str | None
    submitted_by: str | None
    approved_by: str | None
    approved_at: datetime.datetime | None

    @staticmethod
    def resolve_made_by(obj: Any) -> str | None:
        return obj.made_by.get_username() if obj.made_by_id else None

    @staticmethod
    def resolve_submitted_by(obj: Any) -> str | None:
        return obj.submitted_by.get_username() if obj.submitted_by_id else None

    @staticmethod
    def resolve_approved_by(obj: Any) -> str | None:
        return obj.approved_by.get_username() if obj.approved_by_id else None


class CycleTotalsOut(Schema):
    count: int
    amount: Decimal
    paid: int
    paid_amount: Decimal
    failed: int
    pending: int
    collected: int


class CycleDetailOut(CycleOut):
    totals: CycleTotalsOut
    refused: list[RefusalOut] = Field(
        description="Enrolments holding on the day that generation refuses, with the reasons."
    )


class EntitlementFilterIn(Schema):
    q: str | None = Field(None, description="A name, a whole ID number or its last 4.")
    programme: int | None = None
    cycle: int | None = None
    unit: int | None = Field(None, description="A village, community or subdistrict (subtree).")
    year: Year | None = None
    payment_status: str | None = Field(None, description="pending, paid or failed.")
    collected: str | None = Field(None, description="yes or no: has a hand-out.")


class EntitlementOut(Schema):
    id: int
    cycle_id: int
    programme_id: int
    person_id: int
    name: str = Field(alias="person.name")
    id_number: str = Field(description="Masked: the first 4 and last 4 characters.")
    household_id: int | None
    unit_id: int
    unit: str = Field(alias="unit.name")
    amount_yuan: Decimal | None
    payment_status: str
    paid_on: datetime.date | None
    payment_note: str

    @staticmethod
    def resolve_id_number(obj: Any, context: Any) -> str:
        return personal.shown(obj, "id_number", user_of(context)) or ""
