"""Land transfer and the village collective economy (土地流转与集体经济).

A household's contracted land (承包地) is a list of parcels; a transfer contract (流转合同)
moves the right to farm some of them (经营权) from their households to a transferee, an
organisation or a person of the registry, for a price per mu per year. The contract belongs to
the village of its parcels (its unit), which is how it is scoped. From its schedule come the
payments due to each household by its share of the area; payments are recorded against them.
The village collective keeps its own income ledger (集体经济收入).

Money is in yuan (Decimal, two places), as the contracts and receipts name it; areas in mu
(亩, Decimal, two places).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.versions import Versioned
from taizhang.lib import clock
from taizhang.people.models import Household, Organisation, Person


class LandType(models.TextChoices):
    ARABLE = "arable", _("Arable land")
    GARDEN = "garden", _("Orchard or garden land")
    FOREST = "forest", _("Forest land")
    GRASS = "grass", _("Grassland")
    OTHER = "other", _("Other land")


class ContractKind(models.TextChoices):
    """The ways of transfer the law names (流转方式)."""

    LEASE = "lease", _("Lease")  # 出租
    SUBCONTRACT = "subcontract", _("Subcontract")  # 转包
    SHARES = "shares", _("Shares")  # 入股
    EXCHANGE = "exchange", _("Exchange")  # 互换
    ASSIGNMENT = "assignment", _("Assignment")  # 转让
    OTHER = "other", _("Other way")  # 其他


class PriceBasis(models.TextChoices):
    """How the price of a contract is set (流转价款形式)."""

    CASH = "cash", _("Cash per mu per year")  # 现金
    IN_KIND = "in_kind", _("In kind, converted at the year's price")  # 实物折价
    DIVIDEND = "dividend", _("Dividend with a floor and a cap")  # 保底分红


class ContractStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    TERMINATED = "terminated", _("Terminated")


class TerminationGround(models.TextChoices):
    """The grounds on which a transfer contract may end early (农村土地经营权流转管理办法
    Art. 19 and 农村土地承包法 Art. 42, 64): agreement, the transferee's breach as the law lists
    it, expropriation, the contract's own terms."""

    AGREEMENT = "agreement", _("Both parties agree")
    CHANGED_USE = "changed_use", _("The transferee changed the agricultural use")
    DAMAGED_LAND = "damaged_land", _("The transferee seriously damaged the land or its ecology")
    ABANDONED = "abandoned", _("The land was left idle for two years in a row")
    UNPAID = "unpaid", _("The price was not paid as agreed")
    UNAUTHORISED_SUBTRANSFER = "subtransfer", _("Sub-transfer without written consent")
    EXPROPRIATION = "expropriation", _("The land was expropriated")
    CONTRACT_TERMS = "contract_terms", _("A ground the contract itself names")


class CompensationRecipient(models.TextChoices):
    """Who receives the compensation when the land is expropriated (征收补偿费的归属)."""

    TRANSFEROR = "transferor", _("The contracting households")
    TRANSFEREE = "transferee", _("The transferee, for its crops and works")
    AS_AGREED = "as_agreed", _("As the contract divides it")


class PaymentMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    CASH = "cash", _("Cash")
    OTHER = "other", _("Other")


class IncomeSource(models.TextChoices):
    SERVICE_FEE = "service_fee", _("Service fee for intermediated transfers")
    COLLECTIVE_RENT = "collective_rent", _("Rent of collective land")
    DIVIDENDS = "dividends", _("Dividends")
    PROJECT = "project", _("Project income")
    OTHER = "other", _("Other income")


# Where a parcel of the district can be (中国境内): coordinates outside are a slip of the pen
# (latitude and longitude swapped, a minus sign, degrees-minutes written as decimals).
LATITUDE_RANGE = (Decimal(3), Decimal(54))
LONGITUDE_RANGE = (Decimal(73), Decimal(136))


