"""One-time codes for a hand-out (短信验证码): the clerk sends a 6-digit code to the recipient's
registered phone and types what the recipient reads back. Only a keyed hash of the code is kept,
with its expiry and the number of wrong tries, so a code cannot be read back from the database
nor guessed by trying (services/handouts.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, User
from taizhang.lib import clock
from taizhang.welfare.models.cycles import Entitlement
from taizhang.welfare.models.enrolments import WELFARE_READERS


class HandoutCode(models.Model):
    """A one-time code sent for one entitlement's hand-out (领取验证码)."""

    scope_unit_field = "entitlement__unit"
    scope_read_fields = tuple(f"entitlement__cycle__{field}" for field in WELFARE_READERS)

    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.CASCADE, related_name="handout_codes"
    )
    code_hash = models.CharField(max_length=64)
    sent_to = models.CharField(_("sent to"), max_length=30, help_text=_("Masked."))
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("sent at"), default=clock.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hand-out code")
        verbose_name_plural = _("hand-out codes")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["entitlement", "-issued_at"], name="handout_code_latest")]

    def __str__(self) -> str:
        return f"{self.entitlement} {self.sent_to}"
