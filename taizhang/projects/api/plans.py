"""The API of year plans (年度计划, 滚动接续), monthly reports (月度进度) and warnings (预警).
Reads start from `Model.objects.for_user(request.user)`; writes call the services."""

from typing import Any

from django.db.models import Count, Sum, Value
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from taizhang.core.access import access_record, require
from taizhang.core.api import filtered
from taizhang.core.api_kept import kept_for_caller
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, Year, with_errors
from taizhang.core.versions import expected_version
from taizhang.projects import warnings
from taizhang.projects.filters.plans import ReportFilter, WarningFilter
from taizhang.projects.filters.projects import YearPlanFilter
from taizhang.projects.models import MonthlyReport, PlanYear, Project, WarningRule, YearPlan
from taizhang.projects.schemas.plans import (
    MissingIn,
    MonthlyReportOut,
    PlanRowUpdateIn,
    PlanYearOut,
    ReportCreateIn,
    ReportFilterIn,
    ReportReturnIn,
    ReportUpdateIn,
    RolloverCommitIn,
    RolloverDoneOut,
    RolloverOut,
    WarningFilterIn,
    WarningOut,
    WarningRuleOut,
    WarningRuleUpdateIn,
    YearPlanFilterIn,
    YearPlanOut,
    YearPlanTotalsOut,
)
from taizhang.projects.services import plans, reports
from taizhang.projects.services.warning_rules import update_rule

router = Router(tags=["year plans and reports"])


def _plan_rows(request: AuthedRequest):
    return YearPlan.objects.for_user(request.user).select_related("unit", "subdistrict")


def _reports(request: AuthedRequest):
    return MonthlyReport.objects.for_user(request.user).select_related("project")


# ---------------------------------------------------------------------------------------------
# Year plans


@router.get("/projects/plans", response=with_errors({200: list[YearPlanOut]}, 422))
@decorate_view(kept_for_caller)
@paginate(PageNumberPage)
def list_year_plans(request: AuthedRequest, filters: Query[YearPlanFilterIn]) -> Any:
    """Plan rows the caller may see, filtered like the year plan page."""
    return filtered(YearPlanFilter, filters, _plan_rows(request))


@router.get("/projects/plans/totals", response=with_errors({200: YearPlanTotalsOut}, 422))
def year_plan_totals(request: AuthedRequest, filters: Query[YearPlanFilterIn]) -> Any:
    """Count, total investment and planned investment of the rows the same filters select."""
    rows = filtered(YearPlanFilter, filters, YearPlan.objects.for_user(request.user))
    totals = rows.order_by().aggregate(
        count=Count("pk"),
        total_investment_wan=Sum("total_investment_wan"),
        planned_investment_wan=Sum("planned_investment_wan"),
    )
    return {name: value or 0 for name, value in totals.items()}


@router.patch(
    "/projects/plans/rows/{row_id}",
    response=with_errors({200: YearPlanOut}, 400, 403, 404, 409, 422),
)
def update_plan_row(request: AuthedRequest, row_id: int, payload: PlanRowUpdateIn) -> Any:
    """Change a row's planned annual investment or key flag (programme office; not once the
    year is committed). With `version` (or If-Match): 409 if the row changed since."""
    row = access_record(YearPlan, row_id, request.user)
    data = payload.model_dump(exclude_unset=True)
    version = expected_version(request, data.pop("version", None))
    plans.update_plan_row(row, by=request.user, version=version, **data)
    return _plan_rows(request).get(pk=row.pk)


@router.get("/projects/plans/{year}/rollover", response=with_errors({200: RolloverOut}, 403, 422))
def rollover_preview(request: AuthedRequest, year: Year) -> Any:
    """What a rollover from `year` would write into `year + 1` (programme office). Nothing
    is written; commit with the returned fingerprint."""
    require(plans.can_plan(request.user))
    return plans.rollover_preview(year)


@router.post(
    "/projects/plans/{year}/rollover",
    response=with_errors({201: RolloverDoneOut}, 400, 403, 422),
)
def commit_rollover(request: AuthedRequest, year: Year, payload: RolloverCommitIn) -> Any:
    """Write the previewed difference; 400 if the plans changed since (a stale fingerprint)
    or the next year is committed."""
    created = plans.commit_rollover(year, by=request.user, fingerprint=payload.fingerprint)
    return Status(201, {"year": year + 1, "created": len(created)})


@router.post(
    "/projects/plans/{year}/commit", response=with_errors({200: PlanYearOut}, 400, 403, 422)
)
def commit_year(request: AuthedRequest, year: Year) -> Any:
    """Commit (lock) a year's plan: its rows never change again."""
    return plans.commit_year(year, by=request.user)


@router.get("/projects/plans/years", response=with_errors({200: list[PlanYearOut]}))
def list_plan_years(request: AuthedRequest) -> Any:
    """The plan years and whether each is committed (its rows a snapshot)."""
    return PlanYear.objects.all()


# ---------------------------------------------------------------------------------------------
# Monthly reports


@router.get("/projects/reports", response=with_errors({200: list[MonthlyReportOut]}, 422))
@paginate(PageNumberPage)
def list_reports(request: AuthedRequest, filters: Query[ReportFilterIn]) -> Any:
    """Monthly reports the caller may see, filtered like the report list page."""
    return filtered(ReportFilter, filters, _reports(request))


