"""The records tasks leave: door-to-door visits (入户走访) and data work (数据整理)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, User
from taizhang.people.models import Household
from taizhang.volunteers.models.campaigns import Campaign, Volunteer
from taizhang.volunteers.models.common import VisitOutcome


class Visit(models.Model):
    """A door-to-door visit of a household (入户走访) during a campaign, with its outcome."""

    scope_unit_field = "campaign__unit"
    scope_read_fields = ("household__unit",)

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="visits")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=VisitOutcome.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("door-to-door visit")
        verbose_name_plural = _("door-to-door visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.household} {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers-campaign", args=[self.campaign_id]) + "#visits"


class DataTask(models.Model):
    """Data work of a campaign (数据整理), e.g. sorting group-booking data for tests, with the
    count of records handled."""

    scope_unit_field = "campaign__unit"
    scope_read_fields = ("campaign__places",)

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="data_tasks")
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.PROTECT, related_name="data_tasks"
    )
    description = models.CharField(_("description"), max_length=200)
    records = models.PositiveIntegerField(_("records handled"))
    done_on = models.DateField(_("done on"))
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("data task")
        verbose_name_plural = _("data tasks")
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("volunteers-campaign", args=[self.campaign_id]) + "#data"
