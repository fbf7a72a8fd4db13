"""Teams of volunteers (志愿服务分队): a unit's (or a campaign's) named group with a leader and
members, to which letter targets are assigned."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.volunteers.models.campaigns import Campaign, Volunteer


class Team(models.Model):
    """A team of volunteers (分队) of an organising unit, optionally for one campaign: its name
    (unique in the unit), its leader (队长, one of its members) and its members."""

    scope_unit_field = "unit"
    scope_read_fields = ("campaign__places",)

    unit = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("volunteer campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    name = models.CharField(_("name"), max_length=50)
    leader = models.ForeignKey(
        Volunteer,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams_led",
    )
    members = models.ManyToManyField(
        Volunteer, verbose_name=_("members"), blank=True, related_name="teams"
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["unit_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="volunteers_team_name_once_per_unit",
                violation_error_message=_("The unit already has a team of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("volunteers-team", args=[self.pk])
