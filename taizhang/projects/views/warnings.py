"""Warning pages (预警): projects by level with the reasons, and the rules that decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from taizhang.core import printing, versions
from taizhang.core.access import require
from taizhang.core.requests import AuthedRequest
from taizhang.projects import warnings
from taizhang.projects.filters.plans import WarningFilter
from taizhang.projects.forms.plans import PeriodForm, WarningRuleForm
from taizhang.projects.models import WarningRule, YearPlan
from taizhang.projects.services.warning_rules import can_edit_rules, update_rule

PER_PAGE = 50


def period_of(request: AuthedRequest) -> tuple[int, int]:
    """?year=&month=, else the current month (December for a past year)."""
    year, month = warnings.default_period()
    form = PeriodForm(
        {"year": request.GET.get("year") or year, "month": request.GET.get("month") or ""}
    )
    if form.is_valid():
        return form.cleaned_data["year"], form.cleaned_data["month"]
    if "year" not in form.errors:
        return warnings.default_period(form.cleaned_data["year"])
    return year, month


def warning_list(request: AuthedRequest) -> HttpResponse:
    year, month = period_of(request)
    rows = warnings.annotate_warnings(
        YearPlan.objects.for_user(request.user), year=year, month=month
    ).select_related("project", "unit", "subdistrict")
    data = request.GET.copy()
    data["year"] = str(year)
    filterset = WarningFilter(data, queryset=rows, request=request)
    unleveled = data.copy()
    unleveled.pop("level", None)
    counts_of = WarningFilter(unleveled, queryset=rows, request=request).qs
    counts = warnings.level_counts(counts_of, year=year, month=month)
    queryset = filterset.qs.order_by("-level_rank", *(YearPlan._meta.ordering or ()))
    page = printing.page_of(request, queryset, PER_PAGE)
    page.object_list = [warnings.explain(row, year=year, month=month) for row in page]
    return render(
        request,
        "projects/warning_list.html",
        {
            "filter": filterset,
            "page": page,
            "counts": counts,
            "year": year,
            "month": month,
            "time_progress": warnings.time_progress(month),
            "can_edit_rules": can_edit_rules(request.user),
            "active_nav": "warnings",
        },
    )


def warning_rules(request: AuthedRequest) -> HttpResponse:
    """The rules; the programme office and administrators change them."""
    rules = list(WarningRule.objects.order_by("kind"))
    editable = can_edit_rules(request.user)
    forms = [
        WarningRuleForm(
            request.POST if request.method == "POST" and editable else None,
            instance=rule,
            prefix=rule.kind,
        )
        for rule in rules
    ]
    for rule, form in zip(rules, forms, strict=True):
        versions.add_version_field(form, rule)
    for form in forms if not editable else ():
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        require(editable)
        if all(form.is_valid() for form in forms):
            try:
                with transaction.atomic():  # all the rules or none
                    for rule, form in zip(rules, forms, strict=True):
                        if form.has_changed():
                            update_rule(rule, by=request.user, **form.cleaned_data)
            except versions.StaleEdit as error:
                stale = [f for r, f in zip(rules, forms, strict=True) if r.pk == error.record.pk]
                versions.refuse_on_form(stale[0], error)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Changes saved."))
                return redirect("warning-rules")
    return render(
        request,
        "projects/warning_rules.html",
        {"forms": forms, "editable": editable, "active_nav": "warnings"},
    )
