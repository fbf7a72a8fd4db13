"""API schemas of projects and their pipeline. Input (`...In`) and output (`...Out`) apart."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator

from taizhang.core import access
from taizhang.core.schemas import VERSION_IN, VERSION_OUT, PatchIn
from taizhang.projects.models import Category, Review, Stage, StageEvent
from taizhang.projects.services.projects import can_review

# ---------------------------------------------------------------------------------------------
# Output


class UnitRefOut(Schema):
    id: int
    name: str


class QuantityOut(Schema):
    id: int
    item: str
    value: Decimal
    qualifier: str
    unit_of_measure: str


class ProjectOut(Schema):
    id: int
    name: str
    code: str = Field(description="The national 24-character project code, or empty.")
    unit: UnitRefOut = Field(description="The responsible unit (责任单位), which owns the record.")
    owner_name: str
    owner_unit: UnitRefOut | None
    lead_department: UnitRefOut | None
    co_departments: list[UnitRefOut]
    subdistrict: UnitRefOut | None
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    category: Category
    content: str
    total_investment_wan: Decimal = Field(description="万元, two decimals, as a string.")
    funding_sources: str
    planned_start: datetime.date | None
    planned_finish: datetime.date | None
    actual_start: datetime.date | None
    actual_finish: datetime.date | None
    leader: str = Field(description="The responsible leader (包联领导).")
    stage: Stage
    review: Review
    requested_stage: str = Field(description="The stage asked for while under review.")
    review_note: str = Field(description="The note of the last request or decision.")
    quantities: list[QuantityOut]
    is_demo: bool
    created_at: datetime.datetime
    version: int = VERSION_OUT
    can_write: bool = Field(description="Whether the caller may edit it (not while locked).")
    can_review: bool = Field(description="Whether the caller may approve, return or move it.")

    @staticmethod
    def resolve_co_departments(obj: Any) -> list[Any]:
        return list(obj.co_departments.all())

    @staticmethod
    def resolve_quantities(obj: Any) -> list[Any]:
        return list(obj.quantities.all())

    @staticmethod
    def resolve_can_write(obj: Any, context: Any) -> bool:
        request = (context or {}).get("request")
        return not obj.is_locked and access.can_write(getattr(request, "user", None), obj)

    @staticmethod
    def resolve_can_review(obj: Any, context: Any) -> bool:
        request = (context or {}).get("request")
        return can_review(getattr(request, "user", None))


class StageEventOut(Schema):
    id: int
    action: StageEvent.Action
    from_stage: Stage
    to_stage: Stage
    by: str | None
    at: datetime.datetime
    note: str

    @staticmethod
    def resolve_by(obj: Any) -> str | None:
        return str(obj.by) if obj.by else None


# ---------------------------------------------------------------------------------------------
# Input


class ProjectFilterIn(Schema):
    """Query parameters of the project list: the fields of `projects.filters.ProjectFilter`."""

    q: str | None = Field(None, description="Search in name, code, content and owner.")
    stage: list[Stage] | None = Field(None, description="One or more stages: ?stage=a&stage=b")
    category: Category | None = None
    subdistrict: int | None = Field(None, description="Projects in this subdistrict (unit id).")
    unit: int | None = Field(None, description="Projects of this unit or a unit below it.")
    department: int | None = Field(None, description="Projects a department leads or joins.")
    review: Review | None = None
    over_1bn: bool | None = Field(None, description="Total investment of 10亿元 and more.")
    ordering: str | None = Field(
        None, description="name, investment, start or created; prefix with - to reverse."
    )


class QuantityIn(Schema):
    id: int | None = Field(None, description="An existing quantity to change; none for a new one.")
    item: str = Field(max_length=100)
    value: Decimal = Field(max_digits=14, decimal_places=2)
    qualifier: str = Field("", max_length=10, description="多, 余, 约…")
    unit_of_measure: str = Field(max_length=20)


class _ProjectFields(Schema):
    code: str = Field("", max_length=40, description="Normalised to 2018-110105-70-03-006548.")
    owner_name: str = Field("", max_length=200)
    owner_unit_id: int | None = None
    lead_department_id: int | None = None
    subdistrict_id: int | None = Field(None, description="Default: the unit's subdistrict.")
    address: str = Field("", max_length=200)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    content: str = ""
    funding_sources: str = Field("", max_length=200)
    planned_start: datetime.date | None = None
    planned_finish: datetime.date | None = None
    actual_start: datetime.date | None = None
    actual_finish: datetime.date | None = None
    leader: str = Field("", max_length=50)


class ProjectCreateIn(_ProjectFields):
    name: str = Field(max_length=200)
    unit_id: int | None = Field(None, description="The responsible unit; default: the caller's.")
    category: Category
    total_investment_wan: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    co_department_ids: list[int] = []
    quantities: list[QuantityIn] = []
    is_demo: bool = False


class ProjectUpdateIn(PatchIn):
    """Only the fields sent change. `quantities`, if sent, is the full new list."""

    name: str | None = Field(None, max_length=200)
    code: str | None = Field(None, max_length=40)
    unit_id: int | None = None
    owner_name: str | None = Field(None, max_length=200)
    owner_unit_id: int | None = None
    lead_department_id: int | None = None
    subdistrict_id: int | None = None
    address: str | None = Field(None, max_length=200)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    category: Category | None = None
    content: str | None = None
    total_investment_wan: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    funding_sources: str | None = Field(None, max_length=200)
    planned_start: datetime.date | None = None
    planned_finish: datetime.date | None = None
    actual_start: datetime.date | None = None
    actual_finish: datetime.date | None = None
    leader: str | None = Field(None, max_length=50)
    version: int | None = VERSION_IN
    is_demo: bool | None = None
    co_department_ids: list[int] | None = None
    quantities: list[QuantityIn] | None = None
    reason: str = Field("", max_length=500, description="Why; kept in the history.")

    @field_validator(
        "name",
        "code",
        "unit_id",
        "owner_name",
        "address",
        "category",
        "content",
        "total_investment_wan",
        "funding_sources",
        "leader",
        "is_demo",
        "co_department_ids",
        "quantities",
        mode="before",
    )
    @classmethod
    def required_not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null; leave the field out instead")
        return value


class StageRequestIn(Schema):
    to_stage: Stage
    note: str = Field("", max_length=500)


class ApproveIn(Schema):
    note: str = Field("", max_length=500)


class ReturnIn(Schema):
    reason: str = Field(max_length=500, description="Why the project goes back to the unit.")


class MoveIn(Schema):
    to_stage: Stage
    note: str = Field("", max_length=500)
