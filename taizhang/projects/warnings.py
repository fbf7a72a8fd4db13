"""Warnings (预警): green, yellow or red per project of a year's plan, from the rules the
programme office edits (WarningRule; see its docstring for the semantics).

The levels are computed in SQL over any queryset of plan rows, so a list can filter, count
and page by level: cumulative approved completion through the month is a subquery, compared
with the planned investment × months/12 without division; a planned start passed without a
start is a date comparison; overdue coordination items are a count of open assignments past
their deadline whose item is about the project. Only approved reports count (maker-checker).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from taizhang.lib import clock
from taizhang.projects import periods
from taizhang.projects.models import (
    MONEY,
    OPEN_STAGES,
    MonthlyReport,
    Project,
    ReportStatus,
    WarningLevel,
    WarningRule,
    YearPlan,
)
from taizhang.supervision import queries as supervision_queries

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class WarningFields(TypedDict):
        completed_to_date: Decimal
        completed_x1200: Decimal
        overdue_items: int
        time_level: int
        start_level: int
        items_level: int
        level_rank: int
        warning_level: str

    # A plan row as annotate_warnings returns it.
    WarnedPlan = WithAnnotations[YearPlan, WarningFields]

LEVELS = (WarningLevel.GREEN, WarningLevel.YELLOW, WarningLevel.RED)
HUNDRED = Decimal("100")


def default_period(year: int | None = None, month: int | None = None) -> tuple[int, int]:
    """The year and month to judge: by default the year pages open on; in the current year
    the current month by the clock, December of a past year."""
    today = clock.today()
    year = year or periods.default_year()
    if month is None:
        month = today.month if year == today.year else (12 if year < today.year else 1)
    return year, month


def time_progress(month: int) -> Decimal:
    """时间进度 in percent: months elapsed / 12."""
    return (Decimal(month) * HUNDRED / 12).quantize(Decimal("0.1"))


def _month_start(index: int) -> datetime.date:
    """The first day of month number `index` counted as year * 12 + (month - 1)."""
    return datetime.date(index // 12, index % 12 + 1, 1)


def active_rules() -> dict[str, WarningRule]:
    return {rule.kind: rule for rule in WarningRule.objects.filter(is_active=True)}


# ---------------------------------------------------------------------------------------------
# Levels in SQL


def _level(yellow: Q | None, red: Q | None) -> models.Expression:
    whens = []
    if red is not None:
        whens.append(When(red, then=Value(2)))
    if yellow is not None:
        whens.append(When(yellow, then=Value(1)))
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _behind_at_least(points: Decimal, month: int, *, strictly: bool) -> Q:
    """Completion at least (or more than) `points` behind time progress, without dividing:
    completed × 1200 ≤ planned × (month × 100 − 12 × points)."""
    factor = Decimal(month) * HUNDRED - 12 * points
    lookup = "lt" if strictly else "lte"
    return Q(planned_investment_wan__gt=0) & Q(
        **{f"completed_x1200__{lookup}": F("planned_investment_wan") * Value(factor)}
    )


def _start_passed(months: Decimal, year: int, month: int) -> Q:
    """The planned start month is at least `months` months before (year, month)."""
    whole_months = int(months.to_integral_value(rounding=ROUND_CEILING))
    cutoff = _month_start(year * 12 + month - whole_months)
    return Q(planned_start__lt=cutoff, project__actual_start__isnull=True)


def annotate_warnings(
    plans: models.QuerySet[YearPlan], *, year: int, month: int, today: datetime.date | None = None
) -> models.QuerySet[WarnedPlan]:
    """Plan rows of `year` annotated with completed_to_date, overdue_items, the level of each
    rule (0 green, 1 yellow, 2 red) and `warning_level` (green/yellow/red). Finished and
    dropped projects are green."""
    today = today or clock.today()
    rules = active_rules()
    completed = (
        MonthlyReport.objects.filter(
            project_id=OuterRef("project_id"),
            year=year,
            month__lte=month,
            status=ReportStatus.APPROVED,
        )
        .order_by()
        .values("project_id")
        .annotate(total=Sum("completed_wan"))
        .values("total")
    )
    money = models.DecimalField(**MONEY)
    plans = plans.filter(year=year).annotate(
        completed_to_date=Coalesce(Subquery(completed, output_field=money), Value(Decimal(0))),
        completed_x1200=F("completed_to_date") * Value(Decimal(1200)),
        overdue_items=supervision_queries.overdue_count_of(Project, OuterRef("project_id"), today),
    )
    is_open = Q(project__stage__in=OPEN_STAGES)
    rule = rules.get(WarningRule.Kind.TIME_PROGRESS)
    time_level = (
        _level(
            is_open & _behind_at_least(rule.yellow_from, month, strictly=False),
            is_open & _behind_at_least(rule.red_from, month, strictly=True),
        )
        if rule
        else Value(0)
    )
    rule = rules.get(WarningRule.Kind.START_OVERDUE)
    start_level = (
        _level(
            is_open & _start_passed(rule.yellow_from, year, month),
            is_open & _start_passed(rule.red_from, year, month),
        )
        if rule
        else Value(0)
    )
    rule = rules.get(WarningRule.Kind.OVERDUE_ITEMS)
    items_level = (
        _level(
            is_open & Q(overdue_items__gte=rule.yellow_from),
            is_open & Q(overdue_items__gte=rule.red_from),
        )
        if rule
        else Value(0)
    )
    plans = plans.annotate(
        time_level=time_level, start_level=start_level, items_level=items_level
    ).annotate(level_rank=Greatest("time_level", "start_level", "items_level"))
    return plans.annotate(
        warning_level=Case(
            When(level_rank=2, then=Value(WarningLevel.RED)),
            When(level_rank=1, then=Value(WarningLevel.YELLOW)),
            default=Value(WarningLevel.GREEN),
            output_field=models.CharField(),
        )
    )


# ---------------------------------------------------------------------------------------------
# Reasons, for rows already annotated (no queries)


@dataclass
class ProjectWarning:
    plan: YearPlan
    level: str
    completion_rate: Decimal | None
    time_progress: Decimal
    reasons: list[str] = field(default_factory=list)

    @property
    def behind_points(self) -> Decimal | None:
        if self.completion_rate is None:
            return None
        return self.time_progress - self.completion_rate


def explain(row: WarnedPlan, *, year: int, month: int) -> ProjectWarning:
    """The level of an annotated row and the reasons for it, in words."""
    progress = time_progress(month)
    rate = None
    if row.planned_investment_wan > 0:
        rate = (row.completed_to_date * HUNDRED / row.planned_investment_wan).quantize(
            Decimal("0.1")
        )
    warning = ProjectWarning(row, row.warning_level, rate, progress)
    if row.time_level:
        warning.reasons.append(
            _("Completion %(rate)s%% is %(points)s points behind time progress %(time)s%%.")
            % {"rate": rate, "points": warning.behind_points, "time": progress}
        )
    if row.start_level and row.planned_start is not None:  # a start level needs a planned start
        warning.reasons.append(
            _("Planned start %(month)s has passed without a start.")
            % {"month": row.planned_start.strftime("%Y-%m")}
        )
    if row.items_level:
        warning.reasons.append(
            ngettext(
                "%(count)d coordination item is overdue.",
                "%(count)d coordination items are overdue.",
                row.overdue_items,
            )
            % {"count": row.overdue_items}
        )
    return warning


def evaluate(
    plans: models.QuerySet[YearPlan], *, year: int, month: int | None = None
) -> list[ProjectWarning]:
    """Every project of `plans` in `year` with its level and reasons, judged at `month`
    (default: the current month). One query, whatever the number of projects."""
    year, month = default_period(year, month)
    rows = annotate_warnings(plans, year=year, month=month).select_related("project")
    return [explain(row, year=year, month=month) for row in rows]


def level_counts(plans: models.QuerySet[YearPlan], *, year: int, month: int) -> dict[str, int]:
    """How many plan rows are at each level. Each row's rank is worked out once in an inner
    query and counted by the outer one: grouping the ORM's rows by `warning_level` inlines the
    rank expression (with its report and coordination subqueries) four times over, in the
    SELECT and the GROUP BY, which made it the dashboard's slowest query to build and to run
    (issue 18)."""
    counts: dict[str, int] = dict.fromkeys(LEVELS, 0)
    ranked = annotate_warnings(plans, year=year, month=month).order_by().values("level_rank")
    try:
        sql, params = ranked.query.sql_with_params()
    except EmptyResultSet:  # a scope that sees no plan row (`none()`): nothing to count
        return counts
    with connections[ranked.db].cursor() as cursor:
        cursor.execute(
            f"SELECT level_rank, COUNT(*) FROM ({sql}) ranked GROUP BY level_rank",  # noqa: S608
            params,
        )
        rows = cursor.fetchall()
    for rank, n in rows:
        counts[LEVELS[rank]] += n
    return counts
