"""What the editing pages share: the page of one form, and a service's refusal shown on it."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render

from taizhang.core.requests import AuthedRequest

NAV = "party"


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
