"""A responsibility-letter campaign's figures as a report published them (公开的责任书签订数据).

"志愿者们分队与小区物业及周边商铺签订疫情防控责任书……签订完成率达到了100%": the community, the
signing rate and the letters signed, confirmed from report intake and kept beside the rate the
letter campaign's own targets give (never typed), so that a person sees where a report and the
ledger disagree.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.intake.models import PublishedFigures


class PublishedLetterFigures(PublishedFigures):
    """A community's responsibility letters of a year, as a report gave them."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    letter_campaign = models.ForeignKey(
        "volunteers.LetterCampaign",
        verbose_name=_("letter campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rate_percent = models.DecimalField(
        _("signing rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rate_qualifier = models.CharField(
        _("rate qualifier"), max_length=10, blank=True, help_text=_("以上, 近, 约 …")
    )
    signed = models.PositiveIntegerField(_("letters signed"), null=True, blank=True)
    volunteers = models.PositiveIntegerField(_("volunteers"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("published letter figures")
        verbose_name_plural = _("published letter figures")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="volunteers_published_year_range",
                violation_error_message=_("The year must be from 1990 to 2100."),
            ),
            models.CheckConstraint(
                condition=Q(rate_percent__isnull=True) | Q(rate_percent__lte=100),
                name="volunteers_published_rate_at_most_100",
                violation_error_message=_("A signing rate is at most 100%%."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(unit)s: responsibility letters in %(year)s (published)") % {
            "unit": self.unit.name,
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("volunteers-published", args=[self.pk])
