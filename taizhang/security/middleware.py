"""Session limits and what a session must do first, for pages and for the API's session calls
(token calls carry no session and are left to the API's own authentication)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from taizhang.core.addresses import client_address
from taizhang.core.models import AuditAction, User
from taizhang.security import events, sessions


def _signed_in(request: HttpRequest) -> bool:
    return auth.SESSION_KEY in request.session


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class SessionLimitsMiddleware:
    """Ends a session that sat idle too long or lasted too long (audited as a sign-out); the
    API then answers 401 in its error shape, a page sends the visitor to sign in again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _signed_in(request):
            why = sessions.why_ended(request.session)
            if why:
                user = request.user
                if isinstance(user, User):  # else the account was deactivated: no one to name
                    events.record(
                        AuditAction.LOGOUT,
                        user=user,
                        actor=user,
                        address=client_address(request),
                        reason=why,
                    )
                auth.logout(request)
                if not _is_api(request):
                    messages.info(request, why)
            else:
                sessions.touch(request.session)
        return self.get_response(request)


class AccountRequirementsMiddleware:
    """An expired password sends the user to the password page, a second factor their role
    requires to its set-up page; only that page, signing out and static files are let
    through (and the language switch) until it is done."""

    PAGES = {"password": "password-change", "second-factor": "second-factor"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _signed_in(request):
            return self.get_response(request)
        pending = sessions.pending_requirement(request.session)
        if not pending:
            return self.get_response(request)
        page = reverse(self.PAGES[pending])
        path = request.path_info
        open_paths = (page, reverse("logout"), reverse("set_language"))
        if path in open_paths or path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        message = (
            _("Your password has expired. Choose a new one to go on.")
            if pending == "password"
            else _("Your role requires a second factor. Set up an authenticator app to go on.")
        )
        if _is_api(request):
            return JsonResponse({"detail": message, "errors": []}, status=403)
        messages.warning(request, message)
        if request.method == "GET":
            page = f"{page}?{urlencode({'next': request.get_full_path()})}"
        return redirect(page)
