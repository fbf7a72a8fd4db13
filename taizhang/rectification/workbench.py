"""Rectification campaigns (专项整治) on the workbench (工作台), in the global search and on a
leader's page.

A case's own steps (sign for the recommendation, investigate, order, submit, close) are its
supervision assignment's and appear among the supervision to-dos, linked to the case; listed
here again they would show twice. What only this module knows is a finding reported rectified
and waiting for someone other than its reporter to verify it (复核验收).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.modules import SearchGroup, SearchHit, Tile, TodoBatch, TodoItem
from taizhang.core.search import group_of
from taizhang.core.workbench import deadline_counts
from taizhang.lib import clock
from taizhang.rectification.models import Case, Finding, FindingStatus
from taizhang.rectification.services.findings import VERIFY_STATES

MODULE = "rectification"
KINDS = {"finding_verify": gettext_lazy("Findings to verify")}


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    """Findings reported rectified in cases the user's unit supervises or is assigned, that
    the user did not report (four eyes), by the case's deadline: two queries."""
    if not (can_write(user) and user.unit_id):
        return []
    rows = (
        Finding.objects.for_user(user)
        .filter(status=FindingStatus.RECTIFIED, case__assignment__state__in=VERIFY_STATES)
        .filter(
            Q(case__item__supervisor_unit_id=user.unit_id)
            | Q(case__assignment__unit_id=user.unit_id)
        )
        .exclude(rectified_by=user)
        .select_related("case", "case__assignment", "category")
    )
    # In the states where findings are verified the case's deadline runs (is_open).
    counts = deadline_counts(rows, "case__assignment__deadline", today)
    items = []
    for finding in rows.order_by("case__assignment__deadline", "case_id", "sequence")[:limit]:
        assignment = finding.case.assignment
        due = assignment.deadline if assignment.is_open else None
        items.append(
            TodoItem(
                module=MODULE,
                kind="finding_verify",
                title=f"{finding.case.subject_name} · {finding.sequence}. {finding.category.name}",
                url=finding.get_absolute_url(),
                due=due,
                overdue=due is not None and due < today,
                detail=f"{finding.case.number} · {finding.rectification_note}",
                action=_("Verify"),
            )
        )
    return [
        TodoBatch(
            "finding_verify", items, counts["total"], counts["overdue"], counts["due_this_week"]
        )
    ]


def tiles(user: Any) -> list[Tile]:
    """Open and overdue cases the user may read: one query."""
    counts = (
        Case.objects.for_user(user)
        .order_by()
        .aggregate(
            open=Count("pk", filter=Q(item__closed_at__isnull=True)),
            overdue=Count(
                "pk",
                filter=Q(assignment__is_open=True, assignment__deadline__lt=clock.today()),
            ),
        )
    )
    url = reverse("rectification-case-list")
    return [
        Tile(_("Open cases"), str(counts["open"]), url),
        Tile(
            _("Overdue cases"),
            str(counts["overdue"]),
            f"{url}?{urlencode({'overdue': 'true'})}",
            level="red" if counts["overdue"] else "",
        ),
    ]


def search(user: Any, query: str, limit: int) -> list[SearchGroup]:
    """Cases the user may read by subject, address or case number: two queries."""
    rows = (
        Case.objects.for_user(user)
        .filter(
            Q(subject_name__icontains=query)
            | Q(subject_address__icontains=query)
            | Q(number__icontains=query)
        )
        .select_related("assignment__item")
        .order_by("-opened_at", "-pk")
    )
    return [
        group_of(
            gettext_lazy("Cases"),
            rows,
            limit,
            lambda case: SearchHit(
                f"{case.number} {case.subject_name}",
                case.get_absolute_url(),
                f"{case.state_label} · {case.subject_address}",
            ),
        )
    ]
