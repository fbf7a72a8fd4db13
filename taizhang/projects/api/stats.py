"""Statistics of the project bank in the API: the figures (GET /projects/stats), the bulletin's
text and its .docx. Scoped to the caller's plan rows, filtered by the year plan list's
parameters; each figure's `links` entry is the query string of the list behind it."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as RequestValidationError

from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import with_errors
from taizhang.projects import aggregates, bulletin, queries
from taizhang.projects.models import Category, Nature
from taizhang.projects.views.stats import DOCX, absolute_list_url, list_url

router = Router(tags=["statistics"])


class StatsIn(Schema):
    year: int = Field(..., ge=1900, le=2200, description="The plan year.")
    month: int | None = Field(
        None,
        ge=0,
        le=12,
        description="Up to this month (default: 12 for a past year, the last complete month "
        "for the current year).",
    )
    nature: Nature | None = None
    category: Category | None = None
    is_key: bool | None = None
    over_1bn: bool | None = Field(None, description="Total investment of 10亿元 and more.")
    subdistrict: int | None = Field(None, description="A subdistrict's id: it and below.")
    unit: int | None = Field(None, description="A responsible unit's id: it and below.")
    department: int | None = Field(None, description="A lead department's id.")
    q: str | None = Field(None, description="Part of the project name.")
    planned_start_after: datetime.date | None = None
    planned_start_before: datetime.date | None = None
    started_after: datetime.date | None = None
    started_before: datetime.date | None = None
    finished_after: datetime.date | None = None
    finished_before: datetime.date | None = None
    left_reserve_after: datetime.date | None = None
    left_reserve_before: datetime.date | None = None


class ByNatureOut(Schema):
    new: int
    continued: int


class ByCategoryOut(Schema):
    industry: int
    infrastructure: int
    livelihood: int


class StatsGroupOut(Schema):
    key: str | None = None
    id: int | None = None
    name: str
    count: int
    total_investment_wan: str
    annual_plan_wan: str
    completed_wan: str
    link: str | None = Field(description="Query string of the year-plan list behind it.")


class MonthOut(Schema):
    month: int
    completed_wan: str
    cumulative_wan: str
    target_wan: str = Field(description="Annual plan × month / 12 (time progress).")
    cumulative_rate: float | None


class YearFiguresOut(Schema):
    year: int
    count: int
    total_investment_wan: str
    by_nature: ByNatureOut
    by_category: ByCategoryOut
    count_over_1bn: int
    key_count: int
    annual_plan_wan: str
    completed_wan: str
    completion_rate: float | None
    time_progress: float
    points_vs_time_progress: float | None
    planned_starts: int
    started_of_planned: int
    start_rate: float | None
    actual_starts: int
    completions: int
    reserve_converted: int
    reserve_conversion_rate: float | None
    links: dict[str, str | None]


class YearOnYearOut(Schema):
    count: int
    count_growth: float | None
    total_investment_wan: str
    total_investment_growth: float | None
    annual_plan_wan: str
    annual_plan_growth: float | None
    completed_wan: str
    completed_growth: float | None
    completion_rate: float | None
    start_rate: float | None
    reserve_conversion_rate: float | None
    planned_starts: int
    actual_starts: int
    completions: int
    count_over_1bn: int


class StatsOut(YearFiguresOut):
    """The figures of a year up to a month. Money in 万元 as decimal strings; rates as
    fractions with four places (0.972 = 97.2%); points with one place."""

    month: int
    scope_name: str
    categories: list[StatsGroupOut]
    natures: list[StatsGroupOut]
    subdistricts: list[StatsGroupOut]
    departments: list[StatsGroupOut]
    monthly: list[MonthOut]
    previous: YearFiguresOut = Field(description="The same figures for the year before.")
    change: YearOnYearOut


class BulletinPartOut(Schema):
    text: str
    link: str | None


class BulletinOut(Schema):
    year: int
    month: int
    title: str
    text: str = Field(description="The seed-style paragraph, then the monthly sentence.")
    paragraphs: list[list[BulletinPartOut]]


def _stats(request: AuthedRequest, filters: StatsIn) -> dict[str, Any]:
    params = filters.model_dump(exclude_none=True, exclude={"year", "month"})
    try:
        return aggregates.year_stats(
            year=filters.year, month=filters.month, params=params, user=request.user
        )
    except ValidationError as error:
        raise RequestValidationError(
            [
                {"loc": ("query", name), "msg": message, "type": "invalid"}
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error


@router.get("/projects/stats", response=with_errors({200: StatsOut}, 422))
def project_stats(request: AuthedRequest, filters: Query[StatsIn]) -> Any:
    """Statistics of the caller's plan rows for a year: count, total investment, new and
    continued, by category, 10亿元 and more, planned and completed investment, completion
    rate against time progress, starts, completions, reserve conversion, year-on-year, and
    breakdowns by category, nature, subdistrict, lead department and month."""
    return queries.as_json(_stats(request, filters))


@router.get("/projects/stats/bulletin", response=with_errors({200: BulletinOut}, 422))
def project_bulletin(request: AuthedRequest, filters: Query[StatsIn]) -> Any:
    """The Chinese bulletin (统计简报) of the same figures: `text` is the seed-style paragraph
    and the monthly sentence; `paragraphs` add starts and the year-on-year, each figure with
    the query string of its list."""
    stats = _stats(request, filters)
    return {
        "year": stats["year"],
        "month": stats["month"],
        "title": bulletin.title_text(stats),
        "text": bulletin.bulletin_text(stats),
        "paragraphs": [
            [{"text": text, "link": list_url(query) or query} for text, query in paragraph]
            for paragraph in bulletin.bulletin_parts(stats)
        ],
    }


@router.get(
    "/projects/stats/bulletin.docx",
    response=with_errors({200: None}, 422),
    openapi_extra={"responses": {200: {"content": {DOCX: {}}, "description": "A .docx file"}}},
)
def project_bulletin_docx(request: AuthedRequest, filters: Query[StatsIn]) -> HttpResponse:
    """The bulletin as a Word document, every figure a hyperlink to its list."""
    stats = _stats(request, filters)
    content = bulletin.bulletin_docx(stats, url_of=lambda q: absolute_list_url(request, q))
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="bulletin-{stats["year"]}-{stats["month"]:02d}.docx"'
    )
    return response
