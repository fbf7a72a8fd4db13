"""Personal data pages (个人信息): seeing a record's personal data in full, an explicit action
with a reason that is recorded (查看完整信息), and the log of those actions for the audit
administrator (个人信息查看记录). The rules are in core/personal.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from taizhang.core import access, personal
from taizhang.core.filters import PersonalDataAccessFilter
from taizhang.core.models import PersonalDataAccess, PersonalDataAccessKind
from taizhang.core.requests import AuthedRequest


def personal_record(app_label: str, model_name: str, pk: str, user: Any) -> models.Model:
    """The record named in a URL, if its model has personal fields and `user` may read it
    (404 otherwise, as for any record out of scope)."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if not personal.personal_fields(model) or not hasattr(model, "scope_unit_field"):
        raise Http404
    return access.access_record(model, pk, user)


def labelled(record: models.Model, values: dict[str, str]) -> list[tuple[str, str]]:
    """(verbose name, value) of each revealed field, in the model's declared order."""
    return [(_label(type(record), name), value) for name, value in values.items()]


def _label(model: type[models.Model] | None, name: str) -> str:
    """A field's verbose name, capitalised; its name for a field since removed."""
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        field = None
    return capfirst(str(getattr(field, "verbose_name", name)))


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the full data?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with your name and the time, and shown to the audit administrator."),
    )


def record_personal(
    request: AuthedRequest, app_label: str, model_name: str, pk: str
) -> HttpResponse:
    """查看完整信息: GET asks why, POST records the reason and shows the fields in full."""
    access.require(access.may_reveal_any_personal_data(request.user))
    record = personal_record(app_label, model_name, pk, request.user)
    access.require(access.may_reveal_personal_data(request.user, record))
    form = RevealForm(request.POST or None)
    revealed: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            values = personal.reveal(
                record,
                by=request.user,
                reason=form.cleaned_data["reason"],
                kind=PersonalDataAccessKind.PAGE,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            revealed = labelled(record, values)
    response = render(
        request,
        "core/record_personal.html",
        {"record": record, "form": form, "revealed": revealed},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def personal_data_log(request: AuthedRequest) -> HttpResponse:
    """Who saw whose personal data in full, when, why and how; for the audit and system
    administrators. Filtered and paged in the database; constant queries."""
    access.require(access.reads_personal_data_log(request.user))
    accesses = PersonalDataAccessFilter(
        request.GET,
        queryset=PersonalDataAccess.objects.select_related("content_type"),
    )
    page = Paginator(accesses.qs, 50).get_page(request.GET.get("page"))
    rows = [(row, field_labels(row)) for row in page.object_list]
    return render(
        request,
        "core/personal_data_log.html",
        {"filter": accesses, "page": page, "rows": rows, "active_nav": "audit"},
    )


def field_labels(row: PersonalDataAccess) -> list[str]:
    """The verbose names of the fields a row names."""
    model = row.content_type.model_class() if row.content_type else None
    return [_label(model, name) for name in row.fields]
