"""The optional second factor (双因素认证): a TOTP authenticator app, through django-otp.

A user sets it up by scanning a QR code (or typing the secret) and confirming one code; from
then on they sign in with their password and a code. TAIZHANG_OTP_REQUIRED_ROLES makes it
compulsory for some roles (production: the three administrators). Codes are checked by
django-otp's device verification, which refuses a code used before and slows down guessing.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from typing import Any

import django_otp
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from taizhang.core import audit
from taizhang.core.access import is_security_admin, require, roles_of
from taizhang.core.models import AuditAction, User


def requires_second_factor(user: Any) -> bool:
    return bool(roles_of(user) & set(settings.TAIZHANG_OTP_REQUIRED_ROLES))


def device_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def new_key() -> str:
    return random_hex(20)


def readable_secret(key: str) -> str:
    """The key as an authenticator app takes it typed in: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user: User, key: str) -> str:
    return TOTPDevice(user=user, key=key).config_url


def verify(user: User, device: TOTPDevice, code: str) -> bool:
    """Whether `code` is right now for the user's device (throttled, never twice the same)."""
    code = "".join(code.split())
    return django_otp.verify_token(user, device.persistent_id, code) is not None


@transaction.atomic
def confirm_device(user: User, key: str, code: str, *, by: User) -> TOTPDevice | None:
    """Set up the user's authenticator: the device with `key` becomes theirs once `code` is
    right; None when it is not (the candidate stays, throttled, for the next try)."""
    require(by.pk == user.pk)
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, confirmed=False, defaults={"key": key, "name": _("Authenticator app")}
    )
    if not verify(user, device, code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit.record_event(user, by=by, action=AuditAction.UPDATE, reason=_("Second factor set up"))
    return device


@transaction.atomic
def remove_devices(user: User, *, by: User, reason: str) -> int:
    """Remove a user's second factor (a lost phone): the security administrator's, audited.
    The user sets it up again; if their role requires it, before anything else."""
    require(is_security_admin(by))
    removed, _kinds = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        text = _("Second factor removed")
        audit.record_event(
            user, by=by, action=AuditAction.UPDATE, reason=f"{text}: {reason}" if reason else text
        )
    return removed