@router.get("/projects/reports/missing", response=with_errors({200: list[YearPlanOut]}, 422))
@paginate(PageNumberPage)
def missing_reports(request: AuthedRequest, period: Query[MissingIn]) -> Any:
    """Plan rows with no submitted report for a month that is over."""
    return reports.missing_reports(_plan_rows(request), period.year, period.month)


@router.get(
    "/projects/reports/{report_id}", response=with_errors({200: MonthlyReportOut}, 404, 422)
)
def get_report(request: AuthedRequest, report_id: int) -> Any:
    """One monthly report. 404 if it does not exist or the caller may not see it."""
    return get_object_or_404(_reports(request), pk=report_id)


@router.post("/projects/reports", response=with_errors({201: MonthlyReportOut}, 400, 403, 404, 422))
def create_report(request: AuthedRequest, payload: ReportCreateIn) -> Any:
    """File a project's report for a month (a draft, or submitted with `submit`). A report
    that exists for that month and is still a draft or returned is corrected instead."""
    project = access_record(Project, payload.project_id, request.user)
    report = reports.file_report(
        project, by=request.user, **payload.model_dump(exclude={"project_id"})
    )
    return Status(201, _reports(request).get(pk=report.pk))


@router.patch(
    "/projects/reports/{report_id}",
    response=with_errors({200: MonthlyReportOut}, 400, 403, 404, 409, 422),
)
def update_report(request: AuthedRequest, report_id: int, payload: ReportUpdateIn) -> Any:
    """Correct a draft or returned report; the fields not sent keep their values. With
    `version` (or If-Match): 409 if the report changed since."""
    report = access_record(MonthlyReport, report_id, request.user)
    fields = {
        name: getattr(report, name)
        for name in ("completed_wan", "progress_text", "started_on", "finished_on", "problems")
    }
    fields.update(payload.model_dump(exclude_unset=True, exclude={"submit", "version"}))
    report = reports.file_report(
        report.project,
        by=request.user,
        year=report.year,
        month=report.month,
        submit=payload.submit,
        version=expected_version(request, payload.version),
        **fields,
    )
    return _reports(request).get(pk=report.pk)


def _report_action(request: AuthedRequest, report_id: int, action: Any, **kwargs: Any) -> Any:
    report = access_record(MonthlyReport, report_id, request.user)
    action(report, by=request.user, **kwargs)
    return _reports(request).get(pk=report.pk)


ACTION_RESPONSES = with_errors({200: MonthlyReportOut}, 400, 403, 404, 422)


@router.post("/projects/reports/{report_id}/submit", response=ACTION_RESPONSES)
def submit_report(request: AuthedRequest, report_id: int) -> Any:
    """Send a draft or returned report to the programme office; lateness is recorded."""
    return _report_action(request, report_id, reports.submit_report)


@router.post("/projects/reports/{report_id}/approve", response=ACTION_RESPONSES)
def approve_report(request: AuthedRequest, report_id: int) -> Any:
    """Approve a submitted report (programme office; never the person who filed it)."""
    return _report_action(request, report_id, reports.approve_report)


@router.post("/projects/reports/{report_id}/return", response=ACTION_RESPONSES)
def return_report(request: AuthedRequest, report_id: int, payload: ReportReturnIn) -> Any:
    """Return a submitted report to its unit with the reason."""
    return _report_action(request, report_id, reports.return_report, reason=payload.reason)


# ---------------------------------------------------------------------------------------------
# Warnings


@router.get("/projects/warnings", response=with_errors({200: list[WarningOut]}, 422))
@paginate(PageNumberPage)
def list_warnings(request: AuthedRequest, filters: Query[WarningFilterIn]) -> Any:
    """The projects of a year's plan with their level (green, yellow, red) and the reasons,
    judged at `month` (default: the current month). Red first."""
    year, month = warnings.default_period(filters.year, filters.month)
    rows = warnings.annotate_warnings(
        YearPlan.objects.for_user(request.user), year=year, month=month
    ).annotate(judged_month=Value(month))
    params = filters.model_copy(update={"year": year, "month": None})
    rows = filtered(WarningFilter, params, rows.select_related("project", "unit", "subdistrict"))
    return rows.order_by("-level_rank", *(YearPlan._meta.ordering or ()))


@router.get("/projects/warnings/rules", response=with_errors({200: list[WarningRuleOut]}))
def list_warning_rules(request: AuthedRequest) -> Any:
    """The warning rules and their thresholds (see WarningRule for what they mean)."""
    return WarningRule.objects.order_by("kind")


@router.patch(
    "/projects/warnings/rules/{kind}",
    response=with_errors({200: WarningRuleOut}, 400, 403, 404, 409, 422),
)
def update_warning_rule(request: AuthedRequest, kind: str, payload: WarningRuleUpdateIn) -> Any:
    """Change a rule's thresholds or switch it off (programme office and administrators).
    With `version` (or If-Match): 409 if the rule changed since."""
    rule = get_object_or_404(WarningRule, kind=kind)
    data = payload.model_dump(exclude_unset=True)
    version = expected_version(request, data.pop("version", None))
    return update_rule(rule, by=request.user, version=version, **data)
