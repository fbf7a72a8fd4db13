"""Editing the study programmes ("1+1+1"): a programme for an organisation with the first steps
of its cycle, its name and description, a step added at the end, rewritten, or moved one place
earlier or later."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core.access import access_record
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.party.forms.study import ProgrammeCreateForm, ProgrammeForm, StepForm
from taizhang.party.models import PartyOrg, StudyProgramme, StudyStep
from taizhang.party.services import showcase as programme_services
from taizhang.party.services import study as services
from taizhang.party.views.common import form_page


def programme_create(request: AuthedRequest, pk: int) -> HttpResponse:
    org = access_record(PartyOrg, pk, request.user, write=True)
    form = ProgrammeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_services.create_programme(
                org,
                by=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                steps=form.steps(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The study programme is created."))
            return redirect(programme)
    return form_page(
        request, form, title=_("New study programme"), subtitle=org.name,
        cancel=org.get_absolute_url(),
    )  # fmt: skip


def programme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = access_record(StudyProgramme, pk, request.user, write=True)
    form = ProgrammeForm(
        request.POST or None,
        initial={"name": programme.name, "description": programme.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The study programme is saved."))
            return redirect(programme)
    return form_page(
        request, form, title=_("Edit the study programme"), subtitle=programme.name,
        cancel=programme.get_absolute_url(),
    )  # fmt: skip


def step_add(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = access_record(StudyProgramme, pk, request.user, write=True)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.append_step(programme, by=request.user, step=form.step())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The step is added at the end of the cycle."))
            return redirect(programme)
    return form_page(
        request, form, title=_("Add a step"), subtitle=programme.name,
        cancel=programme.get_absolute_url(),
    )  # fmt: skip


def step_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    step = access_record(StudyStep, pk, request.user, write=True)
    form = StepForm(
        request.POST or None,
        initial={
            "kind": step.kind,
            "title": step.title,
            "materials": step.materials,
            "participants": step.participants,
            "notes": step.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.update_step(step, by=request.user, data=form.step())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The step is saved."))
            return redirect(step.programme)
    return form_page(
        request, form, title=_("Edit the step"), subtitle=step.programme.name,
        cancel=step.programme.get_absolute_url(),
    )  # fmt: skip


@require_POST
def step_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a step one place earlier (`direction=up`) or later in the cycle."""
    step = access_record(StudyStep, pk, request.user, write=True)
    try:
        services.move_step(step, by=request.user, earlier=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(step.programme)


urlpatterns: list[URLPattern] = [
    path("orgs/<int:pk>/programmes/new/", programme_create, name="party-programme-create"),
    path("programmes/<int:pk>/edit/", programme_edit, name="party-programme-edit"),
    path("programmes/<int:pk>/steps/new/", step_add, name="party-step-add"),
    path("steps/<int:pk>/edit/", step_edit, name="party-step-edit"),
    path("steps/<int:pk>/move/", step_move, name="party-step-move"),
]
