"""How the API knows who is calling: a bearer token (machines) or the session (the browser).

Either way `request.user` is the caller, so the API scopes exactly like the pages.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from taizhang.core.tokens import user_for_key

TOKEN = "token"  # noqa: S105 (a label, not a secret)
SESSION = "session"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`: an unknown or revoked key is refused outright (401), with
    no fall-back to the session, so a bad key never passes for someone else."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(request, token)
        if user is None:
            raise AuthenticationError(message=_("The API token is unknown or revoked."))
        request.user = user
        request.auth_method = TOKEN  # type: ignore[attr-defined]  # read back by auth_method()
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session. Unsafe methods need Django's CSRF token, as in forms.

    Unlike ninja's own SessionAuth, CSRF is checked only once a session user is found, so an
    anonymous caller always gets 401 rather than a CSRF 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("CSRF check failed: send the X-CSRFToken header."))
        request.auth_method = SESSION  # type: ignore[attr-defined]  # read back by auth_method()
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return None  # pragma: no cover (__call__ does the work)


def token_user(request: HttpRequest, token: str) -> Any:
    """The user of a presented key, looked up once per request (a kept API list asks before
    the API does, see api_kept.py)."""
    memo = getattr(request, "_token_user", None)
    if memo is None or memo[0] != token:
        memo = request._token_user = (token, user_for_key(token.strip()))  # type: ignore[attr-defined]
    return memo[1]


def caller(request: HttpRequest) -> Any:
    """Who the API will take the caller to be, as API_AUTH decides it (a bearer key first, then
    the session), or None if it will refuse them."""
    header = request.headers.get("Authorization")
    if header:
        scheme, _space, token = header.partition(" ")
        if scheme.lower() == "bearer":
            return token_user(request, token)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def auth_method(request: HttpRequest) -> str:
    """TOKEN or SESSION: how the current request was authenticated."""
    return getattr(request, "auth_method", "")


API_AUTH = [TokenAuth(), SessionAuth()]
