"""Land-transfer figures of a village as a report published them (公开的土地流转数据).

"目前，共流转土地2000多亩，农民每亩土地增收600~700元，全村80%的农民从中受益": the area, the
price per mu and the share of villagers who benefit, confirmed from report intake and kept
beside the land ledger's own figures of that village and year (intake_draft.py compares them),
so that a person sees where a report and the ledger disagree.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.intake.models import PublishedFigures


class PublishedLandFigures(PublishedFigures):
    """A village's land-transfer figures for a year as a report gave them."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    area_mu = models.DecimalField(
        _("area transferred (mu)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    area_qualifier = models.CharField(
        _("area qualifier"), max_length=10, blank=True, help_text=_("多, 约, 以上 …")
    )
    price_min_yuan = models.DecimalField(
        _("price per mu, lowest (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    price_max_yuan = models.DecimalField(
        _("price per mu, highest (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    benefiting_percent = models.DecimalField(
        _("villagers benefiting (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("published land-transfer figures")
        verbose_name_plural = _("published land-transfer figures")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="land_published_year_range",
                violation_error_message=_("The year must be from 1990 to 2100."),
            ),
            models.CheckConstraint(
                condition=Q(benefiting_percent__isnull=True) | Q(benefiting_percent__lte=100),
                name="land_published_percent_at_most_100",
                violation_error_message=_("A share of villagers is at most 100%%."),
            ),
            models.CheckConstraint(
                condition=Q(price_min_yuan__isnull=True)
                | Q(price_max_yuan__isnull=True)
                | Q(price_min_yuan__lte=models.F("price_max_yuan")),
                name="land_published_price_range",
                violation_error_message=_("The lowest price is above the highest."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(unit)s: land transfer in %(year)s (published)") % {
            "unit": self.unit.name,
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("land-published", args=[self.pk])
