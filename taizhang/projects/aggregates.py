"""The project bank's cached aggregates (core/aggregates.py): the year statistics, the warning
counts, the dashboard's list of 10亿元 projects and its map, and a leader's tiles and alerts.

Each wraps the public function that computes it (queries.year_stats, warnings.level_counts,
workbench.tiles…), with the same arguments, and declares the tables it reads; the pages, the
API, `taizhang stats projects` and the workbench read them through these wrappers. A change of
any row of those tables (a project's stage, a plan's amount, an approved report, a warning
rule, a coordination item, a unit's name) gives the next read the new figure."""

from __future__ import annotations

import datetime
from typing import Any

from taizhang.core.aggregates import Aggregate, cached
from taizhang.core.modules import TodoBatch
from taizhang.projects import queries, warnings, workbench
from taizhang.projects.models import YearPlan

# The project bank's tables, the units (names, subtrees) and the coordination items that the
# warnings count (supervision).
TABLES = (
    "projects.Project",
    "projects.StageEvent",
    "projects.PlanYear",
    "projects.YearPlan",
    "projects.PlanProgress",
    "projects.MonthlyReport",
    "projects.WarningRule",
    "core.Unit",
)
WARNING_TABLES = (
    *TABLES,
    "supervision.SupervisionItem",
    "supervision.Assignment",
    "supervision.AssignmentClock",
    "contenttypes.ContentType",
)


def _year_stats(user: Any, year: int, month: int | None, params: dict[str, str]) -> Any:
    return queries.year_stats(year=year, month=month, params=params, user=user)


def _warning_counts(user: Any, year: int, month: int, params: dict[str, str]) -> dict[str, int]:
    rows = queries.plan_filterset(params, user).qs.filter(year=year)
    return warnings.level_counts(rows, year=year, month=month)


def _over_billion(user: Any, year: int, params: dict[str, str]) -> list[YearPlan]:
    return list(queries.over_billion_rows(year=year, params=params, user=user))


def _located(user: Any, year: int, params: dict[str, str]) -> int:
    return queries.located_rows(year=year, params=params, user=user).count()


def _map_points(user: Any, year: int, params: dict[str, str]) -> list[dict[str, Any]]:
    return queries.map_points(year=year, params=params, user=user)


def _tiles(user: Any) -> Any:
    return list(workbench.tiles(user))


def _alerts(user: Any, today: datetime.date, limit: int) -> Any:
    return workbench.alerts(user, today, limit)


YEAR_STATS = Aggregate("projects.year_stats", _year_stats, TABLES)
WARNING_COUNTS = Aggregate("projects.warning_counts", _warning_counts, WARNING_TABLES)
OVER_BILLION = Aggregate("projects.over_billion", _over_billion, TABLES)
LOCATED = Aggregate("projects.located", _located, TABLES)
MAP_POINTS = Aggregate("projects.map_points", _map_points, TABLES)
TILES = Aggregate("projects.tiles", _tiles, WARNING_TABLES)
ALERTS = Aggregate("projects.alerts", _alerts, WARNING_TABLES)
AGGREGATES = (YEAR_STATS, WARNING_COUNTS, OVER_BILLION, LOCATED, MAP_POINTS, TILES, ALERTS)


def year_stats(
    *, year: int, month: int | None = None, params: Any = None, user: Any = None
) -> dict[str, Any]:
    """queries.year_stats, cached. Raises ValidationError on bad filters (never cached)."""
    return cached(YEAR_STATS, user, year, month, queries.clean_params(params))


def warning_counts(*, year: int, month: int, params: Any = None, user: Any = None) -> dict:
    """Plan rows of `year` by warning level at `month`, over the filtered rows `user` sees."""
    return cached(WARNING_COUNTS, user, year, month, queries.clean_params(params))


def over_billion_rows(*, year: int, params: Any = None, user: Any = None) -> list[YearPlan]:
    return cached(OVER_BILLION, user, year, queries.clean_params(params))


def located_count(*, year: int, params: Any = None, user: Any = None) -> int:
    return cached(LOCATED, user, year, queries.clean_params(params))


def map_points(*, year: int, params: Any = None, user: Any = None) -> list[dict[str, Any]]:
    return cached(MAP_POINTS, user, year, queries.clean_params(params))


def tiles(user: Any) -> Any:
    """workbench.tiles, cached (a leader's workbench)."""
    return cached(TILES, user)


def alerts(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    """workbench.alerts, cached (a leader's red and yellow projects)."""
    return cached(ALERTS, user, today, limit)
