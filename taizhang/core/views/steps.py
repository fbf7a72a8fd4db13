"""A step taken from a small form on a record's page (approve, return, record a check …): the
form is validated, the service called, and the outcome told as a message on the page the user
goes back to. One helper for every module's step views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def form_error(form: forms.BaseForm) -> ValidationError:
    """A form's errors as one refusal, each message led by its field's label."""
    return ValidationError(
        [
            f"{form.fields[name].label}: {message}" if name in form.fields else message
            for name, errors in form.errors.items()
            for message in errors
        ]
    )


def run_step(
    request: HttpRequest, form: forms.Form, write: Callable[[dict[str, Any]], object], ok: Any
) -> bool:
    """Validate `form`, call `write` with its cleaned data; report the outcome as a message.
    Whether the step was taken."""
    error = None if form.is_valid() else form_error(form)
    if error is None:
        try:
            write(form.cleaned_data)
        except ValidationError as refused:
            error = refused
    if error is not None:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, ok)
    return True
