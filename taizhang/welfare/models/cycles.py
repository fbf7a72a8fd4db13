"""Cycles (发放批次), the entitlements they generate (待遇), stock of goods per village (库存),
hand-outs signed for (领取) and visits (走访慰问).

A cycle is a month of an allowance, or one date of a hand-out. It generates one entitlement per
enrolment that holds (person or household), re-checks eligibility when it is approved by a
second person (maker-checker, core.reviews), and refuses a second entitlement of a person in
the same programme and cycle or in an excluded programme for the same period."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import Attachment, ScopedQuerySet, Unit, User
from taizhang.core.personal import PersonalKind
from taizhang.core.versions import Versioned
from taizhang.lib import clock
from taizhang.people.models import Household, Person
from taizhang.welfare.models.enrolments import WELFARE_READERS, Enrolment
from taizhang.welfare.models.programmes import BasketItem, Programme, yuan


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 生成中
    SUBMITTED = "submitted", _("Waiting for approval")  # 待复核
    RETURNED = "returned", _("Returned")  # 退回
    APPROVED = "approved", _("Approved")  # 已审核, may be exported and handed out


class Cycle(Versioned):
    """One cycle of a programme (发放批次): a month of an allowance, or a hand-out's date."""

    scope_unit_field = "programme__owner"
    scope_read_fields = ("programme__deciding_unit",)
    is_ledger_record = True

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cycles")
    period = models.DateField(
        _("period"), help_text=_("The first day of the month, or the hand-out's date.")
    )
    label = models.CharField(_("label"), max_length=100, blank=True)  # 2022年1月 / 春节
    status = models.CharField(
        _("status"), max_length=16, choices=CycleStatus.choices, default=CycleStatus.DRAFT
    )
    review_note = models.TextField(_("note of the last step"), blank=True)
    made_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-period", "programme_id", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period"],
                name="cycle_one_per_period",
                violation_error_message=_("The programme already has a cycle for this period."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.label or self.period}"

    def get_absolute_url(self) -> str:
        return reverse("welfare-cycle", args=[self.pk])


class PaymentStatus(models.TextChoices):
    NONE = "", _("No payment")  # goods or a visit
    PENDING = "pending", _("To be paid")  # 待发放
    PAID = "paid", _("Paid")  # 已发放
    FAILED = "failed", _("Failed")  # 发放失败 (account closed, name mismatch)


class Entitlement(models.Model):
    """What one person (or household) is owed by one cycle (待遇): an amount, or the basket."""

    scope_unit_field = "person__unit"
    scope_read_fields = tuple(f"cycle__{field}" for field in WELFARE_READERS)
    # The bank's payment list carries the person's citizen ID number (core/personal.py):
    # masked on every surface, in full only in a recorded export.
    personal_fields = {"id_number": PersonalKind.ID_NUMBER}

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="entitlements")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.PROTECT, related_name="entitlements"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="entitlements")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="entitlements"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", help_text=_("The person's village.")
    )
    amount_yuan = yuan(_("amount (yuan)"), null=True, blank=True)
    payment_status = models.CharField(
        _("payment"), max_length=16, choices=PaymentStatus.choices, blank=True, default=""
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_note = models.CharField(_("bank's note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["cycle_id", "unit_id", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "person"],
                name="entitlement_once_per_cycle",
                violation_error_message=_("This person already has an entitlement in the cycle."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "household"],
                condition=Q(household__isnull=False),
                name="entitlement_once_per_household",
                violation_error_message=_(
                    "This household already has an entitlement in the cycle."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "unit"], name="entitlement_cycle_unit"),
            models.Index(fields=["programme", "person"], name="entitlement_programme_person"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.person}"

    @property
    def id_number(self) -> str:
        """The person's citizen ID number (a personal field: shown through core/personal.py)."""
        return self.person.id_number


class Stock(models.Model):
    """Goods received by a village for a hand-out cycle (库存): per basket item. What remains
    is the quantity received less what the hand-outs took."""

    scope_unit_field = "unit"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="stock")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(BasketItem, on_delete=models.PROTECT, related_name="stock")
    received = models.DecimalField(
        _("received"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    handed_out = models.DecimalField(
        _("handed out"), max_digits=12, decimal_places=2, default=Decimal("0"), editable=False
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        ordering = ["cycle_id", "unit_id", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "item"],
                name="stock_one_row_per_item",
                violation_error_message=_("The village already has stock of this item."),
            ),
            models.CheckConstraint(
                condition=Q(received__gte=0) & Q(handed_out__lte=models.F("received")),
                name="stock_never_negative",
                violation_error_message=_("Stock cannot fall below zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.item}"

    @property
    def remaining(self) -> Decimal:
        return self.received - self.handed_out


class ConfirmationMethod(models.TextChoices):
    SIGNATURE = "signature", _("Signature on screen")  # 屏幕签名
    CODE = "code", _("One-time code from the recipient's phone")  # 短信验证码
    PAPER = "paper", _("Signed on a paper list")  # 纸质签领表, entered from the sheet


class Handout(models.Model):
    """A hand-out of goods recorded at the distribution site (领取登记): once per entitlement,
    with the recipient's on-screen signature (an image) or a one-time code."""

    scope_unit_field = "entitlement__unit"
    scope_read_fields = tuple(f"entitlement__cycle__{field}" for field in WELFARE_READERS)

    entitlement = models.OneToOneField(
        Entitlement, on_delete=models.PROTECT, related_name="handout"
    )
    received_by = models.CharField(_("collected by"), max_length=50)
    method = models.CharField(_("confirmed by"), max_length=16, choices=ConfirmationMethod.choices)
    signature = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code_last_digits = models.CharField(_("code"), max_length=8, blank=True)
    handed_at = models.DateTimeField(_("handed out at"), default=clock.now)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hand-out")
        verbose_name_plural = _("hand-outs")
        ordering = ["-handed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entitlement} {self.handed_at:%Y-%m-%d}"


class Visit(models.Model):
    """A visit (走访慰问): who visited whom, when, what was given; photos are attachments."""

    scope_unit_field = "person__unit"
    scope_read_fields = WELFARE_READERS
    is_ledger_record = True  # a page with photos and history

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="welfare_visits")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(_("visitors"), max_length=200)
    # The visitors the text names who are persons of the registry (services/visits.py).
    visiting = models.ManyToManyField(
        Person, blank=True, related_name="welfare_visits_made", verbose_name=_("visitors named")
    )
    gifts = models.CharField(_("what was given"), max_length=200, blank=True)
    amount_yuan = yuan(_("cash given (yuan)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.visited_on}"

    def get_absolute_url(self) -> str:
        return reverse("welfare-visit", args=[self.pk])
