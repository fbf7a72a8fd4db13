"""Reads that feed the rectification dashboard, the public notice and the case page: one query
of the cases (with their finding counts, return, extension and rectification deadline as
annotations), summed per campaign, agency and subdistrict."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from taizhang.lib import clock
from taizhang.rectification.flow import ORDER_CLOCK
from taizhang.rectification.models import Case, CaseQuerySet, Finding, FindingStatus
from taizhang.supervision.models import (
    AssignmentClock,
    ExtensionRequest,
    ExtensionStatus,
    SupervisionEvent,
)

GROUPS = {
    "campaign": ("campaign_id", "campaign__name"),
    "agency": ("agency_id", "agency__name"),
    "subdistrict": ("subdistrict_id", "subdistrict__name"),
}


def case_facts(cases: QuerySet[Case]) -> list[dict[str, Any]]:
    """One row per case with what the dashboard counts, in one query."""
    order_deadline = AssignmentClock.objects.filter(
        assignment=OuterRef("assignment_id"), code=ORDER_CLOCK
    ).values("deadline")[:1]
    return list(
        cases.order_by()
        .annotate(
            n_findings=Count("findings", distinct=True),
            n_rectified=Count(
                "findings",
                filter=Q(findings__status__in=[FindingStatus.RECTIFIED, FindingStatus.VERIFIED]),
                distinct=True,
            ),
            n_verified=Count(
                "findings", filter=Q(findings__status=FindingStatus.VERIFIED), distinct=True
            ),
            was_returned=Exists(
                SupervisionEvent.objects.filter(
                    assignment=OuterRef("assignment_id"), action="return"
                )
            ),
            was_extended=Exists(
                ExtensionRequest.objects.filter(
                    assignment=OuterRef("assignment_id"), status=ExtensionStatus.APPROVED
                )
            ),
            order_deadline=Subquery(order_deadline),
        )
        .values(
            "pk",
            "opened_at",
            "item__closed_at",
            "item__deadline",
            "assignment__is_open",
            "assignment__deadline",
            "n_findings",
            "n_rectified",
            "n_verified",
            "was_returned",
            "was_extended",
            "order_deadline",
            *(name for pair in GROUPS.values() for name in pair),
        )
    )


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _summary(rows: Iterable[dict[str, Any]], today: datetime.date) -> dict[str, Any]:
    rows = list(rows)
    findings = sum(r["n_findings"] for r in rows)
    rectified = sum(r["n_rectified"] for r in rows)
    verified = sum(r["n_verified"] for r in rows)
    closed = [r for r in rows if r["item__closed_at"] is not None]
    days = [(_day(r["item__closed_at"]) - _day(r["opened_at"])).days for r in closed]
    on_time = [
        r
        for r in closed
        if _day(r["item__closed_at"]) <= (r["order_deadline"] or r["item__deadline"])
    ]
    return {
        "cases": len(rows),
        "closed": len(closed),
        "findings": findings,
        "rectified": rectified,
        "verified": verified,
        "rectified_share": round(rectified / findings, 4) if findings else None,
        "verified_share": round(verified / findings, 4) if findings else None,
        "overdue": sum(
            1 for r in rows if r["assignment__is_open"] and r["assignment__deadline"] < today
        ),
        "median_days_to_close": statistics.median(days) if days else None,
        "returned": sum(1 for r in rows if r["was_returned"]),
        "extended": sum(1 for r in rows if r["was_extended"]),
        "closed_on_time": len(on_time),
        "on_time_share": round(len(on_time) / len(closed), 4) if closed else None,
    }


def dashboard(cases: QuerySet[Case], today: datetime.date | None = None) -> dict[str, Any]:
    """Totals, the same figures per campaign, agency and subdistrict, and the agencies ranked
    by on-time closure (closed by the rectification deadline, or the case's deadline when no
    order was made), best first."""
    today = today or clock.today()
    rows = case_facts(cases)
    result: dict[str, Any] = {"totals": _summary(rows, today)}
    for group, (key, label) in GROUPS.items():
        grouped: dict[Any, list[dict[str, Any]]] = {}
        names: dict[Any, str] = {}
        for row in rows:
            grouped.setdefault(row[key], []).append(row)
            names[row[key]] = row[label]
        result[f"by_{group}"] = sorted(
            (
                {"id": pk, "name": names[pk], **_summary(group_rows, today)}
                for pk, group_rows in grouped.items()
            ),
            key=lambda r: (-r["cases"], r["name"]),
        )
    result["agency_ranking"] = sorted(
        (r for r in result["by_agency"] if r["closed"]),
        key=lambda r: (-(r["on_time_share"] or 0), -r["closed_on_time"], r["name"]),
    )
    return result


def case_detail(cases: CaseQuerySet) -> CaseQuerySet:
    """Cases with what the case page shows, in a fixed number of queries."""
    return (
        cases.with_flow()
        .select_related("item", "created_by")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related(
                    "category", "rectified_by", "verified_by"
                ).prefetch_related("evidence"),
            )
        )
        # One Prefetch per call: the stubs type a call's Prefetch objects as one queryset type.
        .prefetch_related(
            Prefetch("assignment__clocks", queryset=AssignmentClock.objects.order_by("started_on"))
        )
        .prefetch_related(
            Prefetch("assignment__events", queryset=SupervisionEvent.objects.order_by("at", "id")),
            "assignment__extension_requests",
        )
    )


def public_cases(campaign: Any) -> QuerySet[Case]:
    """The closed cases of a published campaign, for the public notice page."""
    return (
        Case.objects.filter(campaign=campaign, item__closed_at__isnull=False)
        .select_related("village", "subdistrict", "agency", "item")
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.select_related("category")))
        .order_by("item__closed_at", "pk")
    )
