"""Welfare's cached aggregate (core/aggregates.py): the dashboard's overview of a year (福利
看板), for the page, `GET /api/v1/welfare/stats` and `taizhang stats welfare`."""

from __future__ import annotations

from typing import Any

from taizhang.core.aggregates import Aggregate, cached
from taizhang.core.models import Unit, User
from taizhang.welfare import queries, stats


def _overview(user: User | None, year: int, unit: Unit | None) -> queries.Overview:
    return stats.overview_for(user, year=year, unit=unit)


OVERVIEW = Aggregate(
    "welfare.overview",
    _overview,
    (
        "welfare.Enrolment",
        "welfare.Entitlement",
        "welfare.Programme",
        "welfare.EnrolmentReview",
        "welfare.Cycle",
        "welfare.Handout",
        "people.Person",
        "people.HouseholdMember",
        "core.Unit",
    ),
)
AGGREGATES = (OVERVIEW,)


def overview_for(user: User | None, *, year: int, unit: Unit | None = None) -> Any:
    """stats.overview_for, cached."""
    return cached(OVERVIEW, user, year, unit)
