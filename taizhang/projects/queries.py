"""Statistics of the project bank (项目统计): the figures of the bulletin, the dashboard and
`GET /api/v1/projects/stats`, for a year and month, over the year plan's rows.

Every figure is an aggregate over `YearPlanFilter(params).qs` narrowed by one more filter of
that same FilterSet, and carries the query string of that narrowing (`links`), so the list
page opened from a figure shows exactly the rows it counts. Definitions:

- The figures of a year count its plan rows (the year's snapshot: nature, category, total
  investment, units). `count_over_1bn`: total investment ≥ 10亿元 (100000万元).
- Month M: the one asked; by default 12 for past years, the last complete month for the
  current year (0 in January, and for future years). Time progress = M / 12.
- Completed to date: approved monthly reports (maker-checker) of the rows' projects for the
  year, months 1..M. Completion rate = completed / annual planned investment (None when
  nothing is planned); points = (completion rate − time progress) × 100, positive = ahead.
- Planned starts: rows whose planned start falls in January..M of the year. Actual starts:
  rows whose project started (actual start) in that period. Start rate = planned starts that
  have started by the end of M (whenever they started) / planned starts.
- Completions: rows whose project finished (actual finish) in January..M of the year.
- Reserve conversion rate: of the year's 新建 rows, the share whose project came out of the
  reserve (储备): its stage timeline records it leaving 储备 for 年度建设 or 重点 (approved or
  moved) by the end of month M. The rest entered the plan without passing through the reserve.
  It measures how much of the year's new construction the reserve pipeline feeds (滚动接续).
- Year-on-year: the same figures for the same months of Y − 1 over the same filters, and the
  change (difference, and growth rate where the base is not zero).
- Money is Decimal 万元 with two places; rates are Decimal fractions with four places (0.9720
  is 97.2%); points have one place. `as_json()` turns money into strings, rates into numbers.

The queries are a constant handful whatever the number of rows: one grouped conditional
aggregate for both years, one of the plan rows' approved investment by month
(`PlanProgress`, summed by category, nature, subdistrict and department in
`completed.completed_by_month`, which also feeds the breakdowns), and one each for the
subdistrict and department breakdowns.
"""

from __future__ import annotations

import calendar
import datetime
import operator
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum

from taizhang.core.access import reads_everything
from taizhang.core.models import Unit
from taizhang.lib import clock
from taizhang.projects.completed import completed_by_month
from taizhang.projects.filters.projects import (
    DEPARTMENTS,
    SUBDISTRICTS,
    YearPlanFilter,
    reserve_exits,
)
from taizhang.projects.models import (
    ONE_BILLION_WAN,
    Category,
    Nature,
    YearPlan,
)

CENT = Decimal("0.01")
RATE = Decimal("0.0001")
POINT = Decimal("0.1")
ZERO = Decimal("0.00")
# Parameters that are not filters of the rows: the period is set by `year` and `month`.
NOT_FILTERS = {"year", "month", "ordering", "page", "per_page", "format", "sort"}


def filter_names() -> list[str]:
    return [name for name in YearPlanFilter.base_filters if name not in NOT_FILTERS]


def clean_params(params: Any) -> dict[str, str]:
    """The YearPlanFilter parameters of a request's GET (or a dict), blanks dropped."""
    if params is None:
        return {}
    getter = params.get
    names = filter_names()
    values = {name: getter(name) for name in names}
    return {
        name: str(value).lower() if isinstance(value, bool) else str(value)
        for name, value in values.items()
        if value not in (None, "")
    }


def default_month(year: int) -> int:
    today = clock.today()
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month - 1


def period_end(year: int, month: int) -> datetime.date:
    """The last day of month `month` of `year`; the eve of the year when month is 0."""
    if month == 0:
        return datetime.date(year, 1, 1) - datetime.timedelta(days=1)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def plan_filterset(params: dict[str, str], user: Any) -> YearPlanFilter:
    """The bound, valid FilterSet over the rows `user` may see (all rows without a user).
    Choices of units are checked as the list page checks them, for the same user."""
    rows = YearPlan.objects.all() if user is None else YearPlan.objects.for_user(user)
    request = None if user is None else SimpleNamespace(user=user)
    filterset = YearPlanFilter(params, queryset=rows, request=request)
    if not filterset.is_valid():
        raise ValidationError({name: list(messages) for name, messages in filterset.errors.items()})
    return filterset


def link(base: dict[str, str], year: int, **extra: Any) -> str | None:
    """The query string of the list behind a figure: the figure's filters on top of the page's.
    None when a filter of the figure contradicts one of the page (the figure is then 0)."""
    extra = {
        key: str(value).lower() if isinstance(value, bool) else str(value)
        for key, value in extra.items()
    }
    if any(key in base and base[key] != value for key, value in extra.items()):
        return None
    return urlencode(sorted({**base, **extra, "year": str(year)}.items()))


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATE, rounding=ROUND_HALF_UP)


