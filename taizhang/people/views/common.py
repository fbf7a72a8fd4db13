"""What the registry's pages share: the menu key, the sub-menu's links and the way a
service's refusal goes back onto a form or into a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from taizhang.core.access import can_write, is_district_writer
from taizhang.core.requests import AuthedRequest

NAV = "people"
PAGE_SIZE = 50


def menu(request: AuthedRequest) -> dict[str, Any]:
    """What people/_menu.html offers this user."""
    return {
        "active_nav": NAV,
        "may_write": can_write(request.user),
        "district_writer": is_district_writer(request.user),
    }


def form_messages(form: Any) -> str:
    return " ".join(
        f"{form.fields[name].label}: {message}" if name in form.fields else message
        for name, errors in form.errors.items()
        for message in errors
    )


def run(request: AuthedRequest, form: Any, write: Any, ok: str) -> bool:
    """Validate a small form of a detail page and call the service; the outcome becomes a
    message on the page the browser goes back to."""
    if not form.is_valid():
        messages.error(request, form_messages(form))
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages) or _("Not saved."))
        return False
    messages.success(request, ok)
    return True
