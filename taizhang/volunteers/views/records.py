"""The training, award and evaluation records of a volunteer's service record (培训、表彰奖励、
评价): added from the record page by whoever keeps the volunteer's record, and removed when
entered by mistake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from taizhang.core.access import access_record, require
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.volunteers import services
from taizhang.volunteers.forms import AwardForm, EvaluationForm, TrainingForm
from taizhang.volunteers.models import Award, Evaluation, Training, Volunteer
from taizhang.volunteers.views.campaigns import _form_page


class Kind:
    """One kind of record: its model, form, service, anchor on the record page and words."""

    def __init__(
        self,
        model: type[models.Model],
        form: Callable[..., forms.Form],
        write: Callable[..., Any],
        anchor: str,
        title: Any,
        done: Any,
    ) -> None:
        self.model, self.form, self.write = model, form, write
        self.anchor, self.title, self.done = anchor, title, done


KINDS = {
    "training": Kind(
        Training, TrainingForm, services.record_training, "training",
        _("Record a training"), _("The training is recorded."),
    ),
    "award": Kind(
        Award, AwardForm, services.record_award, "awards",
        _("Record an award"), _("The award is recorded."),
    ),
    "evaluation": Kind(
        Evaluation, EvaluationForm, services.record_evaluation, "evaluations",
        _("Record an evaluation"), _("The evaluation is recorded."),
    ),
}  # fmt: skip


def _kind(name: str) -> Kind:
    if name not in KINDS:
        raise Http404
    return KINDS[name]


def record_forms(user: Any) -> dict[str, forms.Form]:
    """The empty forms the record page shows, by kind."""
    return {name: kind.form(user=user) for name, kind in KINDS.items()}


def record_create(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    """Add a training, award or evaluation to the volunteer's record."""
    what = _kind(kind)
    volunteer = access_record(Volunteer, pk, request.user)
    require(services.keeps_record_of(request.user, volunteer))
    form = what.form(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            what.write(volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, str(what.done))
            return redirect(volunteer.get_absolute_url() + f"#{what.anchor}")
    return _form_page(request, form, str(what.title), "volunteers-volunteer", volunteer.pk)


@require_POST
def record_remove(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    """Remove a record entered by mistake (the audit keeps what it was)."""
    what = _kind(kind)
    record = access_record(what.model, pk, request.user)
    services.remove_record(record, by=request.user)  # type: ignore[arg-type]
    messages.success(request, str(_("The record is removed.")))
    volunteer_id = record.volunteer_id  # type: ignore[attr-defined]
    return redirect(reverse("volunteers-volunteer", args=[volunteer_id]) + f"#{what.anchor}")