def money(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(CENT, rounding=ROUND_HALF_UP)


class Period:
    """January..M of a year, and the filters and conditions that select rows within it."""

    def __init__(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.first = datetime.date(year, 1, 1)
        self.last = period_end(year, month)

    def planned(self) -> dict[str, datetime.date]:
        return {"planned_start_after": self.first, "planned_start_before": self.last}

    def started(self) -> dict[str, datetime.date]:
        return {"started_after": self.first, "started_before": self.last}

    def finished(self) -> dict[str, datetime.date]:
        return {"finished_after": self.first, "finished_before": self.last}

    def left_reserve(self) -> dict[str, str | datetime.date]:
        return {"nature": Nature.NEW, "left_reserve_before": self.last}

    def conditions(self) -> dict[str, Q]:
        """Per figure, the condition on a plan row of this year (matching `links`)."""
        in_year = Q(year=self.year)
        planned = Q(planned_start__gte=self.first, planned_start__lte=self.last)
        # The rows of the list's filter, tested against one set of the projects that left the
        # reserve (a hashed subplan) rather than by an EXISTS per row.
        leavers = reserve_exits("left_reserve_before", self.last).values("project_id")
        left = Q(project_id__in=leavers)
        conditions = {
            "count": Q(),
            "new": Q(nature=Nature.NEW),
            "continued": Q(nature=Nature.CONTINUED),
            "over_1bn": Q(total_investment_wan__gte=ONE_BILLION_WAN),
            "key": Q(is_key=True),
            "planned_starts": planned,
            "started_of_planned": planned & Q(project__actual_start__lte=self.last),
            "actual_starts": Q(
                project__actual_start__gte=self.first, project__actual_start__lte=self.last
            ),
            "completions": Q(
                project__actual_finish__gte=self.first, project__actual_finish__lte=self.last
            ),
            "reserve_converted": Q(nature=Nature.NEW) & left,
        }
        conditions.update({category: Q(category=category) for category in Category.values})
        return {name: in_year & condition for name, condition in conditions.items()}

    def links(self, base: dict[str, str]) -> dict[str, str | None]:
        year = self.year
        return {
            "count": link(base, year),
            "new": link(base, year, nature=Nature.NEW),
            "continued": link(base, year, nature=Nature.CONTINUED),
            "over_1bn": link(base, year, over_1bn=True),
            "key": link(base, year, is_key=True),
            "planned_starts": link(base, year, **self.planned()),
            "started_of_planned": link(base, year, **self.planned(), started_before=self.last),
            "actual_starts": link(base, year, **self.started()),
            "completions": link(base, year, **self.finished()),
            "reserve_converted": link(base, year, **self.left_reserve()),
            **{category: link(base, year, category=category) for category in Category.values},
        }


# Figures counted by a condition of their own; the count, nature and category figures come
# from the grouping of `_row_aggregates`.
COUNTED = (
    "over_1bn",
    "key",
    "planned_starts",
    "started_of_planned",
    "actual_starts",
    "completions",
    "reserve_converted",
)
SUMMED = ("count", *Nature.values, *Category.values)


def _row_aggregates(rows: QuerySet, periods: list[Period]) -> dict[str, Any]:
    """One query: both years' rows grouped by year, nature and category (a dozen groups), with
    a conditional count of each other figure. A condition is the two years' conditions joined
    by OR, each of which holds only for rows of its own year. Ten aggregates to build and
    compile instead of one per figure and year (issue 18: building that query was 41 % of a
    dashboard request). Returns {"<year>:<figure>:n"|":total"|":plan": value}."""
    conditions = [period.conditions() for period in periods]
    counted = {
        name: Count("id", filter=reduce(operator.or_, (each[name] for each in conditions)))
        for name in COUNTED
    }
    groups = (
        rows.values("year", "nature", "category")
        .annotate(
            n=Count("id"),
            total=Sum("total_investment_wan"),
            plan=Sum("planned_investment_wan"),
            **counted,
        )
        .order_by()
    )
    totals: dict[str, Any] = {}
    for period in periods:
        for name in (*SUMMED, *COUNTED):
            totals[f"{period.year}:{name}:n"] = 0
        for name in SUMMED:
            totals[f"{period.year}:{name}:total"] = totals[f"{period.year}:{name}:plan"] = None
    for group in groups:
        year = group["year"]
        for name in ("count", group["nature"], group["category"]):
            key = f"{year}:{name}"
            if f"{key}:n" not in totals:
                continue
            totals[f"{key}:n"] += group["n"]
            for kind in ("total", "plan"):
                if group[kind] is not None:
                    totals[f"{key}:{kind}"] = (totals[f"{key}:{kind}"] or 0) + group[kind]
        for name in COUNTED:
            totals[f"{year}:{name}:n"] += group[name]
    return totals


def _year_figures(
    period: Period, totals: dict[str, Any], done: dict[tuple, Decimal], base: dict[str, str]
) -> dict[str, Any]:
    def n(name: str) -> int:
        return totals[f"{period.year}:{name}:n"]

    def wan(name: str, kind: str = "total") -> Decimal:
        return money(totals[f"{period.year}:{name}:{kind}"])

    def completed(**match: Any) -> Decimal:
        return money(
            sum(
                (
                    value
                    for (year, month, category, nature), value in done.items()
                    if year == period.year
                    and month <= period.month
                    and match.get("category", category) == category
                    and match.get("nature", nature) == nature
                ),
                ZERO,
            )
        )

    links = period.links(base)
    plan = wan("count", "plan")
    completed_wan = completed()
    rate = ratio(completed_wan, plan)
    time_progress = ratio(period.month, 12)

    def group(key: str, label: str, **match: Any) -> dict[str, Any]:
        return {
            "key": key,
            "name": label,
            "count": n(key),
            "total_investment_wan": wan(key),
            "annual_plan_wan": wan(key, "plan"),
            "completed_wan": completed(**match),
            "link": links[key],
        }

    return {
        "year": period.year,
        "month": period.month,
        "time_progress": time_progress,
        "count": n("count"),
        "total_investment_wan": wan("count"),
        "by_nature": {"new": n("new"), "continued": n("continued")},
        "by_category": {category: n(category) for category in Category.values},
        "count_over_1bn": n("over_1bn"),
        "key_count": n("key"),
        "annual_plan_wan": plan,
        "completed_wan": completed_wan,
        "completion_rate": rate,
        "points_vs_time_progress": None
        if plan == 0
        else ((completed_wan / plan - Decimal(period.month) / 12) * 100).quantize(
            POINT, rounding=ROUND_HALF_UP
        ),
        "planned_starts": n("planned_starts"),
        "started_of_planned": n("started_of_planned"),
        "start_rate": ratio(n("started_of_planned"), n("planned_starts")),
        "actual_starts": n("actual_starts"),
        "completions": n("completions"),
        "reserve_converted": n("reserve_converted"),
        "reserve_conversion_rate": ratio(n("reserve_converted"), n("new")),
        "categories": [
            group(value, str(label), category=value) for value, label in Category.choices
        ],
        "natures": [group(value, str(label), nature=value) for value, label in Nature.choices],
        "links": links,
    }


def _change(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    change: dict[str, Any] = {}
    for key in ("count", "total_investment_wan", "annual_plan_wan", "completed_wan"):
        change[key] = current[key] - previous[key]
        growth = ratio(current[key] - previous[key], previous[key])
        change[key.removesuffix("_wan") + "_growth"] = growth
    for key in ("completion_rate", "start_rate", "reserve_conversion_rate"):
        both = current[key] is not None and previous[key] is not None
        change[key] = current[key] - previous[key] if both else None
    for key in ("planned_starts", "actual_starts", "completions", "count_over_1bn"):
        change[key] = current[key] - previous[key]
    return change


def _breakdown(
    rows: QuerySet,
    period: Period,
    field: str,
    base: dict[str, str],
    linkable: set[int],
    param: str,
    done_by_unit: dict[tuple, Decimal],
) -> list[dict[str, Any]]:
    """One query: the year's rows grouped by a unit field; their completed investment is
    summed from `done_by_unit`, the year's reports grouped by subdistrict and department."""
    groups = (
        rows.filter(year=period.year)
        .values(f"{field}_id", f"{field}__name")
        .annotate(
            count=Count("id"),
            total=Sum("total_investment_wan"),
            plan=Sum("planned_investment_wan"),
        )
        .order_by("-total", f"{field}__name")
    )
    position = 4 if field == "subdistrict" else 5
    done: dict[int | None, Decimal] = {}
    for key, value in done_by_unit.items():
        if key[0] == period.year and key[1] <= period.month:
            done[key[position]] = done.get(key[position], ZERO) + value
    return [
        {
            "id": group[f"{field}_id"],
            "name": group[f"{field}__name"] or "",
            "count": group["count"],
            "total_investment_wan": money(group["total"]),
            "annual_plan_wan": money(group["plan"]),
            "completed_wan": money(done.get(group[f"{field}_id"])),
            "link": link(base, period.year, **{param: group[f"{field}_id"]})
            if group[f"{field}_id"] in linkable
            else None,
        }
        for group in groups
    ]


def _linkable_units(user: Any, base_rows: QuerySet, year: int) -> set[int]:
    """Units a breakdown may link to: those the list page's unit filters accept for `user`."""
    subdistricts = base_rows.filter(year=year).values("subdistrict_id")
    departments = base_rows.filter(year=year).values("lead_department_id")
    units = Unit.objects.filter(
        Q(pk__in=subdistricts, kind__in=SUBDISTRICTS) | Q(pk__in=departments, kind__in=DEPARTMENTS)
    )
    if user is not None and not reads_everything(user):
        units = units.for_user(user)
    return set(units.values_list("pk", flat=True))


def scope_name(filterset: YearPlanFilter, user: Any) -> str:
    """Whose figures these are, as the bulletin names them: 全区 or a unit."""
    data = filterset.form.cleaned_data
    for name in ("unit", "subdistrict", "department"):
        if data.get(name):
            return data[name].name
    if user is not None and not reads_everything(user) and user.unit_id:
        return user.unit.name
    return "全区"


def year_stats(
    *, year: int, month: int | None = None, params: Any = None, user: Any = None
) -> dict[str, Any]:
    """The statistics of `year` up to `month` over the plan rows `user` may see that match
    `params` (YearPlanFilter parameters); the same figures for the year before under
    "previous", and the difference under "change". Raises ValidationError on bad filters."""
    month_given = month is not None
    if month is None:
        month = default_month(year)
    if not 0 <= month <= 12:
        raise ValidationError({"month": ["The month must be from 1 to 12."]})
    base = clean_params(params)
    filterset = plan_filterset(base, user)
    rows = filterset.qs.order_by()
    periods = [Period(year, month), Period(year - 1, month)]
    both = rows.filter(year__in=[year, year - 1])
    totals = _row_aggregates(both, periods)
    # One query of both years' plan progress serves the figures, the monthly series
    # and the two breakdowns (summed in Python over a few hundred groups at most).
    done_by_unit = completed_by_month(rows, [year, year - 1])
    done: dict[tuple, Decimal] = {}
    for key, value in done_by_unit.items():
        done[key[:4]] = done.get(key[:4], ZERO) + value
    stats = _year_figures(periods[0], totals, done, base)
    previous = _year_figures(periods[1], totals, done, base)
    linkable = _linkable_units(user, rows, year)
    stats.update(
        scope_name=scope_name(filterset, user),
        month_given=month_given,
        params=base,
        subdistricts=_breakdown(
            rows, periods[0], "subdistrict", base, linkable, "subdistrict", done_by_unit
        ),
        departments=_breakdown(
            rows, periods[0], "lead_department", base, linkable, "department", done_by_unit
        ),
        monthly=_monthly(year, done, stats["annual_plan_wan"]),
        previous={
            key: value
            for key, value in previous.items()
            if key not in ("categories", "natures", "month")
        },
        change=_change(stats, previous),
    )
    return stats


def _monthly(year: int, done: dict[tuple, Decimal], plan: Decimal) -> list[dict[str, Any]]:
    """Investment completed each month of the year, cumulative, and the time-progress target."""
    series, cumulative = [], ZERO
    for month in range(1, 13):
        value = money(
            sum((v for (y, m, _c, _n), v in done.items() if y == year and m == month), ZERO)
        )
        cumulative += value
        series.append(
            {
                "month": month,
                "completed_wan": value,
                "cumulative_wan": cumulative,
                "target_wan": money(plan * month / 12),
                "cumulative_rate": ratio(cumulative, plan),
            }
        )
    return series


def over_billion_rows(*, year: int, params: Any = None, user: Any = None, limit: int = 50):
    """The year's rows of 10亿元 and more, largest first (the dashboard's list)."""
    rows = plan_filterset(clean_params(params), user).qs.filter(
        year=year, total_investment_wan__gte=ONE_BILLION_WAN
    )
    return rows.select_related("subdistrict").order_by("-total_investment_wan", "id")[:limit]


def located_rows(*, year: int, params: Any = None, user: Any = None) -> QuerySet:
    """The year's plan rows (as filtered) whose project has coordinates: the map's points."""
    return plan_filterset(clean_params(params), user).qs.filter(
        year=year, project__longitude__isnull=False, project__latitude__isnull=False
    )


def map_points(*, year: int, params: Any = None, user: Any = None, limit: int = 5000):
    """The year's rows whose project has coordinates: id, name, longitude, latitude."""
    rows = located_rows(year=year, params=params, user=user)
    return list(
        rows.order_by("-total_investment_wan", "id").values(
            "project_id",
            "name",
            "category",
            "total_investment_wan",
            "project__longitude",
            "project__latitude",
        )[:limit]
    )


def as_json(value: Any, key: str = "") -> Any:
    """The statistics as JSON values: money (keys ending in _wan) as decimal strings, rates
    and points as numbers, dates as ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(item, key) for item in value]
    if isinstance(value, Decimal):
        return str(value) if key.endswith("_wan") else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
