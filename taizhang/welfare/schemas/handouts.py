"""API schemas of stock, hand-outs and visits. ID numbers are read through `personal.shown`
(masked, as on every surface)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from taizhang.core import personal
from taizhang.core.schemas import RequiredText, UnitBriefOut, Year
from taizhang.core.schemas import _user_of as user_of


class BasketItemOut(Schema):
    id: int
    name: str
    quantity: Decimal
    unit_of_measure: str


class StockOut(Schema):
    id: int
    unit: UnitBriefOut
    item: BasketItemOut
    received: Decimal
    handed_out: Decimal
    remaining: Decimal


class StockIn(Schema):
    unit_id: int = Field(description="The village that received the goods.")
    item_id: int = Field(description="An item of the programme's basket.")
    quantity: Decimal = Field(max_digits=12, decimal_places=2, description="Not below zero.")
    correction: bool = Field(
        False, description="The quantity replaces what was received (a stock-take)."
    )
    reason: str = Field("", max_length=200, description="Required for a correction.")


class CandidateOut(Schema):
    """An entitlement as the hand-out search shows it."""

    id: int = Field(description="The entitlement's id: POST its hand-out.")
    name: str
    id_number: str = Field(description="Masked: the first 4 and last 4 characters.")
    household: str | None
    unit: str
    collected: bool

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_id_number(obj: Any, context: Any) -> str:
        return personal.shown(obj.person, "id_number", user_of(context))

    @staticmethod
    def resolve_household(obj: Any) -> str | None:
        return obj.household.number if obj.household else None

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_collected(obj: Any) -> bool:
        return hasattr(obj, "handout")


class HandoutIn(Schema):
    received_by: RequiredText = Field(max_length=50, description="A member of the household.")
    signature: str = Field(
        "", max_length=500_000, description="data:image/png;base64,… drawn on screen."
    )
    code: str = Field("", max_length=12, description="The one-time code the recipient received.")


class HandoutOut(Schema):
    id: int
    entitlement_id: int
    received_by: str
    method: str
    signature_id: int | None = Field(description="The signature's attachment (GET /attachments/…).")
    handed_at: datetime.datetime
    recorded_by: str | None

    @staticmethod
    def resolve_recorded_by(obj: Any) -> str | None:
        return obj.recorded_by.get_username() if obj.recorded_by else None


class CodeOut(Schema):
    sent_to: str = Field(description="The phone, masked.")
    expires_at: datetime.datetime


class VisitFilterIn(Schema):
    programme: int | None = None
    unit: int | None = Field(None, description="A village, community or subdistrict id.")
    year: Year | None = None
    group: int | None = Field(None, description="Visits to members of this group.")


class VisitOut(Schema):
    id: int
    person_id: int
    name: str
    id_number: str = Field(description="Masked.")
    unit: str
    household: str | None
    programme_id: int | None
    visited_on: datetime.date
    visitors: str
    gifts: str
    amount_yuan: Decimal | None
    notes: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.person.name

    @staticmethod
    def resolve_id_number(obj: Any, context: Any) -> str:
        return personal.shown(obj.person, "id_number", user_of(context))

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.person.unit.name

    @staticmethod
    def resolve_household(obj: Any) -> str | None:
        return obj.household.number if obj.household else None


class VisitIn(Schema):
    person_id: int = Field(description="A resident of a village the caller writes for.")
    visited_on: datetime.date
    visitors: RequiredText = Field(max_length=200)
    gifts: str = Field("", max_length=200)
    amount_yuan: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    notes: str = Field("", max_length=2000)
    programme_id: int | None = None
