"""Responsibility-letter campaigns (责任书签订) and their targets."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.versions import Versioned
from taizhang.people.models import Household, Organisation
from taizhang.volunteers.models.campaigns import Campaign, Volunteer
from taizhang.volunteers.models.common import TargetState
from taizhang.volunteers.models.teams import Team


class LetterCampaign(Versioned):
    """A responsibility-letter campaign (责任书签订): the issuing unit, the letter's text and its
    numbered duties, the communities of its targets; it may belong to a volunteer campaign."""

    scope_unit_field = "unit"
    scope_read_fields = ("places",)
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("letter text"), blank=True)
    duties = models.TextField(_("duties"), help_text=_("One duty a line; they are numbered."))
    places = models.ManyToManyField(Unit, verbose_name=_("communities"), related_name="+")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("volunteer campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter_campaigns",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter campaign")
        verbose_name_plural = _("letter campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="volunteers_letters_end_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteers-letters", args=[self.pk])

    def numbered_duties(self) -> list[str]:
        lines = [line.strip() for line in self.duties.splitlines() if line.strip()]
        return [f"{index}. {line}" for index, line in enumerate(lines, start=1)]


class LetterTarget(models.Model):
    """A counterparty of a letter campaign (签订对象): an organisation of the registry (小区物业,
    商铺) or a household, in one of the campaign's communities, assigned to a volunteer or a
    team; signed (date, who signed, photo or scan), refused (reason) or pending."""

    # The target belongs to its community, whose staff and volunteers sign it (and keep the
    # photo of the letter); the issuing unit reads it.
    is_ledger_record = True  # history and attachments pages (core/views/records.py)
    scope_unit_field = "community"
    scope_read_fields = ("letter_campaign__unit",)

    letter_campaign = models.ForeignKey(
        LetterCampaign, on_delete=models.CASCADE, related_name="targets"
    )
    community = models.ForeignKey(
        Unit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter_targets",
    )
    state = models.CharField(
        _("state"), max_length=8, choices=TargetState.choices, default=TargetState.PENDING
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=50, blank=True)
    refusal_reason = models.CharField(_("reason of refusal"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter target")
        verbose_name_plural = _("letter targets")
        ordering = ["letter_campaign_id", "community_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, household__isnull=True)
                | Q(organisation__isnull=True, household__isnull=False),
                name="volunteers_target_one_counterparty",
                violation_error_message=_("A target is an organisation or a household."),
            ),
            models.CheckConstraint(
                condition=~Q(state="signed") | Q(signed_on__isnull=False),
                name="volunteers_signed_target_has_date",
                violation_error_message=_("A signed letter has the date it was signed."),
            ),
            models.UniqueConstraint(
                fields=["letter_campaign", "organisation"],
                condition=Q(organisation__isnull=False),
                name="volunteers_target_organisation_once",
                violation_error_message=_("This organisation is already a target."),
            ),
            models.UniqueConstraint(
                fields=["letter_campaign", "household"],
                condition=Q(household__isnull=False),
                name="volunteers_target_household_once",
                violation_error_message=_("This household is already a target."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.household)

    def get_absolute_url(self) -> str:
        return reverse("volunteers-target", args=[self.pk])

    @property
    def counterparty(self) -> Any:
        return self.organisation or self.household
