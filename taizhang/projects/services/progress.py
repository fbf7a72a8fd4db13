"""Keeping `PlanProgress` (a plan row's approved investment by month) equal to the reports.

Approved reports never change or leave the approved state, so a plan row's sums change only
when one of its project's reports of that year is approved, or when the plan row itself is
created (a project put back into a plan keeps its approved reports). Those services call
`refresh` in their transaction; bulk loaders (the demo) call `rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from taizhang.projects.models import MonthlyReport, PlanProgress, ReportStatus, YearPlan

CHUNK = 2000


@transaction.atomic
def refresh(plans: Iterable[YearPlan]) -> None:
    """Recompute the progress of these plan rows from their approved reports."""
    plans = list(plans)
    for start in range(0, len(plans), CHUNK):
        _refresh_chunk(plans[start : start + CHUNK])


def _refresh_chunk(plans: list[YearPlan]) -> None:
    by_key = {(plan.project_id, plan.year): plan for plan in plans}
    sums: dict[int, dict[str, Decimal]] = {}
    reports = MonthlyReport.objects.filter(
        status=ReportStatus.APPROVED,
        project_id__in={plan.project_id for plan in plans},
        year__in={plan.year for plan in plans},
    ).values_list("project_id", "year", "month", "completed_wan")
    for project_id, year, month, completed in reports:
        plan = by_key.get((project_id, year))
        if plan is not None:
            months = sums.setdefault(plan.pk, {})
            months[f"m{month}"] = months.get(f"m{month}", Decimal("0")) + completed
    PlanProgress.objects.filter(plan__in=[plan.pk for plan in plans]).delete()
    PlanProgress.objects.bulk_create(
        PlanProgress(plan_id=plan_id, **months) for plan_id, months in sums.items()
    )


def refresh_report(report: MonthlyReport) -> None:
    """After `report` was approved: its plan row's progress."""
    refresh(YearPlan.objects.filter(project_id=report.project_id, year=report.year))


def rebuild(year: int | None = None) -> int:
    """Recompute every plan row's progress (of `year`, or of all years); returns the rows."""
    plans = YearPlan.objects.only("pk", "project_id", "year").order_by("pk")
    if year is not None:
        plans = plans.filter(year=year)
    count = 0
    batch: list[YearPlan] = []
    with transaction.atomic():
        for plan in plans.iterator(chunk_size=CHUNK):
            batch.append(plan)
            if len(batch) == CHUNK:
                _refresh_chunk(batch)
                count += len(batch)
                batch = []
        if batch:
            _refresh_chunk(batch)
            count += len(batch)
    return count
