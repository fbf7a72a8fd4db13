"""The project bank on the workbench (工作台), in the global search and on a leader's page.

A responsible unit's officers see the monthly reports their plan rows owe (the latest month
past its due date, and the month just over until its due day), drafts and returned reports to
finish, and projects returned for correction; the programme office and administrators see the
projects and reports waiting for their review. Leaders see red and yellow projects and the
year's headline figures. Each function costs a fixed number of queries: a count and the first
`limit` rows. Reviews are read from the models directly until the shared review helper lands.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import is_unit_writer, within_own_unit
from taizhang.core.modules import SearchGroup, SearchHit, Tile, TodoBatch, TodoItem
from taizhang.core.search import group_of
from taizhang.core.workbench import week_end
from taizhang.lib.money import format_money
from taizhang.projects import periods, queries, warnings
from taizhang.projects.models import (
    MonthlyReport,
    PlanProgress,
    Project,
    ReportStatus,
    Review,
    WarningLevel,
    YearPlan,
)
from taizhang.projects.services import reports
from taizhang.projects.services.projects import can_review

MODULE = "projects"
KINDS = {
    "report_due": gettext_lazy("Monthly reports to file"),
    "report_fix": gettext_lazy("Monthly reports to finish or correct"),
    "project_returned": gettext_lazy("Projects returned for correction"),
    "report_approve": gettext_lazy("Monthly reports to approve"),
    "project_review": gettext_lazy("Projects to review"),
    "report_waiting": gettext_lazy("Monthly reports waiting for approval"),
    "project_warning": gettext_lazy("Red and yellow projects"),
}


def _period(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _file_url(project_id: int, year: int, month: int) -> str:
    query = urlencode({"project": project_id, "year": year, "month": month})
    return f"{reverse('report-file')}?{query}"


# ---------------------------------------------------------------------------------------------
# To-dos


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    batches = []
    if is_unit_writer(user):
        batches += [
            reports_due(user, today, limit),
            reports_to_fix(user, today, limit),
            projects_returned(user, limit),
            reports_waiting(user, limit),
        ]
    if can_review(user):
        batches += [reports_to_approve(user, limit), projects_to_review(user, limit)]
    return batches


def reports_due(user: Any, today: datetime.date, limit: int) -> TodoBatch:
    """Plan rows of the user's units with no report at all for a month owing (a draft or a
    returned one is in `reports_to_fix`): two queries per month, at most two months."""
    plans = (
        YearPlan.objects.for_user(user).filter(within_own_unit(user, "unit")).select_related("unit")
    )
    batch = TodoBatch("report_due", [], 0, url=reverse("report-missing"))
    for year, month in reports.months_due(today):
        started = MonthlyReport.objects.filter(
            project_id=OuterRef("project_id"), year=year, month=month
        )
        rows = reports.missing_reports(plans, year, month).filter(~Exists(started))
        count = rows.count()
        due = reports.due_date(year, month)
        batch.total += count
        if due < today:
            batch.overdue += count
        elif due <= week_end(today):
            batch.due_this_week += count
        if count and not batch.items:
            batch.url = f"{reverse('report-missing')}?{urlencode({'year': year, 'month': month})}"
        batch.items += [
            TodoItem(
                module=MODULE,
                kind="report_due",
                title=row.name,
                url=_file_url(row.project_id, year, month),
                due=due,
                overdue=due < today,
                detail=_("Report for %(period)s · %(unit)s")
                % {"period": _period(year, month), "unit": row.unit.name},
                action=_("File the report"),
            )
            for row in rows.order_by("name", "pk")[:limit]
        ]
    batch.items = batch.items[:limit]
    return batch


def _due_condition(today: datetime.date) -> tuple[Q, Q]:
    """Conditions on a report's year and month: its due date has passed; it falls due from
    today to the end of the week."""
    late_year, late_month = reports.latest_due_month(today)
    overdue = Q(year__lt=late_year) | Q(year=late_year, month__lte=late_month)
    year, month = reports.month_to_report(today)
    this_week = today <= reports.due_date(year, month) <= week_end(today)
    return overdue, Q(year=year, month=month) if this_week else Q(pk__in=[])


def _report_batch(kind: str, rows: QuerySet[MonthlyReport], today: datetime.date) -> TodoBatch:
    overdue, this_week = _due_condition(today)
    counts = rows.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue),
        due_this_week=Count("pk", filter=this_week & ~overdue),
    )
    return TodoBatch(kind, [], counts["total"], counts["overdue"], counts["due_this_week"])


def reports_to_fix(user: Any, today: datetime.date, limit: int) -> TodoBatch:
    """Drafts and returned reports of the user's units (or filed by the user)."""
    rows = (
        MonthlyReport.objects.for_user(user)
        .filter(status__in=reports.EDITABLE)
        .filter(within_own_unit(user, "project__unit") | Q(filed_by=user))
        .select_related("project")
    )
    batch = _report_batch("report_fix", rows, today)
    for report in rows.order_by("year", "month", "pk")[:limit]:
        due = reports.due_date(report.year, report.month)
        returned = report.status == ReportStatus.RETURNED
        detail = _period(report.year, report.month) + " · " + report.get_status_display()
        batch.items.append(
            TodoItem(
                module=MODULE,
                kind="report_fix",
                title=report.project.name,
                url=_file_url(report.project_id, report.year, report.month),
                due=due,
                overdue=due < today,
                detail=f"{detail}: {report.review_note}" if returned else detail,
                action=_("Correct and submit") if returned else _("Finish and submit"),
            )
        )
    return batch


