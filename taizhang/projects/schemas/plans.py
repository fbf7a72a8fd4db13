"""API schemas of year plans, monthly reports and warnings. Input (`...In`) and output
(`...Out`) apart. Money is 万元 with two decimals, as a string."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from taizhang.core.schemas import VERSION_IN, VERSION_OUT, PatchIn, Year
from taizhang.projects import warnings
from taizhang.projects.models import (
    Category,
    Nature,
    ReportStatus,
    WarningLevel,
    WarningRule,
)
from taizhang.projects.schemas.projects import UnitRefOut

# ---------------------------------------------------------------------------------------------
# Year plans


class YearPlanFilterIn(Schema):
    """Query parameters of the year plan list: the fields of `projects.filters.YearPlanFilter`."""

    year: Year | None = None
    nature: Nature | None = None
    category: Category | None = None
    is_key: bool | None = None
    over_1bn: bool | None = Field(None, description="Total investment of 10亿元 and more.")
    subdistrict: int | None = Field(None, description="Rows in this subdistrict (unit id).")
    unit: int | None = Field(None, description="Rows of this unit or a unit below it.")
    department: int | None = Field(None, description="Rows this department leads.")
    q: str | None = Field(None, description="Search in the project name.")
    ordering: str | None = Field(None, description="name, investment or planned; - reverses.")


class YearPlanOut(Schema):
    id: int
    version: int = VERSION_OUT
    year: int
    project_id: int
    nature: Nature = Field(description="新建 (new) or 续建 (continued), derived, never typed.")
    is_key: bool
    planned_investment_wan: Decimal
    name: str = Field(description="The project as the plan has it (a snapshot).")
    category: Category
    total_investment_wan: Decimal
    unit: UnitRefOut
    subdistrict: UnitRefOut | None
    lead_department_id: int | None
    planned_start: datetime.date | None
    planned_finish: datetime.date | None


class YearPlanTotalsOut(Schema):
    count: int
    total_investment_wan: Decimal
    planned_investment_wan: Decimal


class PlanRowUpdateIn(Schema):
    planned_investment_wan: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    is_key: bool | None = None
    reason: str = Field("", max_length=500)
    version: int | None = VERSION_IN


class PlanYearOut(Schema):
    year: int
    committed_at: datetime.datetime | None
    committed_by_id: int | None


class RolloverRowOut(Schema):
    project_id: int
    name: str
    nature: Nature
    is_key: bool
    category: Category
    total_investment_wan: Decimal
    stage: str

    @staticmethod
    def resolve_stage(obj: Any) -> str:
        return obj.project.stage


class RolloverOut(Schema):
    year: int
    next_year: int
    fingerprint: str = Field(description="Send it back to commit exactly this difference.")
    target_committed: bool
    counts: dict[str, int]
    continuing: list[RolloverRowOut]
    promoted: list[RolloverRowOut]
    dropping: list[RolloverRowOut]
    already: list[RolloverRowOut]

    @staticmethod
    def resolve_counts(obj: Any) -> dict[str, int]:
        return obj.counts()


class RolloverCommitIn(Schema):
    fingerprint: str = Field(max_length=64)


class RolloverDoneOut(Schema):
    year: int
    created: int


# ---------------------------------------------------------------------------------------------
# Monthly reports


class ReportFilterIn(Schema):
    project: int | None = None
    year: Year | None = None
    month: int | None = Field(None, ge=1, le=12)
    status: ReportStatus | None = None
    late: bool | None = None
    q: str | None = Field(None, description="Search in the project name.")


class MonthlyReportOut(Schema):
    id: int
    version: int = VERSION_OUT
    project_id: int
    project_name: str
    year: int
    month: int
    completed_wan: Decimal
    progress_text: str = Field(description="Image progress (形象进度).")
    started_on: datetime.date | None
    finished_on: datetime.date | None
    problems: str
    status: ReportStatus
    review_note: str
    filed_by_id: int | None
    filed_at: datetime.datetime | None
    approved_by_id: int | None
    approved_at: datetime.datetime | None
    is_late: bool

    @staticmethod
    def resolve_project_name(obj: Any) -> str:
        return obj.project.name


class _ReportFields(Schema):
    progress_text: str = ""
    started_on: datetime.date | None = None
    finished_on: datetime.date | None = None
    problems: str = ""
    submit: bool = Field(False, description="Submit to the programme office at once.")


class ReportCreateIn(_ReportFields):
    project_id: int
    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)
    completed_wan: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


class ReportUpdateIn(PatchIn):
    completed_wan: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    progress_text: str | None = None
    started_on: datetime.date | None = None
    finished_on: datetime.date | None = None
    problems: str | None = None
    submit: bool = False
    version: int | None = VERSION_IN


class ReportReturnIn(Schema):
    reason: str = Field(min_length=1, max_length=500)


class MissingIn(Schema):
    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)


# ---------------------------------------------------------------------------------------------
# Warnings


class WarningFilterIn(YearPlanFilterIn):
    month: int | None = Field(None, ge=1, le=12, description="Default: the current month.")
    level: WarningLevel | None = None


class WarningOut(Schema):
    plan_id: int
    project_id: int
    name: str
    year: int
    month: int
    unit: UnitRefOut
    subdistrict: UnitRefOut | None
    level: WarningLevel
    planned_investment_wan: Decimal
    completed_wan: Decimal = Field(description="Approved reports through the month.")
    completion_rate: Decimal | None = Field(description="Percent of the planned investment.")
    time_progress: Decimal = Field(description="Months elapsed / 12, in percent.")
    overdue_items: int
    reasons: list[str]

    @staticmethod
    def resolve_plan_id(obj: Any) -> int:
        return obj.pk

    @staticmethod
    def resolve_month(obj: Any) -> int:
        return obj.judged_month

    @staticmethod
    def resolve_level(obj: Any) -> str:
        return obj.warning_level

    @staticmethod
    def resolve_completed_wan(obj: Any) -> Decimal:
        return obj.completed_to_date

    @staticmethod
    def resolve_completion_rate(obj: Any) -> Decimal | None:
        return warnings.explain(obj, year=obj.year, month=obj.judged_month).completion_rate

    @staticmethod
    def resolve_time_progress(obj: Any) -> Decimal:
        return warnings.time_progress(obj.judged_month)

    @staticmethod
    def resolve_reasons(obj: Any) -> list[str]:
        return warnings.explain(obj, year=obj.year, month=obj.judged_month).reasons


class WarningRuleOut(Schema):
    kind: WarningRule.Kind
    label: str
    yellow_from: Decimal
    red_from: Decimal
    is_active: bool
    version: int = VERSION_OUT

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class WarningRuleUpdateIn(Schema):
    yellow_from: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=2)
    red_from: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=2)
    is_active: bool | None = None
    reason: str = Field("", max_length=500)
    version: int | None = VERSION_IN
