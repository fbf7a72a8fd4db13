"""Locking out password guessing (登录失败处理): counted per account and per client address.

TAIZHANG_LOGIN_FAILURE_LIMIT failures of one account name within
TAIZHANG_LOGIN_FAILURE_WINDOW_MINUTES lock it for TAIZHANG_LOCKOUT_MINUTES, wherever they came
from; TAIZHANG_ADDRESS_FAILURE_LIMIT failures from one address (any names) lock the address,
so that one machine cannot try many accounts. Failures before a lock ended (and, for an
account, before its last successful sign-in) no longer count. The counting window and the
lock time are separate settings, which is why this is not django-axes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from taizhang.core.access import is_security_admin, require
from taizhang.core.models import AuditAction, User
from taizhang.lib import clock
from taizhang.security import events
from taizhang.security.models import Lock, LockKind, LoginFailure


def window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.TAIZHANG_LOGIN_FAILURE_WINDOW_MINUTES)


def lock_time() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.TAIZHANG_LOCKOUT_MINUTES)


def current_lock(*, username: str, address: str) -> Lock | None:
    """The lock in force on this account name or this address, the longest first."""
    return Lock.objects.current().on(username=username, address=address).order_by("-until").first()


def _counting_since(kind: str, value: str, user: User | None) -> datetime.datetime:
    """Failures from this moment on count: the window, after the last lock and sign-in."""
    since = clock.now() - window()
    field = "username" if kind == LockKind.ACCOUNT else "address"
    ends = Lock.objects.filter(kind=kind, **{field: value}).aggregate(
        lifted=Max("unlocked_at"), ran_out=Max("until", filter=Q(unlocked_at__isnull=True))
    )
    moments = [since, *(moment for moment in ends.values() if moment is not None)]
    if kind == LockKind.ACCOUNT and user is not None and user.last_login:
        moments.append(user.last_login)
    return max(moments)


def _lock_if_over(kind: str, value: str, limit: int, user: User | None) -> Lock | None:
    field = "username" if kind == LockKind.ACCOUNT else "address"
    since = _counting_since(kind, value, user)
    failures = LoginFailure.objects.filter(at__gt=since, **{field: value}).count()
    if failures < limit:
        return None
    now = clock.now()
    return Lock.objects.create(
        kind=kind,
        username=value if kind == LockKind.ACCOUNT else "",
        user=user if kind == LockKind.ACCOUNT else None,
        address=value if kind == LockKind.ADDRESS else "",
        locked_at=now,
        until=now + lock_time(),
        failures=failures,
    )


@transaction.atomic
def record_failure(
    *, username: str, user: User | None, address: str, reason: str, counts: bool = True
) -> list[Lock]:
    """Record a failed sign-in in the audit trail and, when it `counts` (not an attempt on an
    account already locked), towards the limits; returns the locks it set off."""
    events.record(
        AuditAction.LOGIN_FAILED, user=user, username=username, address=address, reason=reason
    )
    if not counts:
        return []
    prune_failures()
    LoginFailure.objects.create(
        at=clock.now(), username=username[:150], user=user, address=address, reason=reason[:100]
    )
    locks = [_lock_if_over(LockKind.ACCOUNT, username, settings.TAIZHANG_LOGIN_FAILURE_LIMIT, user)]
    if address:
        locks.append(
            _lock_if_over(LockKind.ADDRESS, address, settings.TAIZHANG_ADDRESS_FAILURE_LIMIT, None)
        )
    made = [lock for lock in locks if lock is not None]
    for lock in made:
        events.record(
            AuditAction.LOCKED,
            user=user,
            username=username,
            address=address,
            reason=describe_lock(lock),
        )
    return made


def describe_lock(lock: Lock) -> str:
    """ "Account locked until 2022-06-01 10:30 after 5 failed sign-ins" and the like."""
    values = {"until": _local(lock.until), "failures": lock.failures, "address": lock.address}
    if lock.kind == LockKind.ACCOUNT:
        return _("Account locked until %(until)s after %(failures)s failed sign-ins") % values
    return (
        _("Address %(address)s locked until %(until)s after %(failures)s failed sign-ins") % values
    )


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@transaction.atomic
def unlock(lock: Lock, *, by: Any) -> Lock:
    """Lift a lock before it runs out: the security administrator's, audited."""
    require(is_security_admin(by))
    lock = Lock.objects.select_for_update().get(pk=lock.pk)
    if lock.unlocked_at is not None or lock.until <= clock.now():
        raise ValidationError(_("This lock is no longer in force."))
    lock.unlocked_at, lock.unlocked_by = clock.now(), by
    lock.save(update_fields=["unlocked_at", "unlocked_by"])
    target = _("account %(name)s") % {"name": lock.username}
    if lock.kind == LockKind.ADDRESS:
        target = _("address %(address)s") % {"address": lock.address}
    events.record(
        AuditAction.UNLOCKED,
        user=lock.user,
        username=lock.username or lock.address,
        actor=by,
        reason=_("Lock on %(target)s lifted") % {"target": target},
    )
    return lock


def prune_failures() -> int:
    """Failures older than a day count for nothing any more (the trail keeps them)."""
    cutoff = clock.now() - max(window(), datetime.timedelta(days=1))
    deleted, _kinds = LoginFailure.objects.filter(at__lt=cutoff).delete()
    return deleted
