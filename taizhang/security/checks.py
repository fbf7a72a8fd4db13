"""System checks of the security controls. An audit retention under 180 days stops every
command and the server; `taizhang check --deploy` warns of each control switched off; with
`--database default` (and at every migrate) the users are checked for combined
administrator roles (三员分立)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.db.models import Count

from taizhang.core.roles import SEPARATED_DUTIES, Role
from taizhang.security.audit_trail import MINIMUM_RETENTION_DAYS

ADMINISTRATOR_ROLES = frozenset(role.value for role in SEPARATED_DUTIES)


def retention_message() -> str:
    return (
        f"TAIZHANG_AUDIT_RETENTION_DAYS is {settings.TAIZHANG_AUDIT_RETENTION_DAYS}: the audit "
        f"trail must be kept at least {MINIMUM_RETENTION_DAYS} days (GB/T 22239-2019)."
    )


def refuse_short_retention() -> None:
    """Called by the web server's entry point, which runs no system checks."""
    if settings.TAIZHANG_AUDIT_RETENTION_DAYS < MINIMUM_RETENTION_DAYS:
        raise ImproperlyConfigured(retention_message())


@register(Tags.security)
def audit_retention(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.TAIZHANG_AUDIT_RETENTION_DAYS < MINIMUM_RETENTION_DAYS:
        return [Error(retention_message(), id="taizhang.security.E001")]
    return []


@register(Tags.security, deploy=True)
def controls_switched_off(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Each control of 等保2.0 level 3 that the settings weaken or turn off."""
    found = []

    def warn(number: int, message: str) -> None:
        found.append(Warning(message, id=f"taizhang.security.W{number:03d}"))

    if settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS <= 0:
        warn(1, "Password expiry is off (TAIZHANG_PASSWORD_MAX_AGE_DAYS=0); 90 days is usual.")
    elif settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS > 90:
        warn(1, "Passwords last over 90 days (TAIZHANG_PASSWORD_MAX_AGE_DAYS).")
    missing = sorted(ADMINISTRATOR_ROLES - set(settings.TAIZHANG_OTP_REQUIRED_ROLES))
    if missing:
        warn(
            2,
            "The second factor is not required of the administrator roles "
            f"{', '.join(missing)} (TAIZHANG_OTP_REQUIRED_ROLES).",
        )
    if settings.TAIZHANG_SESSION_IDLE_MINUTES <= 0 or settings.TAIZHANG_SESSION_IDLE_MINUTES > 30:
        warn(3, "Idle sessions are not ended within 30 minutes (TAIZHANG_SESSION_IDLE_MINUTES).")
    if settings.TAIZHANG_SESSION_HOURS > 12:
        warn(4, "Sessions last over 12 hours (TAIZHANG_SESSION_HOURS).")
    if settings.TAIZHANG_LOGIN_FAILURE_LIMIT > 5 or settings.TAIZHANG_LOCKOUT_MINUTES < 30:
        warn(
            5,
            "Accounts are locked later than after 5 failures or for less than 30 minutes "
            "(TAIZHANG_LOGIN_FAILURE_LIMIT, TAIZHANG_LOCKOUT_MINUTES).",
        )
    validators = {entry["NAME"].rsplit(".", 1)[-1] for entry in settings.AUTH_PASSWORD_VALIDATORS}
    if not {"ComplexityValidator", "NotUserNameValidator", "HistoryValidator"} <= validators:
        warn(
            6,
            "A password rule of taizhang.security.passwords is missing from "
            "AUTH_PASSWORD_VALIDATORS.",
        )
    return found


@register(Tags.security, Tags.database)
def separated_duties(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Error]:
    """No user holds two of the system, security and audit administrator roles."""
    if not databases or "default" not in databases:
        return []
    from taizhang.core.models import UserRole

    try:
        combined = list(
            UserRole.objects.filter(role__in=ADMINISTRATOR_ROLES)
            .values("user__username")
            .annotate(count=Count("id"))
            .filter(count__gt=1)
            .values_list("user__username", flat=True)
        )
    except DatabaseError:  # not migrated yet
        return []
    labels = ", ".join(str(Role(role).label) for role in sorted(ADMINISTRATOR_ROLES))
    return [
        Error(
            f"User {username} holds more than one of the administrator roles ({labels}); "
            "remove all but one (三员分立).",
            id="taizhang.security.E002",
        )
        for username in combined
    ]
