"""The schedule rules of organisational life (组织生活制度) as data: the list, read by anyone
who reads the ledgers, and the edit of one rule by the district's writers (the district party
office), through `set_rule`, and a new rule for a kind and level that has none."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from taizhang.core.access import is_district_writer, reads_ledgers, require
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.party.forms.rules import NewRuleForm, RuleForm
from taizhang.party.models import ScheduleRule
from taizhang.party.services import meetings as services
from taizhang.party.views.common import NAV, form_page


def rule_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    return render(
        request,
        "party/rule_list.html",
        {
            "rules": ScheduleRule.objects.order_by("level", "kind"),
            "may_edit": is_district_writer(request.user),
            "active_nav": NAV,
        },
    )


def rule_create(request: AuthedRequest) -> HttpResponse:
    """A new rule for a kind of meeting at a level: the district's writers."""
    require(is_district_writer(request.user))
    form = NewRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_rule(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The rule is saved."))
            return redirect("party-rule-list")
    return form_page(
        request, form, title=_("New schedule rule"),
        subtitle=_("Which meeting an organisation of a level holds, how often and by which day."),
        cancel=reverse("party-rule-list"),
    )  # fmt: skip


def rule_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(is_district_writer(request.user))
    rule = get_object_or_404(ScheduleRule, pk=pk)
    form = RuleForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_rule(by=request.user, kind=rule.kind, level=rule.level,
                              **form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The rule is saved."))
            return redirect("party-rule-list")
    return form_page(
        request, form, title=_("Edit the schedule rule"), subtitle=str(rule),
        cancel=reverse("party-rule-list"),
    )  # fmt: skip


urlpatterns: list[URLPattern] = [
    path("rules/", rule_list, name="party-rule-list"),
    path("rules/new/", rule_create, name="party-rule-create"),
    path("rules/<int:pk>/edit/", rule_edit, name="party-rule-edit"),
]
