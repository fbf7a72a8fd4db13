"""Statistics pages of the project bank: the dashboard (项目看板), its chart feed, and the
bulletin (统计简报) as a page and as .docx. Every figure links to the year-plan list with the
same filters, so the number and the list behind it agree (see queries.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from taizhang.core.aggregates import tables_read
from taizhang.core.requests import AuthedRequest
from taizhang.lib.deferred import Deferred
from taizhang.projects import aggregates, bulletin, periods, queries
from taizhang.projects.filters.projects import YearPlanFilter
from taizhang.projects.models import WarningLevel

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url_or_none(name: str, *args: Any) -> str | None:
    """A URL of another page of the project bank, or None while it is not there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def list_url(query: str | None) -> str | None:
    """The year-plan list behind a figure."""
    base = url_or_none("yearplan-list")
    return f"{base}?{query}" if base and query is not None else None


def period_of(request: AuthedRequest) -> tuple[int, int | None, list[str]]:
    """?year=&month= from the query, with what was wrong with them."""
    errors: list[str] = []
    year: int | None = None
    month: int | None = None
    if request.GET.get("year"):
        try:
            year = int(request.GET["year"])
            if not 1900 <= year <= 2200:
                raise ValueError
        except ValueError:
            errors.append(_("The year must be a year such as 2022."))
            year = None
    if request.GET.get("month"):
        try:
            month = int(request.GET["month"])
            if not 0 <= month <= 12:
                raise ValueError
        except ValueError:
            errors.append(_("The month must be from 1 to 12."))
            month = None
    return year or periods.default_year(), month, errors


def stats_for(request: AuthedRequest) -> tuple[dict[str, Any] | None, list[str]]:
    year, month, errors = period_of(request)
    try:
        stats = aggregates.year_stats(year=year, month=month, params=request.GET, user=request.user)
    except ValidationError as error:
        return None, errors + error.messages
    return stats, errors


def cards(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """The headline figures, each with the list behind it."""
    links = stats["links"]

    def card(label: str, value: Any, key: str | None = "count") -> dict[str, Any]:
        return {"label": label, "value": value, "url": list_url(links[key]) if key else None}

    rate = bulletin.rate_percent
    points = stats["points_vs_time_progress"]
    return [
        card(_("Projects"), stats["count"]),
        card(_("Total investment"), bulletin.total_text(stats["total_investment_wan"])),
        card(_("New"), stats["by_nature"]["new"], "new"),
        card(_("Continued"), stats["by_nature"]["continued"], "continued"),
        card(_("10亿元 and more"), stats["count_over_1bn"], "over_1bn"),
        card(_("Key projects"), stats["key_count"], "key"),
        card(_("Annual planned investment"), bulletin.total_text(stats["annual_plan_wan"])),
        card(_("Completed to date"), bulletin.total_text(stats["completed_wan"])),
        card(_("Completion rate"), rate(stats["completion_rate"])),
        card(_("Time progress"), rate(stats["time_progress"]), None),
        card(
            _("Points ahead of time progress"),
            "—" if points is None else f"{points:+}",
        ),
        card(_("Planned starts"), stats["planned_starts"], "planned_starts"),
        card(_("Started of planned"), stats["started_of_planned"], "started_of_planned"),
        card(_("Start rate"), rate(stats["start_rate"]), "planned_starts"),
        card(_("Actual starts"), stats["actual_starts"], "actual_starts"),
        card(_("Completions"), stats["completions"], "completions"),
        card(_("Converted from the reserve"), stats["reserve_converted"], "reserve_converted"),
        card(_("Reserve conversion rate"), rate(stats["reserve_conversion_rate"]), "new"),
    ]


def warning_counts(stats: dict[str, Any], user: Any) -> list[dict[str, Any]] | None:
    """Projects by warning level (预警), linked to the warning list with the same filters."""
    month = max(stats["month"], 1)
    counts = aggregates.warning_counts(
        year=stats["year"], month=month, params=stats["params"], user=user
    )
    base = url_or_none("warning-list")
    labels = dict(WarningLevel.choices)
    result = []
    for level, count in counts.items():
        query = queries.link(stats["params"], stats["year"], month=month, level=level)
        url = f"{base}?{query}" if base and query else None
        result.append({"level": level, "name": labels[level], "value": count, "url": url})
    return result


def _stats_and_reads(request: AuthedRequest) -> tuple[dict[str, Any] | None, list[str], set[str]]:
    """stats_for, with the tables the statistics were worked out from, which the kept part of
    a page showing them names (`{% cached_reads … reads=stats_reads %}`)."""
    with tables_read() as stats_reads:
        stats, errors = stats_for(request)
    return stats, errors, stats_reads


@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    stats, errors, stats_reads = _stats_and_reads(request)
    context: dict[str, Any] = {
        "filter": YearPlanFilter(request.GET, request=request),
        "errors": errors,
        "stats": stats,
        "stats_reads": stats_reads,
        "active_nav": "projects",
    }
    if stats is not None:
        year, params, user = stats["year"], stats["params"], request.user
        context.update(
            year=year,
            month=stats["month"],
            query=request.GET.urlencode(),
            parts=Deferred(
                cards=lambda: cards(stats),
                big=lambda: [
                    (row, url_or_none("project-detail", row.project_id))
                    for row in aggregates.over_billion_rows(year=year, params=params, user=user)
                ],
                over_1bn_url=lambda: list_url(stats["links"]["over_1bn"]),
                subdistricts=lambda: [(g, list_url(g["link"])) for g in stats["subdistricts"]],
                departments=lambda: [(g, list_url(g["link"])) for g in stats["departments"]],
                warnings=lambda: warning_counts(stats, user),
                located=lambda: aggregates.located_count(year=year, params=params, user=user),
            ),
        )
    return render(request, "projects/dashboard.html", context)


def _chart_groups(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "name": group["name"] or _("(none)"),
            "value": group["count"],
            "total_wan": str(group["total_investment_wan"]),
            "url": list_url(group["link"]),
        }
        for group in groups
    ]


