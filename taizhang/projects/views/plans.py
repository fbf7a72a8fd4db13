"""Year-plan pages (年度计划): the list with the year's totals, row edits, committing a year,
and the rollover (滚动接续) from one year to the next."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import printing, versions
from taizhang.core.access import access_record, require
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.excel import ledger_links
from taizhang.projects import periods
from taizhang.projects.filters.projects import YearPlanFilter
from taizhang.projects.forms.plans import PlanRowForm
from taizhang.projects.models import PlanYear, YearPlan
from taizhang.projects.services import plans

PER_PAGE = 50


def plan_years() -> list[int]:
    """Every year that has a plan or a plan year, newest first (years say nothing private)."""
    years = set(PlanYear.objects.values_list("year", flat=True))
    years |= set(YearPlan.objects.order_by().values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def _message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def yearplan_list(request: AuthedRequest) -> HttpResponse:
    years = plan_years()
    data = request.GET.copy()
    if not data.get("year"):
        data["year"] = str(periods.default_year())
    rows = YearPlan.objects.for_user(request.user).select_related("unit", "subdistrict")
    filterset = YearPlanFilter(data, queryset=rows, request=request)
    queryset = filterset.qs
    totals = queryset.order_by().aggregate(
        count=Count("pk"),
        total_investment_wan=Sum("total_investment_wan"),
        planned_investment_wan=Sum("planned_investment_wan"),
    )
    page = printing.page_of(request, queryset, PER_PAGE)
    year = filterset.form.cleaned_data.get("year") if filterset.form.is_valid() else None
    plan_year = PlanYear.objects.filter(year=year).first() if year else None
    return render(
        request,
        "projects/plan_list.html",
        {
            "filter": filterset,
            "page": page,
            "totals": totals,
            "years": years,
            "year": int(year) if year else None,
            "plan_year": plan_year,
            "can_plan": plans.can_plan(request.user),
            "excel": ledger_links(request, "year-plans", data),
            "active_nav": "plans",
        },
    )


def yearplan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    row = access_record(YearPlan, pk, request.user)
    require(plans.can_plan(request.user))
    initial = {"planned_investment_wan": row.planned_investment_wan, "is_key": row.is_key}
    form = PlanRowForm(request.POST or None, initial=initial)
    versions.add_version_field(form, row)
    if request.method == "POST" and form.is_valid():
        try:
            plans.update_plan_row(row, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_list_url(row.year))
    return render(
        request,
        "projects/plan_row_form.html",
        {"form": form, "row": row, "committed": plans.is_committed(row.year), **_nav()},
    )


@require_POST
def yearplan_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    row = access_record(YearPlan, pk, request.user)
    require(plans.can_plan(request.user))
    try:
        plans.remove_from_plan(row, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, _("%(name)s left the plan.") % {"name": row.name})
    return redirect(_list_url(row.year))


@require_POST
def yearplan_commit(request: AuthedRequest, year: int) -> HttpResponse:
    require(plans.can_plan(request.user))
    try:
        plans.commit_year(year, by=request.user)
    except ValidationError as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, _("The %(year)d plan is committed.") % {"year": year})
    return redirect(_list_url(year))


def yearplan_rollover(request: AuthedRequest, year: int) -> HttpResponse:
    """The difference a rollover from `year` makes to the next year; POST commits exactly the
    difference shown (its fingerprint), nothing if it has changed meanwhile."""
    require(plans.can_plan(request.user))
    try:
        plans.check_plan_year(year)
    except ValidationError as error:
        raise Http404 from error
    if request.method == "POST":
        try:
            created = plans.commit_rollover(
                year, by=request.user, fingerprint=request.POST.get("fingerprint", "")
            )
        except ValidationError as error:
            messages.error(request, _message_of(error))
        else:
            messages.success(
                request,
                _("%(count)d projects entered the %(year)d plan.")
                % {"count": len(created), "year": year + 1},
            )
            return redirect(_list_url(year + 1))
    diff = plans.rollover_preview(year)
    return render(request, "projects/plan_rollover.html", {"diff": diff, "year": year, **_nav()})


def _list_url(year: int) -> str:
    return f"{reverse('yearplan-list')}?year={year}"


def _nav() -> dict[str, Any]:
    return {"active_nav": "plans"}