class Parcel(Versioned):
    """A parcel of a household's contracted land (承包地块), as its certificate (承包经营权证)
    names it: code, location, four boundaries (四至), registered and measured area, grade,
    land type and the end of the contracting term; where known, its coordinates (WGS 84
    degrees), both or neither. A parcel code is unique within its village
    (services.create_parcel)."""

    scope_unit_field = "household__unit"
    is_ledger_record = True

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="parcels"
    )
    code = models.CharField(_("parcel code"), max_length=40)
    name = models.CharField(_("parcel name"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)
    east = models.CharField(_("east boundary"), max_length=100, blank=True)
    south = models.CharField(_("south boundary"), max_length=100, blank=True)
    west = models.CharField(_("west boundary"), max_length=100, blank=True)
    north = models.CharField(_("north boundary"), max_length=100, blank=True)
    registered_area_mu = models.DecimalField(
        _("registered area (mu)"), max_digits=10, decimal_places=2
    )
    measured_area_mu = models.DecimalField(
        _("measured area (mu)"), null=True, blank=True, max_digits=10, decimal_places=2
    )
    grade = models.CharField(_("quality grade"), max_length=20, blank=True)
    land_type = models.CharField(
        _("land type"), max_length=10, choices=LandType.choices, default=LandType.ARABLE
    )
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    contract_ends_on = models.DateField(_("contracting term ends on"))
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        ordering = ["household_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "code"],
                name="land_parcel_code_unique_in_household",
                violation_error_message=_("This household already has a parcel of this code."),
            ),
            models.CheckConstraint(
                condition=Q(registered_area_mu__gt=0),
                name="land_parcel_area_positive",
                violation_error_message=_("A parcel's registered area is above zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("land-parcel", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.registered_area_mu is not None and self.registered_area_mu <= 0:
            errors["registered_area_mu"] = _("A parcel's registered area is above zero.")
        if self.measured_area_mu is not None and self.measured_area_mu <= 0:
            errors["measured_area_mu"] = _("A measured area is above zero.")
        latitude, longitude = self.latitude, self.longitude
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            errors[missing] = _("Give both the latitude and the longitude, or neither.")
        low, high = LATITUDE_RANGE
        if latitude is not None and not low <= latitude <= high:
            errors["latitude"] = _(
                "A latitude in China is between %(low)s and %(high)s degrees north."
            ) % {"low": low, "high": high}
        low, high = LONGITUDE_RANGE
        if longitude is not None and not low <= longitude <= high:
            errors["longitude"] = _(
                "A longitude in China is between %(low)s and %(high)s degrees east."
            ) % {"low": low, "high": high}
        if errors:
            raise ValidationError(errors)


class ContractQuerySet(ScopedQuerySet["Contract"]):
    def in_force_in(self, year: int) -> Self:
        """Contracts in force on some day of `year` (an early end counts from its date)."""
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return self.filter(starts_on__lte=last, ends_on__gte=first).exclude(terminated_on__lt=first)

    def expiring(self, today: datetime.date, days: int = 90) -> Self:
        return self.filter(
            status=ContractStatus.ACTIVE,
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=days),
        )


class Contract(Versioned):
    """A land transfer contract (土地经营权流转合同) of a village: its number, the way of
    transfer, the transferor households (through their parcels), the transferee, the use, the
    term, the price per mu per year with its stepped increases, the payment schedule, who is
    compensated on expropriation, the breach clauses, and its filing (备案) with the collective
    and the township. A sub-transfer (再流转) names the contract it passes on."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="land_contracts"
    )
    number = models.CharField(_("contract number"), max_length=40)
    kind = models.CharField(_("way of transfer"), max_length=12, choices=ContractKind.choices)
    via_collective = models.BooleanField(
        _("through the village collective"),
        default=False,
        help_text=_("The collective acts as intermediary (委托流转)."),
    )
    transferee_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("transferee (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="land_contracts",
    )
    transferee_person = models.ForeignKey(
        Person,
        verbose_name=_("transferee (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="land_contracts",
    )
    use = models.CharField(_("use of the land"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    price_per_mu_yuan = models.DecimalField(
        _("price per mu per year (yuan)"), max_digits=14, decimal_places=2
    )
    price_basis = models.CharField(
        _("price basis"), max_length=10, choices=PriceBasis.choices, default=PriceBasis.CASH
    )
    kind_goods = models.CharField(
        _("goods paid in kind"), max_length=40, blank=True, help_text=_("e.g. wheat (小麦).")
    )
    kind_kg_per_mu = models.DecimalField(
        _("kg per mu per year"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    dividend_floor_yuan = models.DecimalField(
        _("dividend floor per mu (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    dividend_cap_yuan = models.DecimalField(
        _("dividend cap per mu (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    step_every_years = models.PositiveSmallIntegerField(
        _("price rises every (years)"), default=0, help_text=_("0: the price stays the same.")
    )
    step_percent = models.DecimalField(
        _("rise (percent)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    payment_month = models.PositiveSmallIntegerField(_("yearly payment month"), default=12)
    payment_day = models.PositiveSmallIntegerField(_("yearly payment day"), default=31)
    rights_and_duties = models.TextField(_("rights and duties of the parties"), blank=True)
    compensation_recipient = models.CharField(
        _("compensation on expropriation goes to"),
        max_length=12,
        choices=CompensationRecipient.choices,
        blank=True,
    )
    breach_clauses = models.TextField(_("liability for breach"), blank=True)
    filed_with_collective_on = models.DateField(
        _("filed with the collective on"), null=True, blank=True
    )
    filed_with_township_on = models.DateField(
        _("filed with the township on"), null=True, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sub-transfer of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtransfers",
    )
    consent = models.CharField(
        _("written consent of the transferors"),
        max_length=200,
        blank=True,
        help_text=_("The consent document of a sub-transfer (再流转书面同意)."),
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_ground = models.CharField(
        _("ground of termination"), max_length=16, choices=TerminationGround.choices, blank=True
    )
    termination_reason = models.TextField(_("reason of termination"), blank=True)
    use_changed = models.BooleanField(
        _("use changed"), default=False, help_text=_("Found farming something else, or building.")
    )
    abandoned = models.BooleanField(_("land left idle"), default=False)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer contract")
        verbose_name_plural = _("transfer contracts")
        ordering = ["unit_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="land_contract_number_unique_in_unit",
                violation_error_message=_("This village already has a contract of this number."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="land_contract_ends_after_start",
                violation_error_message=_("A contract cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(price_per_mu_yuan__gte=0),
                name="land_contract_price_not_negative",
                violation_error_message=_("A price cannot be below zero."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "starts_on"], name="land_contract_unit_start")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("land-contract", args=[self.pk])

    @property
    def transferee(self) -> Organisation | Person | None:
        return self.transferee_organisation or self.transferee_person

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.transferee_organisation_id and self.transferee_person_id:
            errors["transferee_person"] = _("A contract has one transferee.")
        if not 1 <= self.payment_month <= 12:
            errors["payment_month"] = _("A month is 1 to 12.")
        elif not 1 <= self.payment_day <= 31:
            errors["payment_day"] = _("A day is 1 to 31.")
        if self.step_every_years and self.step_percent <= 0:
            errors["step_percent"] = _("A stepped price rises by more than zero percent.")
        if self.price_basis == PriceBasis.IN_KIND and not (
            self.kind_goods.strip() and self.kind_kg_per_mu and self.kind_kg_per_mu > 0
        ):
            errors["kind_kg_per_mu"] = _("A price in kind names the goods and the kg per mu.")
        if self.price_basis == PriceBasis.DIVIDEND:
            floor, cap = self.dividend_floor_yuan, self.dividend_cap_yuan
            if self.kind != ContractKind.SHARES:
                errors["price_basis"] = _("A dividend is paid on land put in as shares (入股).")
            elif floor is None or cap is None or floor < 0 or cap < floor:
                errors["dividend_cap_yuan"] = _(
                    "A dividend has a floor and a cap, the cap not below the floor."
                )
        if errors:
            raise ValidationError(errors)


class KindPrice(models.Model):
    """The year's price of goods paid in kind (实物折价标准), set by a village or a township for
    the contracts of its villages: a contract takes its nearest unit's price."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    goods = models.CharField(_("goods"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    yuan_per_kg = models.DecimalField(_("yuan per kg"), max_digits=10, decimal_places=4)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("price of goods in kind")
        verbose_name_plural = _("prices of goods in kind")
        ordering = ["unit_id", "goods", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "goods", "year"],
                name="land_kind_price_once_a_year",
                violation_error_message=_(
                    "This unit already has a price for these goods and year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(yuan_per_kg__gt=0),
                name="land_kind_price_positive",
                violation_error_message=_("A price is above zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goods} {self.year} {self.yuan_per_kg}"


class ContractParcel(models.Model):
    """A parcel in a contract, with the area transferred (流转面积), at most its registered
    area. Its household is a transferor of the contract."""

    scope_unit_field = "contract__unit"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="parcels")
    parcel = models.ForeignKey(Parcel, on_delete=models.PROTECT, related_name="transfers")
    area_mu = models.DecimalField(_("area transferred (mu)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("parcel of a contract")
        verbose_name_plural = _("parcels of contracts")
        ordering = ["contract_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "parcel"],
                name="land_contract_parcel_once",
                violation_error_message=_("A parcel is listed once in a contract."),
            ),
            models.CheckConstraint(
                condition=Q(area_mu__gt=0),
                name="land_contract_parcel_area_positive",
                violation_error_message=_("An area transferred is above zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.parcel}"


class DueQuerySet(ScopedQuerySet["DuePayment"]):
    def with_paid(self) -> Self:
        """Each due with `paid`, the sum of its payments (a subquery: no GROUP BY, so the
        result can be filtered, summed and paginated)."""
        paid = (
            Payment.objects.filter(due=models.OuterRef("pk"))
            .order_by()
            .values("due")
            .annotate(total=Sum("amount_yuan"))
            .values("total")
        )
        return self.annotate(
            paid=Coalesce(
                models.Subquery(
                    paid, output_field=models.DecimalField(max_digits=14, decimal_places=2)
                ),
                Value(Decimal("0")),
                output_field=models.DecimalField(max_digits=14, decimal_places=2),
            )
        )

    def overdue(self, today: datetime.date) -> Self:
        """Payments due before today and not paid in full."""
        return (
            self.filter(due_on__lt=today, contract__status=ContractStatus.ACTIVE)
            .with_paid()
            .filter(paid__lt=models.F("amount_yuan"))
        )


class DuePayment(models.Model):
    """A payment due to a transferor household (应付流转费): one per household and contract
    year, its amount the household's share of the contract's area times the year's price."""

    scope_unit_field = "contract__unit"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="dues")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="land_dues")
    due_on = models.DateField(_("due on"))
    period_starts_on = models.DateField(_("for the period from"))
    period_ends_on = models.DateField(_("to"))
    area_mu = models.DecimalField(_("area (mu)"), max_digits=10, decimal_places=2)
    amount_yuan = models.DecimalField(_("amount due (yuan)"), max_digits=14, decimal_places=2)

    objects = DueQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment due")
        verbose_name_plural = _("payments due")
        ordering = ["due_on", "contract_id", "household_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "household", "period_starts_on"],
                name="land_due_once_per_period",
                violation_error_message=_("This household is already due for this period."),
            )
        ]
        indexes = [models.Index(fields=["due_on"], name="land_due_on")]

    def __str__(self) -> str:
        return f"{self.contract} {self.household} {self.due_on}"


class Payment(models.Model):
    """A payment to a transferor household (流转费支付): date, amount, method, receipt."""

    scope_unit_field = "due__contract__unit"

    due = models.ForeignKey(DuePayment, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    method = models.CharField(_("method"), max_length=8, choices=PaymentMethod.choices)
    receipt = models.CharField(_("receipt number"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_yuan__gt=0),
                name="land_payment_positive",
                violation_error_message=_("A payment is above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.due} {self.amount_yuan}"


class CollectiveIncome(models.Model):
    """An income of the village collective (集体经济收入): its source, amount and date."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="land_income"
    )
    source = models.CharField(_("source"), max_length=16, choices=IncomeSource.choices)
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    received_on = models.DateField(_("received on"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="income",
    )
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("collective income")
        verbose_name_plural = _("collective income")
        ordering = ["unit_id", "-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_yuan__gt=0),
                name="land_income_positive",
                violation_error_message=_("An income is above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount_yuan}"

    def get_absolute_url(self) -> str:
        return reverse("land-income-list") + f"?unit={self.unit_id}"


# Kept in its own module; imported here so that Django finds it with the app's models.
from taizhang.land.published import PublishedLandFigures as PublishedLandFigures  # noqa: E402