@require_GET
def dashboard_data(request: AuthedRequest) -> JsonResponse:
    """The dashboard's charts as JSON: each point carries the URL of the list behind it."""
    stats, errors = stats_for(request)
    if stats is None:
        return JsonResponse({"detail": " ".join(errors)}, status=400)
    rows_url = list_url(stats["links"]["count"])
    points = aggregates.map_points(year=stats["year"], params=stats["params"], user=request.user)
    return JsonResponse(
        {
            "year": stats["year"],
            "month": stats["month"],
            "categories": _chart_groups(stats["categories"]),
            "natures": _chart_groups(stats["natures"]),
            "subdistricts": _chart_groups(stats["subdistricts"]),
            "departments": _chart_groups(stats["departments"]),
            "monthly": {
                "url": rows_url,
                "plan_wan": str(stats["annual_plan_wan"]),
                "months": [row["month"] for row in stats["monthly"]],
                "cumulative_wan": [str(row["cumulative_wan"]) for row in stats["monthly"]],
                "target_wan": [str(row["target_wan"]) for row in stats["monthly"]],
            },
            "warnings": warning_counts(stats, request.user),
            "map": [
                {
                    "name": point["name"],
                    "value": [
                        float(point["project__longitude"]),
                        float(point["project__latitude"]),
                        str(point["total_investment_wan"]),
                    ],
                    "category": point["category"],
                    "url": url_or_none("project-detail", point["project_id"]),
                }
                for point in points
            ],
            "labels": {
                "cumulative": _("Completed, cumulative (10k yuan)"),
                "target": _("Time progress target (10k yuan)"),
                "plan": _("Annual plan"),
                "projects": _("Projects"),
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def bulletin_page(request: AuthedRequest) -> HttpResponse:
    stats, errors, stats_reads = _stats_and_reads(request)
    context: dict[str, Any] = {
        "filter": YearPlanFilter(request.GET, request=request),
        "errors": errors,
        "stats": stats,
        "stats_reads": stats_reads,
        "active_nav": "projects",
        "query": request.GET.urlencode(),
    }
    if stats is not None:
        context["parts"] = Deferred(
            title=lambda: bulletin.title_text(stats),
            paragraphs=lambda: [
                [(text, list_url(query)) for text, query in paragraph]
                for paragraph in bulletin.bulletin_parts(stats)
            ],
            rows=lambda: [
                (name, group, list_url(group["link"])) for name, group in bulletin.table_rows(stats)
            ],
            total_url=lambda: list_url(stats["links"]["count"]),
        )
    return render(request, "projects/bulletin.html", context)


@require_GET
def bulletin_download(request: AuthedRequest) -> HttpResponse:
    stats, errors = stats_for(request)
    if stats is None:
        return HttpResponse(" ".join(errors), status=400, content_type="text/plain")
    content = bulletin.bulletin_docx(stats, url_of=lambda q: absolute_list_url(request, q))
    response = HttpResponse(content, content_type=DOCX)
    filename = f"bulletin-{stats['year']}-{stats['month']:02d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def absolute_list_url(request: AuthedRequest, query: str) -> str | None:
    url = list_url(query)
    return request.build_absolute_uri(url) if url else None
