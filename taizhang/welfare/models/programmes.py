"""Welfare programmes (福利项目) as data: what is given, to whom, by whom, from which funds, and
the eligibility rule (享受条件) evaluated on a given day by services/eligibility.py.

Amounts are in yuan (元), the unit of civil-affairs standards (元/人/月), not the 万元 of the
project bank: a monthly allowance of 300元 would be 0.03万元."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit
from taizhang.core.versions import Versioned
from taizhang.lib import clock
from taizhang.people.models import Group

# A 公示 lasts at least this many days (民政部《最低生活保障审核确认办法》第十六条).
MIN_NOTICE_DAYS = 7
# An application is decided within this many working days of its acceptance, extendable to
# the second figure in special circumstances (同办法第二十一条).
DECISION_WORKING_DAYS = 30
EXTENDED_DECISION_WORKING_DAYS = 45

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


def yuan(verbose_name: Any, **options: Any) -> models.DecimalField:
    """An amount in yuan, exact to the fen."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **options)


class ProgrammeKind(models.TextChoices):
    CASH_MONTHLY = "cash_monthly", _("Cash, monthly")  # 按月发放
    CASH_ONCE = "cash_once", _("Cash, once")  # 一次性发放
    IN_KIND = "in_kind", _("Goods in kind")  # 实物发放
    FEE = "fee", _("Fee paid on behalf")  # 代缴费用
    VISIT = "visit", _("Visits")  # 走访慰问


class BenefitUnit(models.TextChoices):
    """Whom one entitlement goes to: each person, or each household (one per 户)."""

    PERSON = "person", _("Each person")
    HOUSEHOLD = "household", _("Each household")


class Programme(Versioned):
    """A welfare programme (福利项目) run by a unit within its subtree: 低保, 特困供养, 寺儿村's
    allowance for villagers aged 60 and over, Spring Festival goods, holiday visits, water fees."""

    scope_unit_field = "owner"
    scope_read_fields = ("deciding_unit",)
    is_ledger_record = True

    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        Unit, verbose_name=_("programme owner"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ProgrammeKind.choices)
    benefit_unit = models.CharField(
        _("given to"), max_length=16, choices=BenefitUnit.choices, default=BenefitUnit.PERSON
    )
    amount_yuan = yuan(
        _("amount (yuan)"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("Per person or household and cycle; age tiers, if any, decide instead."),
    )
    funding_source = models.CharField(_("funding source"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    excludes = models.ManyToManyField(
        "self",
        verbose_name=_("may not be combined with"),
        symmetrical=True,
        blank=True,
        help_text=_("Nobody receives this and one of these in the same period (低保 and 特困)."),
    )
    # Eligibility (享受条件), all of which must hold on the day it is evaluated.
    residence_units = models.ManyToManyField(
        Unit,
        verbose_name=_("villages and communities"),
        blank=True,
        related_name="+",
        help_text=_("Residents of these units (and the units below); none: the owner's subtree."),
    )
    min_age = models.PositiveSmallIntegerField(_("aged at least"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("aged under"), null=True, blank=True)
    groups = models.ManyToManyField(
        Group,
        verbose_name=_("groups"),
        blank=True,
        related_name="+",
        help_text=_("Members of any of these groups; none: no group needed."),
    )
    min_household_size = models.PositiveSmallIntegerField(
        _("household of at least"), null=True, blank=True
    )
    max_household_size = models.PositiveSmallIntegerField(
        _("household of at most"), null=True, blank=True
    )
    income_standard_yuan = yuan(
        _("income standard (yuan per head and month)"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("The household's monthly income per head must be below it (低保标准)."),
    )
    registered_only = models.BooleanField(_("registered residents only"), default=True)
    # The civil-affairs flow (申请 → 入户调查 → 初审 → 公示 → 审批) or enrolment by a person
    # confirming the candidates (a village allowance from the age of 60).
    needs_application = models.BooleanField(_("by application"), default=False)
    deciding_unit = models.ForeignKey(
        Unit,
        verbose_name=_("deciding unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Approves applications (区民政局); empty: the owner unit."),
    )
    review_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        null=True,
        blank=True,
        help_text=_("Periodic review of each enrolment; 6 where income is unstable."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("public notice (days)"),
        default=MIN_NOTICE_DAYS,
        validators=[MinValueValidator(MIN_NOTICE_DAYS)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("welfare programme")
        verbose_name_plural = _("welfare programmes")
        ordering = ["owner_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"],
                name="programme_name_unique_in_unit",
                violation_error_message=_("This unit already has a programme of this name."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message=_("The programme ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(notice_days__gte=MIN_NOTICE_DAYS),
                name="programme_notice_at_least_7_days",
                violation_error_message=_("A public notice lasts at least 7 days."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("welfare-programme", args=[self.pk])

    @property
    def decider(self) -> Unit:
        return self.deciding_unit or self.owner

    @property
    def is_monthly(self) -> bool:
        return self.kind == ProgrammeKind.CASH_MONTHLY

    @property
    def pays_cash(self) -> bool:
        return self.kind in (ProgrammeKind.CASH_MONTHLY, ProgrammeKind.CASH_ONCE, ProgrammeKind.FEE)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.min_age is not None and self.max_age is not None and self.max_age <= self.min_age:
            errors["max_age"] = _("The upper age is not above the lower one.")
        if (
            self.min_household_size is not None
            and self.max_household_size is not None
            and self.max_household_size < self.min_household_size
        ):
            errors["max_household_size"] = _("The largest household is smaller than the smallest.")
        if errors:
            raise ValidationError(errors)


class Tier(models.Model):
    """An amount by age band (分档): 60–69 100元, 70–79 150元, 80 and over 200元."""

    scope_unit_field = "programme__owner"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tiers")
    min_age = models.PositiveSmallIntegerField(_("aged at least"))
    max_age = models.PositiveSmallIntegerField(_("aged under"), null=True, blank=True)
    amount_yuan = yuan(_("amount (yuan)"), validators=NON_NEGATIVE)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["programme_id", "min_age"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "min_age"],
                name="tier_unique_start",
                violation_error_message=_("Two tiers start at the same age."),
            ),
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__gt=models.F("min_age")),
                name="tier_upper_above_lower",
                violation_error_message=_("The upper age is not above the lower one."),
            ),
        ]

    def __str__(self) -> str:
        upper = f"–{self.max_age}" if self.max_age is not None else "+"
        return f"{self.min_age}{upper}: {self.amount_yuan}"


class BasketItem(models.Model):
    """One item of a hand-out's basket (实物): 大米 10 kg, 面粉 5 kg, 食用油 5 L."""

    scope_unit_field = "programme__owner"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="basket")
    name = models.CharField(_("item"), max_length=50)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=10)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("basket item")
        verbose_name_plural = _("basket items")
        ordering = ["programme_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="basket_item_unique",
                violation_error_message=_("The basket already has this item."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="basket_item_positive",
                violation_error_message=_("A quantity is more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.quantity.normalize():f} {self.unit_of_measure}"
