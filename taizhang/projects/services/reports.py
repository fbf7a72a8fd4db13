"""Monthly progress reports (月度进度): the responsible unit files, the programme office approves
(maker-checker: never the person who filed), and only approved reports count. A report is late
when it is submitted after the due day of the following month."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from taizhang.core import audit, reviews, versions
from taizhang.core.access import can_read, can_write, is_district_writer, require
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.projects.models import MonthlyReport, Project, ReportStatus, YearPlan
from taizhang.projects.services import progress

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# Submitted or approved: the unit has reported that month.
FILED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def due_day() -> int:
    return getattr(settings, "TAIZHANG_REPORT_DUE_DAY", 5)


def due_date(year: int, month: int) -> datetime.date:
    """The last day a report for `month` is on time: the due day of the month after."""
    if month == 12:
        return datetime.date(year + 1, 1, due_day())
    return datetime.date(year, month + 1, due_day())


def month_to_report(today: datetime.date) -> tuple[int, int]:
    """The month whose report units file now: the last one that is over (its report is due
    on the due day of this month; in January, December of the year before)."""
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def latest_due_month(today: datetime.date) -> tuple[int, int]:
    """The latest month whose due date has passed: last month once this month's due day is
    over, else the month before (on 5 January, November; on 6 January, December)."""
    year, month = month_to_report(today)
    if today > due_date(year, month):
        return year, month
    return (year, month - 1) if month > 1 else (year - 1, 12)


def months_due(today: datetime.date) -> list[tuple[int, int]]:
    """The months a unit may owe a report for today, the late one first: the latest month
    past its due date and, until its due day, the month just over."""
    return list(dict.fromkeys([latest_due_month(today), month_to_report(today)]))


def month_to_file(project: Project, today: datetime.date) -> tuple[int, int] | None:
    """The month whose report the project's unit should file next (a late one first), or
    None when its plan has none owing: at most two queries."""
    months = months_due(today)
    planned = set(
        YearPlan.objects.filter(
            project=project, year__in={year for year, _m in months}
        ).values_list("year", flat=True)
    )
    filed = set(
        MonthlyReport.objects.filter(project=project, status__in=FILED)
        .filter(year__in=planned)
        .values_list("year", "month")
    )
    return next((period for period in months if period[0] in planned and period not in filed), None)


def is_late(year: int, month: int, submitted_on: datetime.date) -> bool:
    return submitted_on > due_date(year, month)


def can_approve(user: Any) -> bool:
    """The programme office and district administrators check reports."""
    return is_district_writer(user)


def _check_period(project: Project, year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise ValidationError({"month": [_("The month must be 1 to 12.")]})
    today = clock.today()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": [_("A report cannot be filed for a future month.")]})
    if not YearPlan.objects.filter(project=project, year=year).exists():
        raise ValidationError(
            {"year": [_("The project is not in the %(year)d plan.") % {"year": year}]}
        )


@transaction.atomic
def file_report(
    project: Project,
    *,
    by: User | None,
    year: int,
    month: int,
    completed_wan: Decimal,
    progress_text: str = "",
    started_on: datetime.date | None = None,
    finished_on: datetime.date | None = None,
    problems: str = "",
    submit: bool = False,
    version: int | None = None,
) -> MonthlyReport:
    """File (or correct) a project's report for one month, as a draft or submitted at once.
    Officers of the project's responsible unit file; a submitted or approved report is
    locked until the programme office returns it. `version`: the one a correction started
    from; refused (`StaleEdit`) if the report changed since."""
    require(can_read(by, project) and can_write(by, project))
    _check_period(project, year, month)
    report = (
        MonthlyReport.objects.select_for_update()
        .filter(project=project, year=year, month=month)
        .first()
    )
    if report is not None:
        versions.check_version(report, version, by=by)
    if report is not None and report.status not in EDITABLE:
        raise ValidationError(
            _("This report is %(status)s; it cannot be changed.")
            % {"status": report.get_status_display().lower()}
        )
    before = audit.snapshot(report) if report else None
    report = report or MonthlyReport(project=project, year=year, month=month)
    values = {
        "completed_wan": completed_wan,
        "progress_text": progress_text,
        "started_on": started_on,
        "finished_on": finished_on,
        "problems": problems,
        "filed_by": by,
    }
    for name, value in values.items():
        setattr(report, name, value)
    report.full_clean(exclude=["project", "filed_by", "approved_by"])
    if before is None:
        report.save()
        audit.record_create(report, by=by)
    else:
        report.save(update_fields=list(values))
        if audit.snapshot(report) != before:
            versions.bump_version(report, by=by)
        audit.record_update(report, before, by=by)
    if submit:
        report = submit_report(report, by=by)
    return report


def _submitting(report: MonthlyReport, by: User | None, note: str) -> list[str]:
    """Lateness is judged at the first submission (by the district's today) and kept."""
    if report.filed_at is not None:
        return []
    report.filed_at = clock.now()
    report.is_late = is_late(report.year, report.month, clock.today())
    return ["filed_at", "is_late"]


def _approved(report: MonthlyReport, by: User | None, note: str) -> None:
    progress.refresh_report(report)
    _record_start_and_finish(report, by=by)


# Maker-checker approval (月度进度审核): the filer submits, the programme office decides and
# never approves what it filed itself; the decision is told to the filer. Registered in the
# app's ready().
REPORT_REVIEW = reviews.Review(
    model=MonthlyReport,
    label=_lazy("Monthly reports to approve"),
    editable=EDITABLE,
    submitted=ReportStatus.SUBMITTED,
    approved=ReportStatus.APPROVED,
    returned=ReportStatus.RETURNED,
    deciders=reviews.DISTRICT_WRITERS,  # the programme office and administrators: can_approve
    submitted_by_field="filed_by",
    four_eyes=True,
    approved_by_field="approved_by",
    approved_at_field="approved_at",
    on_submit=_submitting,
    after_approve=_approved,
)


def submit_report(report: MonthlyReport, *, by: User | None) -> MonthlyReport:
    """Send a draft or returned report to the programme office."""
    return reviews.submit(REPORT_REVIEW, report, by=by)


def approve_report(report: MonthlyReport, *, by: User | None) -> MonthlyReport:
    """Approve a submitted report: from now on it counts. Never by the person who filed it.
    A start or finish it records becomes the project's actual start or finish if unset."""
    return reviews.approve(REPORT_REVIEW, report, by=by)


def _record_start_and_finish(report: MonthlyReport, *, by: User | None) -> None:
    project = Project.objects.select_for_update().get(pk=report.project_id)
    before = audit.snapshot(project)
    fields = []
    if report.started_on and project.actual_start is None:
        project.actual_start = report.started_on
        fields.append("actual_start")
    if report.finished_on and project.actual_finish is None:
        project.actual_finish = report.finished_on
        fields.append("actual_finish")
    if fields:
        project.save(update_fields=fields)
        audit.record_update(
            project, before, by=by, reason=_("Monthly report %(period)s") % {"period": report}
        )


def return_report(report: MonthlyReport, *, by: User | None, reason: str) -> MonthlyReport:
    """Send a submitted report back to its unit with the reason (退回)."""
    return reviews.send_back(REPORT_REVIEW, report, by=by, reason=reason)


def missing_reports(plans: QuerySet[YearPlan], year: int, month: int) -> QuerySet[YearPlan]:
    """Plan rows of `year` with no submitted or approved report for `month`, once the month
    is over (an open month has nothing missing yet)."""
    today = clock.today()
    if (year, month) >= (today.year, today.month):
        return plans.none()
    filed = MonthlyReport.objects.filter(
        project_id=OuterRef("project_id"), year=year, month=month, status__in=FILED
    )
    return plans.filter(year=year).filter(~Exists(filed))
