"""API schemas of programmes, candidate lists and enrolments. Input (`...In`) and output
(`...Out`) never shared. A person's ID number is read through `personal.shown` (masked), as
on every other surface."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from taizhang.core import personal
from taizhang.core.schemas import VERSION_IN, VERSION_OUT, PatchIn, RequiredText, UnitBriefOut
from taizhang.core.schemas import _user_of as user_of
from taizhang.welfare.models import BenefitUnit, EnrolmentStatus, ProgrammeKind

# Filters: the fields of taizhang/welfare/filters.py, as query parameters.


class ProgrammeFilterIn(Schema):
    q: str | None = Field(None, description="Part of the name.")
    owner: int | None = Field(None, description="A unit id: programmes of it and units below.")
    kind: ProgrammeKind | None = None
    is_active: bool | None = None


class EnrolmentFilterIn(Schema):
    q: str | None = Field(None, description="A name, a whole ID number or its last 4 characters.")
    programme: int | None = Field(None, description="A programme id.")
    unit: int | None = Field(None, description="A unit id: residents of it and units below.")
    status: EnrolmentStatus | None = None
    review_due: str | None = Field(None, description="yes or no: periodic review due by today.")


# Programmes --------------------------------------------------------------------------------


class TierIO(Schema):
    min_age: int = Field(ge=0, le=150)
    max_age: int | None = Field(None, ge=0, le=150, description="Under this age; null: open.")
    amount_yuan: Decimal = Field(max_digits=12, decimal_places=2)


class BasketItemIO(Schema):
    name: RequiredText = Field(max_length=50)
    quantity: Decimal = Field(max_digits=10, decimal_places=2)
    unit_of_measure: RequiredText = Field(max_length=10)


class ProgrammeBriefOut(Schema):
    id: int
    name: str


class ProgrammeOut(Schema):
    id: int
    version: int = VERSION_OUT
    name: str
    owner: UnitBriefOut
    kind: ProgrammeKind
    benefit_unit: BenefitUnit
    amount_yuan: Decimal | None
    funding_source: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    min_age: int | None
    max_age: int | None
    min_household_size: int | None
    max_household_size: int | None
    income_standard_yuan: Decimal | None
    registered_only: bool
    needs_application: bool
    deciding_unit: UnitBriefOut | None
    review_months: int | None
    notice_days: int
    is_active: bool
    is_demo: bool
    tiers: list[TierIO]
    basket: list[BasketItemIO]
    excludes: list[ProgrammeBriefOut]
    residence_unit_ids: list[int]
    group_ids: list[int]

    @staticmethod
    def resolve_tiers(obj: Any) -> list[Any]:
        return list(obj.tiers.all())

    @staticmethod
    def resolve_basket(obj: Any) -> list[Any]:
        return list(obj.basket.all())

    @staticmethod
    def resolve_excludes(obj: Any) -> list[Any]:
        return list(obj.excludes.all())

    @staticmethod
    def resolve_residence_unit_ids(obj: Any) -> list[int]:
        return [unit.pk for unit in obj.residence_units.all()]

    @staticmethod
    def resolve_group_ids(obj: Any) -> list[int]:
        return [group.pk for group in obj.groups.all()]


class _ProgrammeFields(Schema):
    kind: ProgrammeKind
    benefit_unit: BenefitUnit = BenefitUnit.PERSON
    amount_yuan: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    funding_source: str = Field("", max_length=100)
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    min_age: int | None = Field(None, ge=0, le=150)
    max_age: int | None = Field(None, ge=0, le=150)
    min_household_size: int | None = Field(None, ge=1, le=100)
    max_household_size: int | None = Field(None, ge=1, le=100)
    income_standard_yuan: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    registered_only: bool = True
    needs_application: bool = False
    deciding_unit_id: int | None = None
    review_months: int | None = Field(None, ge=1, le=120)
    notice_days: int = Field(7, ge=1, le=365)
    tiers: list[TierIO] = []
    basket: list[BasketItemIO] = []
    exclude_ids: list[int] = Field([], description="Programmes it may not be combined with.")
    residence_unit_ids: list[int] = Field([], description="Units within the owner's subtree.")
    group_ids: list[int] = []


class ProgrammeIn(_ProgrammeFields):
    name: RequiredText = Field(max_length=100)
    owner_id: int = Field(description="A unit the caller writes for.")


class ProgrammePatchIn(PatchIn):
    name: RequiredText | None = Field(None, max_length=100)
    kind: ProgrammeKind | None = None
    benefit_unit: BenefitUnit | None = None
    amount_yuan: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    funding_source: str | None = Field(None, max_length=100)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    min_age: int | None = Field(None, ge=0, le=150)
    max_age: int | None = Field(None, ge=0, le=150)
    min_household_size: int | None = Field(None, ge=1, le=100)
    max_household_size: int | None = Field(None, ge=1, le=100)
    income_standard_yuan: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    registered_only: bool | None = None
    needs_application: bool | None = None
    deciding_unit_id: int | None = None
    review_months: int | None = Field(None, ge=1, le=120)
    notice_days: int | None = Field(None, ge=1, le=365)
    is_active: bool | None = None
    tiers: list[TierIO] | None = None
    basket: list[BasketItemIO] | None = None
    exclude_ids: list[int] | None = None
    residence_unit_ids: list[int] | None = None
    group_ids: list[int] | None = None
    reason: str = Field("", max_length=200)
    version: int | None = VERSION_IN


# Enrolments and candidates -----------------------------------------------------------------


class CandidatePersonOut(Schema):
    id: int
    name: str
    id_number: str = Field(description="Masked: the first 4 and last 4 characters.")
    unit: str
    birth_date: datetime.date | None

    @staticmethod
    def resolve_id_number(obj: Any, context: Any) -> str:
        return personal.shown(obj, "id_number", user_of(context))

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.unit.name


class EnrolmentOut(Schema):
    id: int
    version: int = VERSION_OUT
    programme: ProgrammeBriefOut
    person: CandidatePersonOut
    household_id: int | None
    started_on: datetime.date
    ended_on: datetime.date | None
    status: EnrolmentStatus
    amount_yuan: Decimal | None
    income_unstable: bool
    next_review_on: datetime.date | None
    stop_reason: str


class LeavingOut(Schema):
    enrolment: EnrolmentOut
    reasons: list[str]


class CandidatesOut(Schema):
    on: datetime.date
    joining: list[CandidatePersonOut]
    joining_count: int
    leaving: list[LeavingOut]
    excluded: list[CandidatePersonOut]
    excluded_count: int


class EnrolIn(Schema):
    programme_id: int
    person_ids: list[int] = Field(min_length=1, max_length=1000, description="All or nothing.")
    started_on: datetime.date
    amount_yuan: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    income_unstable: bool = False


class StopIn(Schema):
    ended_on: datetime.date = Field(description="The last day of benefit.")
    reason: RequiredText = Field(max_length=200)
