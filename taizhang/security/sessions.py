"""Session limits (会话超时): 30 minutes idle (TAIZHANG_SESSION_IDLE_MINUTES) and 12 hours in
all (TAIZHANG_SESSION_HOURS), and what the session must do before anything else (an expired
password, a second factor to set up).

At sign-in the session gets stamps: when it began, when it was last used, when the password
expires and how the second factor stands. Every sign-in path goes through django.contrib.auth's
login(), which sends `user_logged_in`; `stamp` listens to it so that no path (the sign-in page,
its second step, a test's force_login) leaves a session without them. It keeps session
bookkeeping only; the sign-in's audit entry is the view's.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from taizhang.lib import clock
from taizhang.security import otp, passwords

LOGIN_AT = "security.login_at"
SEEN_AT = "security.seen_at"
PASSWORD_EXPIRES = "security.password_expires"  # noqa: S105 (a session key, not a password)
SECOND_FACTOR = "security.second_factor"
# How the second factor stands in this session.
VERIFIED, NOT_USED, MISSING, TO_SET_UP = "verified", "none", "missing", "set-up"
# The last-use stamp is written at most this often (a session write per request is waste).
SEEN_RESOLUTION = 60


def now_stamp() -> int:
    return int(clock.now().timestamp())


def second_factor_state(user: Any) -> str:
    if getattr(user, "otp_device", None) is not None:
        return VERIFIED
    if otp.device_of(user) is not None:
        return MISSING  # signed in without the code its device asks for
    return TO_SET_UP if otp.requires_second_factor(user) else NOT_USED


def stamp_password(request: HttpRequest, user: Any) -> None:
    expires = passwords.expires_at(user)
    request.session[PASSWORD_EXPIRES] = int(expires.timestamp()) if expires else None


def stamp(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """`user_logged_in` receiver: the session's stamps (see the module's docstring)."""
    if request is None or not hasattr(request, "session"):
        return
    now = now_stamp()
    request.session[LOGIN_AT] = request.session[SEEN_AT] = now
    request.session[SECOND_FACTOR] = second_factor_state(user)
    stamp_password(request, user)


def why_ended(session: Any) -> str:
    """Why this signed-in session is over ("" while it lasts)."""
    now = now_stamp()
    started, seen = session.get(LOGIN_AT), session.get(SEEN_AT)
    if started is None or seen is None:
        return ""
    idle = settings.TAIZHANG_SESSION_IDLE_MINUTES * 60
    if idle and now - seen >= idle:
        return _("You were signed out after %(minutes)d minutes without activity.") % {
            "minutes": settings.TAIZHANG_SESSION_IDLE_MINUTES
        }
    if now - started >= settings.TAIZHANG_SESSION_HOURS * 3600:
        return _("You were signed out %(hours)d hours after signing in.") % {
            "hours": settings.TAIZHANG_SESSION_HOURS
        }
    if session.get(SECOND_FACTOR) == MISSING:
        return _("This sign-in did not use your second factor.")
    return ""


def touch(session: Any) -> None:
    """Note the session's use (for the idle limit), at most once a minute; a session from
    before these stamps existed starts counting now."""
    now = now_stamp()
    if session.get(LOGIN_AT) is None:
        session[LOGIN_AT] = now
    seen = session.get(SEEN_AT)
    if seen is None or now - seen >= SEEN_RESOLUTION or now < seen:
        session[SEEN_AT] = now


def password_expired(session: Any) -> bool:
    expires = session.get(PASSWORD_EXPIRES)
    return expires is not None and now_stamp() >= expires


def pending_requirement(session: Any) -> str:
    """What the user must do before anything else: "password", "second-factor" or ""."""
    if password_expired(session):
        return "password"
    if session.get(SECOND_FACTOR) == TO_SET_UP:
        return "second-factor"
    return ""
