"""What the retirees pages share."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from taizhang.core.access import can_write
from taizhang.core.requests import AuthedRequest
from taizhang.retirees.forms import apply_errors

NAV = "retirees"
PAGE_SIZE = 50


def page(request: AuthedRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(
        request,
        template,
        {"active_nav": NAV, "may_write": can_write(request.user), **context},
    )


def form_page(
    request: AuthedRequest, form: Any, *, title: str, cancel: str, multipart: bool = False
) -> HttpResponse:
    return page(
        request,
        "retirees/form.html",
        {"form": form, "title": title, "cancel": cancel, "multipart": multipart},
    )


def refused(request: AuthedRequest, form: Any, error: ValidationError) -> None:
    apply_errors(form, error)
    messages.error(request, " ".join(str(message) for message in error.messages))