def reports_waiting(user: Any, limit: int) -> TodoBatch:
    """Reports of the user's units submitted and not yet approved: waiting on others."""
    rows = (
        MonthlyReport.objects.for_user(user)
        .filter(status=ReportStatus.SUBMITTED)
        .filter(within_own_unit(user, "project__unit"))
        .select_related("project")
    )
    items = [
        TodoItem(
            module=MODULE,
            kind="report_waiting",
            title=report.project.name,
            url=report.get_absolute_url(),
            detail=_("Report for %(period)s, submitted %(day)s")
            % {
                "period": _period(report.year, report.month),
                "day": localdate(report.filed_at).isoformat() if report.filed_at else "",
            },
            waiting_on_others=True,
        )
        for report in rows.order_by("filed_at", "pk")[:limit]
    ]
    return TodoBatch("report_waiting", items, rows.count(), waiting_on_others=True)


def reports_to_approve(user: Any, limit: int) -> TodoBatch:
    """Submitted reports for the programme office, but never those the user filed. The check
    has no deadline of its own: undated."""
    rows = (
        MonthlyReport.objects.for_user(user)
        .filter(status=ReportStatus.SUBMITTED)
        .exclude(filed_by=user)
        .select_related("project", "project__unit")
    )
    items = [
        TodoItem(
            module=MODULE,
            kind="report_approve",
            title=report.project.name,
            url=report.get_absolute_url(),
            detail=f"{_period(report.year, report.month)} · {report.project.unit.name}",
            action=_("Approve or return"),
        )
        for report in rows.order_by("filed_at", "pk")[:limit]
    ]
    return TodoBatch("report_approve", items, rows.count(), url=reverse("report-queue"))


def _project_batch(kind: str, rows: QuerySet[Project], limit: int, **item: Any) -> TodoBatch:
    rows = rows.select_related("unit")
    items = [
        TodoItem(
            module=MODULE,
            kind=kind,
            title=project.name,
            url=project.get_absolute_url(),
            detail=" · ".join(filter(None, [project.unit.name, project.review_note])),
            **item,
        )
        for project in rows.order_by("created_at", "pk")[:limit]
    ]
    return TodoBatch(kind, items, rows.count())


