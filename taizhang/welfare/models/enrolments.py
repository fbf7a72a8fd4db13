"""Enrolments (在保 / 享受名单): who receives a programme from which day, and their periodic
reviews (定期复核)."""

from __future__ import annotations

import datetime
from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, User
from taizhang.core.versions import Versioned
from taizhang.lib import clock
from taizhang.people.models import Household, Person
from taizhang.welfare.models.programmes import Programme, yuan

# Who reads a person's welfare records besides their village's line: the programme's owner
# and deciding units (区民政局), never a department outside that line.
WELFARE_READERS = ("programme__owner", "programme__deciding_unit")


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Receiving")  # 享受中
    STOPPED = "stopped", _("Stopped")  # 停发 / 退出


class EnrolmentQuerySet(ScopedQuerySet["Enrolment"]):
    def current(self, on: datetime.date | None = None) -> Self:
        """Enrolments that hold on a day (today by default)."""
        day = on or clock.today()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)

    def review_due(self, on: datetime.date | None = None) -> Self:
        """Active enrolments whose periodic review is due by a day."""
        day = on or clock.today()
        return self.filter(status=EnrolmentStatus.ACTIVE, next_review_on__lte=day)


class Enrolment(Versioned):
    """A person's (or, for a household programme, their household's) enrolment in a programme
    from a day (享受): by approval of an application or by a person confirming a candidate."""

    scope_unit_field = "person__unit"
    scope_read_fields = WELFARE_READERS
    is_ledger_record = True

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    amount_yuan = yuan(
        _("amount (yuan)"),
        null=True,
        blank=True,
        help_text=_("Set by the approval (the 低保 gap); empty: the programme's tiers decide."),
    )
    income_unstable = models.BooleanField(
        _("income unstable"), default=False, help_text=_("Reviewed every six months.")
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    application = models.OneToOneField(
        "welfare.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolment",
    )
    stop_reason = models.CharField(_("reason for stopping"), max_length=200, blank=True)
    enrolled_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["programme_id", "person__unit_id", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=Q(status="active"),
                name="enrolment_one_active_per_person",
                violation_error_message=_("This person is already enrolled in the programme."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="enrolment_ends_after_start",
                violation_error_message=_("An enrolment cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status"], name="enrolment_programme_status"),
            models.Index(fields=["status", "next_review_on"], name="enrolment_review_due"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("welfare-enrolment", args=[self.pk])


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue")  # 继续享受
    CHANGE = "change", _("Change the amount")  # 调整
    STOP = "stop", _("Stop")  # 停发


class EnrolmentReview(models.Model):
    """A periodic review of an enrolment (定期复核): its outcome with a written reason. A stop
    is published (公示) like an approval."""

    scope_unit_field = "enrolment__person__unit"
    scope_read_fields = tuple(f"enrolment__{field}" for field in WELFARE_READERS)

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("due on"))
    reviewed_on = models.DateField(_("reviewed on"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReviewOutcome.choices)
    reason = models.TextField(_("reason"))
    new_amount_yuan = yuan(_("new amount (yuan)"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")
        ordering = ["enrolment_id", "-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.reviewed_on} {self.get_outcome_display()}"
