"""Monthly progress pages (月度进度): the list, one report with its photos, filing and
correcting, submitting, the programme office's approval queue, and missing reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import printing, reviews, versions
from taizhang.core.access import access_record, can_write, require
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.excel import ledger_links
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.projects.filters.plans import ReportFilter
from taizhang.projects.forms.plans import PeriodForm, ReportForm, ReturnForm
from taizhang.projects.models import MonthlyReport, Project, ReportStatus, YearPlan
from taizhang.projects.services import reports

PER_PAGE = 50


def _reports(request: AuthedRequest):
    return MonthlyReport.objects.for_user(request.user).select_related(
        "project", "project__unit", "filed_by"
    )


def report_list(request: AuthedRequest) -> HttpResponse:
    filterset = ReportFilter(request.GET, queryset=_reports(request), request=request)
    page = printing.page_of(request, filterset.qs, PER_PAGE)
    return render(
        request,
        "projects/report_list.html",
        {
            "filter": filterset,
            "page": page,
            "title": _("Monthly reports"),
            "can_approve": reports.can_approve(request.user),
            "excel": ledger_links(request, "monthly-reports"),
            "active_nav": "reports",
        },
    )


def report_queue(request: AuthedRequest) -> HttpResponse:
    """Submitted reports waiting for the programme office (待审核)."""
    require(reports.can_approve(request.user))
    queue = _reports(request).filter(status=ReportStatus.SUBMITTED).order_by("filed_at", "id")
    page = printing.page_of(request, queue, PER_PAGE)
    submitted = QueryDict(mutable=True)
    submitted["status"] = ReportStatus.SUBMITTED
    return render(
        request,
        "projects/report_list.html",
        {
            "page": page,
            "title": _("Reports to approve"),
            "queue": True,
            "can_approve": True,
            "excel": ledger_links(request, "monthly-reports", submitted),
            "active_nav": "reports",
        },
    )


def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = access_record(MonthlyReport, pk, request.user)
    user = request.user
    return render(
        request,
        "projects/report_detail.html",
        {
            "report": report,
            "editable": report.status in reports.EDITABLE and can_write(user, report),
            "can_check": reviews.can_decide(reports.REPORT_REVIEW, report, user),
            "return_form": ReturnForm(),
            "due": reports.due_date(report.year, report.month),
            "active_nav": "reports",
            **record_context(request, report),
        },
    )


def _period(request: AuthedRequest) -> tuple[int, int]:
    """?year=&month=, by default the month whose report is filed now (the last one over)."""
    year, month = reports.month_to_report(clock.today())
    try:
        return int(request.GET.get("year", year)), int(request.GET.get("month", month))
    except ValueError as error:
        raise Http404 from error


def report_file(request: AuthedRequest) -> HttpResponse:
    """File or correct the report of ?project=&year=&month=."""
    try:
        project_id = int(request.GET.get("project", ""))
    except ValueError as error:
        raise Http404 from error
    project = access_record(Project, project_id, request.user, write=True)
    year, month = _period(request)
    report = MonthlyReport.objects.filter(project=project, year=year, month=month).first()
    if report is not None and report.status not in reports.EDITABLE:
        messages.error(request, _("This report is submitted or approved; it cannot be changed."))
        return redirect(report)
    initial = {}
    if report is not None:
        initial = {name: getattr(report, name) for name in ReportForm.base_fields}
    form = ReportForm(request.POST or None, initial=initial)
    versions.add_version_field(form, report)
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.file_report(
                project,
                by=request.user,
                year=year,
                month=month,
                submit="submit" in request.POST,
                **form.cleaned_data,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Report saved."))
            return redirect(report)
    return render(
        request,
        "projects/report_form.html",
        {
            "form": form,
            "project": project,
            "report": report,
            "year": year,
            "month": month,
            "active_nav": "reports",
        },
    )


def _act(request: AuthedRequest, pk: int, action, **kwargs) -> HttpResponse:
    report = access_record(MonthlyReport, pk, request.user)
    try:
        action(report, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        if not str(error):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done."))
    return redirect(report)


@require_POST
def report_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, reports.submit_report)


@require_POST
def report_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, reports.approve_report)


@require_POST
def report_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, reports.return_report, reason=request.POST.get("reason", ""))


def report_missing(request: AuthedRequest) -> HttpResponse:
    """Plan rows with no submitted report for a month that is over (default: the latest month
    whose due date has passed)."""
    year, month = reports.latest_due_month(clock.today())
    form = PeriodForm(request.GET or {"year": year, "month": month})
    if form.is_valid():
        year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    plans = YearPlan.objects.for_user(request.user).select_related("unit", "project__unit")
    missing = reports.missing_reports(plans, year, month)
    page = printing.page_of(request, missing, PER_PAGE)
    for row in page:  # a reader sees the row; only who writes for the project files it
        row.may_file = can_write(request.user, row.project)
    return render(
        request,
        "projects/report_missing.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "month": month,
            "due": reports.due_date(year, month),
            "file_url": reverse("report-file"),
            "period_query": urlencode({"year": year, "month": month}),
            "active_nav": "reports",
        },
    )
