"""A hand-out or visit campaign as a report published it (公开的慰问、发放数据).

"春节前夕，小南头街道走访慰问低保户、五保户等困难群众120户，送去米、面、油等慰问品，发放慰问金3.6万元":
who gave, to how many households or people, how much and what, confirmed from report intake and
kept beside the welfare ledger's own figures of that programme, unit and year (the hand-outs,
payments and visits recorded), so that a person sees where a report and the ledger disagree.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.intake.models import PublishedFigures
from taizhang.welfare.models.programmes import Programme, yuan


class RecipientKind(models.TextChoices):
    HOUSEHOLDS = "households", _("households")  # 户
    PEOPLE = "people", _("people")  # 人, 名, 位


class PublishedWelfareFigures(PublishedFigures):
    """A unit's hand-out or visits of a year, as a report gave them."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("recipients"), null=True, blank=True)
    recipient_kind = models.CharField(
        _("counted as"), max_length=16, choices=RecipientKind.choices, blank=True
    )
    recipients_qualifier = models.CharField(
        _("recipients qualifier"), max_length=10, blank=True, help_text=_("多, 约, 以上 …")
    )
    amount_yuan = yuan(_("amount (yuan)"), null=True, blank=True)
    items = models.CharField(_("goods"), max_length=200, blank=True)
    groups = models.CharField(_("groups visited"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("published hand-out figures")
        verbose_name_plural = _("published hand-out figures")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="welfare_published_year_range",
                violation_error_message=_("The year must be from 1990 to 2100."),
            ),
            models.CheckConstraint(
                condition=Q(amount_yuan__isnull=True) | Q(amount_yuan__gte=0),
                name="welfare_published_amount_not_negative",
                violation_error_message=_("An amount cannot be below zero."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(unit)s: hand-outs and visits in %(year)s (published)") % {
            "unit": self.unit.name,
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("welfare-published", args=[self.pk])
