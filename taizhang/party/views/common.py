"""What the editing pages share: the page of one form, and a service's refusal shown on it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render

from taizhang.core import versions
from taizhang.core.requests import AuthedRequest

NAV = "party"


def refuse(form: Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, else above the form; a
    stale edit with what changed since."""
    if isinstance(error, versions.StaleEdit):
        versions.refuse_on_form(form, error)
    elif hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_page(
    request: AuthedRequest,
    form: Form,
    *,
    title: str,
    subtitle: str,
    cancel: str,
    template: str = "party/edit_form.html",
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "subtitle": subtitle,
            "cancel": cancel,
            "active_nav": NAV,
            **extra,
        },
    )
