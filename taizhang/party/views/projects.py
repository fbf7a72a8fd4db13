"""Editing the action projects (百项行动): a new project, its own fields, its status, an
indicator and its value for a month, a milestone, and the district's yearly assessment.
Meeting a milestone is on the records' pages (milestone_meet)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from taizhang.core.access import access_record, can_write, is_district_writer, require
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.core.versions import form_version
from taizhang.lib import clock
from taizhang.party.forms.projects import (
    AssessmentForm,
    IndicatorForm,
    MilestoneAddForm,
    ProjectForm,
    StatusForm,
    ValueForm,
)
from taizhang.party.models import ActionProject, Indicator
from taizhang.party.services import projects as services
from taizhang.party.views.common import form_page


def project_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = ProjectForm(
        request.POST or None, user=request.user, initial={"year": clock.today().year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The action project is created."))
            return redirect(project)
    return form_page(
        request, form, title=_("New action project"), subtitle=_("Action projects"),
        cancel=reverse("party-project-list"),
    )  # fmt: skip


def project_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    project = access_record(ActionProject, pk, request.user, write=True)
    form = ProjectForm(request.POST or None, user=request.user, project=project)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            services.update_project(project, by=request.user, version=form_version(form), **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The action project is saved."))
            return redirect(project)
    return form_page(
        request, form, title=_("Edit the action project"), subtitle=project.title,
        cancel=project.get_absolute_url(),
    )  # fmt: skip


def project_status(request: AuthedRequest, pk: int) -> HttpResponse:
    project = access_record(ActionProject, pk, request.user, write=True)
    form = StatusForm(
        request.POST or None,
        initial={"status": project.status, "finished_on": project.finished_on or clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_status(project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The status is saved."))
            return redirect(project)
    return form_page(
        request, form, title=_("Project status"), subtitle=project.title,
        cancel=project.get_absolute_url(),
    )  # fmt: skip


def indicator_add(request: AuthedRequest, pk: int) -> HttpResponse:
    project = access_record(ActionProject, pk, request.user, write=True)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_indicator(project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The indicator is added."))
            return redirect(project)
    return form_page(
        request, form, title=_("Add an indicator"), subtitle=project.title,
        cancel=project.get_absolute_url(),
    )  # fmt: skip


def indicator_value(request: AuthedRequest, pk: int) -> HttpResponse:
    """The value an indicator reached by the end of a month (a second one corrects it)."""
    indicator = access_record(Indicator, pk, request.user, write=True)
    project = indicator.project
    form = ValueForm(request.POST or None, initial={"month": clock.today().replace(day=1)})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_value(indicator, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The value is recorded."))
            return redirect(project)
    return form_page(
        request, form, title=_("Value of the month"), subtitle=f"{project.title} · {indicator}",
        cancel=project.get_absolute_url(),
    )  # fmt: skip


def milestone_add(request: AuthedRequest, pk: int) -> HttpResponse:
    project = access_record(ActionProject, pk, request.user, write=True)
    form = MilestoneAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_milestone(project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The milestone is added."))
            return redirect(project)
    return form_page(
        request, form, title=_("Add a milestone"), subtitle=project.title,
        cancel=project.get_absolute_url(),
    )  # fmt: skip


def project_assess(request: AuthedRequest, pk: int) -> HttpResponse:
    """The yearly assessment (年度考核), by the district's writers."""
    project = access_record(ActionProject, pk, request.user)
    require(is_district_writer(request.user))
    form = AssessmentForm(request.POST or None, initial={"year": clock.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.assess_project(project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The assessment is recorded."))
            return redirect(project)
    return form_page(
        request, form, title=_("Yearly assessment"), subtitle=project.title,
        cancel=project.get_absolute_url(),
    )  # fmt: skip


urlpatterns: list[URLPattern] = [
    path("projects/new/", project_create, name="party-project-create"),
    path("projects/<int:pk>/edit/", project_edit, name="party-project-edit"),
    path("projects/<int:pk>/status/", project_status, name="party-project-status"),
    path("projects/<int:pk>/indicators/new/", indicator_add, name="party-indicator-add"),
    path("indicators/<int:pk>/values/new/", indicator_value, name="party-indicator-value"),
    path("projects/<int:pk>/milestones/new/", milestone_add, name="party-milestone-add"),
    path("projects/<int:pk>/assess/", project_assess, name="party-project-assess"),
]
