"""The writes of money: payments of the dues, the collective's income, dividends declared
and prices in kind."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.land.models import (
    CollectiveIncome,
    Contract,
    ContractStatus,
    DuePayment,
    KindPrice,
    Payment,
    PriceBasis,
)
from taizhang.land.services.common import add_years, locked_contract, yuan
from taizhang.lib import clock


@transaction.atomic
def record_payment(
    due: DuePayment,
    *,
    by: User | None,
    paid_on: datetime.date,
    amount_yuan: Decimal,
    method: str,
    receipt: str = "",
    note: str = "",
) -> Payment:
    """Record a payment to a household against what is due to it. A payment above what is
    still due needs a note saying why (a settlement, interest for late payment)."""
    require_person_or_system(by, writes_for(by, due.contract.unit))
    due = DuePayment.objects.select_for_update().select_related("contract").get(pk=due.pk)
    if paid_on > clock.today():
        raise ValidationError({"paid_on": _("A payment cannot be recorded before it is made.")})
    if paid_on < due.contract.signed_on:
        raise ValidationError({"paid_on": _("A payment is made after the contract is signed.")})
    paid = due.payments.aggregate(total=Sum("amount_yuan", default=Decimal("0")))["total"]
    outstanding = due.amount_yuan - paid
    if amount_yuan > outstanding and not note.strip():
        raise ValidationError(
            {
                "amount_yuan": _(
                    "%(amount)s yuan is above the %(outstanding)s yuan still due; "
                    "say why in the note."
                )
                % {"amount": amount_yuan, "outstanding": outstanding}
            }
        )
    payment = Payment(
        due=due,
        paid_on=paid_on,
        amount_yuan=amount_yuan,
        method=method,
        receipt=receipt.strip(),
        note=note.strip(),
        recorded_by=by,
    )
    payment.full_clean()
    payment.save()
    audit.record_create(payment, by=by)
    return payment


@transaction.atomic
def record_income(
    *,
    by: User | None,
    unit: Unit,
    source: str,
    amount_yuan: Decimal,
    received_on: datetime.date,
    description: str = "",
    contract: Contract | None = None,
    is_demo: bool = False,
) -> CollectiveIncome:
    """Record an income of the village collective (集体经济收入)."""
    require_person_or_system(by, writes_for(by, unit))
    if received_on > clock.today():
        raise ValidationError(
            {"received_on": _("An income cannot be recorded before it is received.")}
        )
    if contract is not None and contract.unit_id != unit.pk:
        raise ValidationError({"contract": _("The contract is of another village.")})
    income = CollectiveIncome(
        unit=unit,
        source=source,
        amount_yuan=amount_yuan,
        received_on=received_on,
        description=description.strip(),
        contract=contract,
        recorded_by=by,
        is_demo=is_demo,
    )
    income.full_clean()
    income.save()
    audit.record_create(income, by=by)
    return income


def _reprice_year(
    contract: Contract, year: int, price_per_mu: Decimal, *, by: User | None, reason: str
) -> int:
    """Set the payments due for the contract years starting in `year` from a price per mu
    (each its area and share of days), where nothing is paid on them yet; returns how many."""
    paid = Payment.objects.filter(due=OuterRef("pk"))
    dues = list(
        contract.dues.select_for_update().filter(period_starts_on__year=year).exclude(Exists(paid))
    )
    changes = []
    for due in dues:
        full = (add_years(due.period_starts_on, 1) - due.period_starts_on).days
        days = (due.period_ends_on - due.period_starts_on).days + 1
        amount = yuan(due.area_mu * price_per_mu * Decimal(days) / Decimal(full))
        if amount != due.amount_yuan:
            before = audit.snapshot(due)
            due.amount_yuan = amount
            changes.append((due, before))
    DuePayment.objects.bulk_update([due for due, _before in changes], ["amount_yuan"])
    audit.record_bulk(changes, by=by, reason=reason)
    return len(changes)


@transaction.atomic
def declare_dividend(
    contract: Contract, *, by: User | None, year: int, yuan_per_mu: Decimal
) -> Decimal:
    """Record the dividend per mu a shares contract (入股) declares for the contract years
    starting in `year`: paid within the contract's floor and cap (保底 and 封顶). Returns the
    dividend paid per mu."""
    require_person_or_system(by, writes_for(by, contract.unit))
    contract, _before = locked_contract(contract)
    if contract.price_basis != PriceBasis.DIVIDEND:
        raise ValidationError(_("This contract pays no dividend."))
    if yuan_per_mu < 0:
        raise ValidationError({"yuan_per_mu": _("A dividend is not below zero.")})
    floor, cap = contract.dividend_floor_yuan, contract.dividend_cap_yuan
    assert floor is not None and cap is not None
    paid = min(max(yuan_per_mu, floor), cap)
    reason = _(
        "Dividend of %(year)d: %(declared)s yuan per mu declared, %(paid)s paid (floor "
        "%(floor)s, cap %(cap)s)."
    ) % {"year": year, "declared": yuan_per_mu, "paid": paid, "floor": floor, "cap": cap}
    if not contract.dues.filter(period_starts_on__year=year).exists():
        raise ValidationError({"year": _("No contract year of this contract starts in that year.")})
    _reprice_year(contract, year, paid, by=by, reason=reason)
    return paid


def kind_price_for(contract: Contract, year: int) -> KindPrice | None:
    """The year's price of the contract's goods set by its village or the nearest unit
    above it."""
    path, step = contract.unit.path, contract.unit.steplen
    ancestors = [path[:end] for end in range(step, len(path) + 1, step)]
    return (
        KindPrice.objects.filter(goods=contract.kind_goods, year=year, unit__path__in=ancestors)
        .order_by("-unit__depth")
        .first()
    )


@transaction.atomic
def set_kind_price(
    *, by: User | None, unit: Unit, goods: str, year: int, yuan_per_kg: Decimal
) -> KindPrice:
    """Set the year's price of goods paid in kind (实物折价) for the contracts of `unit`'s
    villages, and convert what those contracts are due for the contract years starting in
    that year, where nothing is paid yet (a village's own price wins over its township's)."""
    require_person_or_system(by, writes_for(by, unit))
    goods = goods.strip()
    price = KindPrice.objects.filter(unit=unit, goods=goods, year=year).first()
    before = audit.snapshot(price) if price is not None else None
    if price is None:
        price = KindPrice(unit=unit, goods=goods, year=year, yuan_per_kg=yuan_per_kg)
    price.yuan_per_kg = yuan_per_kg
    price.full_clean()
    price.save()
    if before is None:
        audit.record_create(price, by=by)
    else:
        audit.record_update(price, before, by=by)
    contracts = Contract.objects.filter(
        unit__path__startswith=unit.path,
        price_basis=PriceBasis.IN_KIND,
        kind_goods=goods,
        status=ContractStatus.ACTIVE,
    ).select_related("unit")
    for contract in contracts:
        if kind_price_for(contract, year) != price:
            continue
        assert contract.kind_kg_per_mu is not None
        per_mu = contract.kind_kg_per_mu * yuan_per_kg
        reason = _("%(goods)s at %(price)s yuan per kg in %(year)d") % {
            "goods": goods,
            "price": yuan_per_kg,
            "year": year,
        }
        _reprice_year(contract, year, per_mu, by=by, reason=reason)
    return price
