"""What the sign-in controls keep: password history, failed sign-ins and locks (账户锁定)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taizhang.lib import clock


class PasswordHistory(models.Model):
    """One password a user had (历史口令): its hash only, never the password. The newest row
    says when the password was last changed; the last five are refused when chosen again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(_("password hash"), max_length=128)
    changed_at = models.DateTimeField(_("changed at"), default=clock.now)
    must_change = models.BooleanField(
        _("must be changed"),
        default=False,
        help_text=_("Set by the security administrator; the user changes it at next sign-in."),
    )

    class Meta:
        verbose_name = _("password history")
        verbose_name_plural = _("password history")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["user", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"


class LoginFailure(models.Model):
    """A failed sign-in (登录失败): the name tried, from which address, why."""

    at = models.DateTimeField(_("time"), default=clock.now, db_index=True)
    username = models.CharField(_("user name"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(_("address"), max_length=45, blank=True)
    reason = models.CharField(_("reason"), max_length=100)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
        indexes = [
            models.Index(fields=["username", "at"]),
            models.Index(fields=["address", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.address}"


class LockKind(models.TextChoices):
    ACCOUNT = "account", _("Account")
    ADDRESS = "address", _("Address")


class LockQuerySet(models.QuerySet):
    def current(self) -> LockQuerySet:
        """Locks in force now: not lifted and not yet run out."""
        return self.filter(until__gt=clock.now(), unlocked_at__isnull=True)

    def on(self, *, username: str, address: str) -> LockQuerySet:
        """Locks of this account name or of this client address."""
        condition = Q(kind=LockKind.ACCOUNT, username=username)
        if address:
            condition |= Q(kind=LockKind.ADDRESS, address=address)
        return self.filter(condition)


class Lock(models.Model):
    """A lock on an account or a client address after too many failed sign-ins (锁定). It ends
    by itself at `until`, or earlier when the security administrator lifts it."""

    kind = models.CharField(_("kind"), max_length=16, choices=LockKind.choices)
    username = models.CharField(_("user name"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(_("address"), max_length=45, blank=True)
    locked_at = models.DateTimeField(_("locked at"), default=clock.now)
    until = models.DateTimeField(_("locked until"), db_index=True)
    failures = models.PositiveIntegerField(_("failed sign-ins"))
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LockQuerySet.as_manager()

    class Meta:
        verbose_name = _("lock")
        verbose_name_plural = _("locks")
        ordering = ["-locked_at", "-id"]

    def __str__(self) -> str:
        return self.username if self.kind == LockKind.ACCOUNT else self.address
