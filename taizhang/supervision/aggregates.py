"""Supervision's cached aggregate (core/aggregates.py): the scorecard of the assigned units
(督办考核), for the page and `GET /api/v1/supervision/scorecard`."""

from __future__ import annotations

from typing import Any

from taizhang.core.aggregates import Aggregate, cached
from taizhang.supervision import queries
from taizhang.supervision.models import Assignment


def _scorecard(user: Any, flow: str) -> list[dict[str, Any]]:
    assignments = Assignment.objects.for_user(user)
    if flow:
        assignments = assignments.filter(item__flow=flow)
    return queries.scorecard(assignments)


SCORECARD = Aggregate(
    "supervision.scorecard",
    _scorecard,
    ("supervision.Assignment", "supervision.SupervisionItem", "core.Unit"),
)
AGGREGATES = (SCORECARD,)


def scorecard(user: Any, flow: str = "") -> list[dict[str, Any]]:
    """queries.scorecard of the assignments `user` sees (of one flow when given), cached."""
    return cached(SCORECARD, user, flow or "")