def projects_returned(user: Any, limit: int) -> TodoBatch:
    rows = Project.objects.for_user(user).filter(review=Review.RETURNED)
    return _project_batch(
        "project_returned", rows.filter(within_own_unit(user, "unit")), limit, action=_("Correct")
    )


def projects_to_review(user: Any, limit: int) -> TodoBatch:
    rows = Project.objects.for_user(user).filter(review=Review.SUBMITTED)
    batch = _project_batch("project_review", rows, limit, action=_("Review"))
    batch.url = reverse("project-review-queue")
    return batch


# ---------------------------------------------------------------------------------------------
# A leader's alerts and figures


def alerts(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    """Red and yellow projects of the year the pages open on, red first, with the reasons."""
    year, month = warnings.default_period()
    rows = warnings.annotate_warnings(
        YearPlan.objects.for_user(user), year=year, month=month, today=today
    ).filter(warning_level__in=[WarningLevel.RED, WarningLevel.YELLOW])
    counts = warnings.level_counts(YearPlan.objects.for_user(user), year=year, month=month)
    items = []
    for row in rows.order_by("-level_rank", "name", "pk")[:limit]:
        warning = warnings.explain(row, year=year, month=month)
        items.append(
            TodoItem(
                module=MODULE,
                kind="project_warning",
                title=row.name,
                url=reverse("project-detail", args=[row.project_id]),
                detail=" ".join(warning.reasons),
                overdue=warning.level == WarningLevel.RED,
                level=warning.level,
            )
        )
    url = f"{reverse('warning-list')}?{urlencode({'year': year})}"
    red, yellow = counts[WarningLevel.RED], counts[WarningLevel.YELLOW]
    return [TodoBatch("project_warning", items, red + yellow, red, yellow, url=url)]


def tiles(user: Any) -> list[Tile]:
    """The year's project count, total investment, completion rate and red projects, over
    the plan rows the user may read."""
    year = periods.default_year()
    month = queries.default_month(year)
    rows = YearPlan.objects.for_user(user).filter(year=year).order_by()
    figures = rows.aggregate(
        count=Count("pk"), total=Sum("total_investment_wan"), plan=Sum("planned_investment_wan")
    )
    done = PlanProgress.objects.filter(plan__in=rows).aggregate(
        **{f"m{m}": Sum(f"m{m}") for m in range(1, max(month, 0) + 1)}
    )
    completed = sum((value or Decimal(0) for value in done.values()), Decimal(0))
    rate = queries.ratio(completed, figures["plan"] or 0)
    _judged, warn_month = warnings.default_period(year)
    red = warnings.level_counts(rows, year=year, month=warn_month)[WarningLevel.RED]
    plans_url = f"{reverse('yearplan-list')}?{urlencode({'year': year})}"
    return [
        Tile(_("Projects %(year)s") % {"year": year}, str(figures["count"]), plans_url),
        Tile(_("Total investment"), format_money(figures["total"] or 0), plans_url),
        Tile(
            _("Completion rate"),
            "—" if rate is None else f"{rate * 100:.1f}%",
            reverse("project-dashboard"),
            note=_("to %(period)s") % {"period": _period(year, month)} if month else "",
        ),
        Tile(
            _("Red projects"),
            str(red),
            f"{reverse('warning-list')}?{urlencode({'year': str(year), 'level': 'red'})}",
            level="red" if red else "",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Search


def search(user: Any, query: str, limit: int) -> list[SearchGroup]:
    """Projects the user may read by name, project code or location: two queries."""
    rows = (
        Project.objects.for_user(user)
        .filter(Q(name__icontains=query) | Q(code__icontains=query) | Q(address__icontains=query))
        .select_related("unit")
        .order_by("name", "pk")
    )
    return [
        group_of(
            gettext_lazy("Projects"),
            rows,
            limit,
            lambda project: SearchHit(
                project.name,
                project.get_absolute_url(),
                " · ".join(filter(None, [project.code, project.unit.name, project.address])),
            ),
        )
    ]
