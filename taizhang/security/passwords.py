"""Password rules (口令复杂度与更换周期) as Django password validators, so that every path that
sets a password (the pages, the admin site, createsuperuser, services) applies them, and the
services that change a password.

- at least 8 characters from 3 of the 4 classes: upper case, lower case, digits, symbols (any
  other character, Chinese included, counts as a symbol);
- not the user name, nor containing it (case-insensitive);
- none of the user's last 5 passwords (their hashes are kept by `HistoryValidator`, which
  Django tells of every change from User.save() after set_password(); the current password
  counts even when it was set without, as UserManager.create_user does);
- changed within TAIZHANG_PASSWORD_MAX_AGE_DAYS (90; 0 turns expiry off).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from taizhang.core import audit
from taizhang.core.access import is_security_admin, require
from taizhang.core.models import AuditAction, User
from taizhang.lib import clock
from taizhang.security.models import PasswordHistory

CLASSES = (str.isupper, str.islower, str.isdigit)


def _classes(password: str) -> int:
    found = {index for char in password for index, test in enumerate(CLASSES) if test(char)}
    symbols = any(not any(test(char) for test in CLASSES) for char in password)
    return len(found) + symbols


class ComplexityValidator:
    def __init__(self, min_length: int = 8, min_classes: int = 3) -> None:
        self.min_length, self.min_classes = min_length, min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length or _classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "At least %(length)d characters, with at least %(classes)d of: upper-case "
            "letters, lower-case letters, digits, symbols."
        ) % {"length": self.min_length, "classes": self.min_classes}


class NotUserNameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        name = (user.get_username() if user is not None else "") or ""
        if name and name.casefold() in password.casefold():
            raise ValidationError(self.get_help_text(), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("The password may not contain your user name.")


class HistoryValidator:
    """Refuses the last `keep` passwords; keeps their hashes when a password changes."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        history = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)
        hashes = list(history[: self.keep])
        if user.password not in hashes:  # set without history (createsuperuser, create_user)
            hashes = [user.password, *hashes][: self.keep]
        if any(check_password(password, known) for known in hashes):
            raise ValidationError(self.get_help_text(), code="password_used_before")

    def get_help_text(self) -> str:
        return ngettext(
            "The password may not be your last one.",
            "The password may not be one of your last %(count)d.",
            self.keep,
        ) % {"count": self.keep}

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None or not user.has_usable_password():
            return
        PasswordHistory.objects.create(user=user, password=user.password, changed_at=clock.now())
        older = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.keep :]
        PasswordHistory.objects.filter(pk__in=list(older)).delete()


def max_age() -> datetime.timedelta | None:
    days = settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS
    return datetime.timedelta(days=days) if days > 0 else None


def expires_at(user: User) -> datetime.datetime | None:
    """When the user's password must be changed: now if the security administrator set it,
    else its age limit (None when expiry is off). Without history, the account's creation."""
    latest = PasswordHistory.objects.filter(user=user).first()
    if latest is not None and latest.must_change:
        return latest.changed_at
    limit = max_age()
    if limit is None:
        return None
    return (latest.changed_at if latest else user.date_joined) + limit


@transaction.atomic
def change_password(user: User, new_password: str, *, by: User, reason: str = "") -> User:
    """Set a new password after checking it against every rule: by the user themselves (the
    page checked the old one), or a reset by the security administrator, which the user must
    change at their next sign-in."""
    reset = by.pk != user.pk
    require(not reset or is_security_admin(by))
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    if reset:
        latest = PasswordHistory.objects.filter(user=user).first()
        if latest is not None:
            latest.must_change = True
            latest.save(update_fields=["must_change"])
    action = _("Password reset") if reset else _("Password changed")
    audit.record_event(
        user, by=by, action=AuditAction.UPDATE, reason=f"{action}: {reason}" if reason else action
    )
    return user
