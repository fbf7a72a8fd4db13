"""API tokens (接口令牌): shown once, stored as SHA-256, revocable."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from taizhang.core import audit
from taizhang.core.models import ApiToken, User

TOKEN_PREFIX = "tz_"  # noqa: S105 (a marker, not a secret)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(user: User, *, by: User | None, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns the record and the key, which is never stored."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=key[:10], key_hash=hash_key(key)
    )
    audit.record_create(token, by=by)
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User | None) -> ApiToken:
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record_update(token, before, by=by)
    return token


def user_for_key(key: str) -> User | None:
    """The active user a presented key belongs to, or None for an unknown or revoked key."""
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
