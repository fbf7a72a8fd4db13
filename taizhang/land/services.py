"""The writes of the land module (土地流转): parcels, contracts and their schedules, payments,
observations, filing, termination and the collective's income. Each checks that the acting
user writes for the village, validates, saves, and records the audit in the same transaction;
a refusal raises ValidationError and changes nothing.

The eight clauses a transfer contract must carry are those of 农村土地承包法 Art. 40; a contract
lacking any is refused, naming each one missing (`missing_clauses`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import audit, versions
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.land.models import (
    CollectiveIncome,
    Contract,
    ContractParcel,
    ContractStatus,
    DuePayment,
    KindPrice,
    Parcel,
    Payment,
    PriceBasis,
    TerminationGround,
)
from taizhang.lib import clock
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Household

CENT = Decimal("0.01")

# 农村土地承包法 Art. 40: what every transfer contract states, in the law's order.
CLAUSES: dict[str, Any] = {
    "parties": gettext_lazy("the names and domiciles of both parties"),
    "land": gettext_lazy("the name, location, area and grade of the land"),
    "term": gettext_lazy("the term and its start and end dates"),
    "use": gettext_lazy("the use of the land"),
    "rights": gettext_lazy("the rights and duties of both parties"),
    "price": gettext_lazy("the price and how it is paid"),
    "compensation": gettext_lazy("who receives the compensation on expropriation"),
    "breach": gettext_lazy("the liability for breach"),
}


@dataclass(frozen=True)
class Share:
    """A parcel in a contract being made, with the area transferred."""

    parcel: Parcel
    area_mu: Decimal


def yuan(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def missing_clauses(contract: Contract, shares: Sequence[Share]) -> list[str]:
    """The keys of CLAUSES the contract (with these parcels) does not state."""
    missing = []
    transferors_known = bool(shares) and all(share.parcel.household_id for share in shares)
    if not (contract.transferee_organisation_id or contract.transferee_person_id) or not (
        transferors_known
    ):
        missing.append("parties")
    if not shares or any(not (s.parcel.location and s.parcel.grade) for s in shares):
        missing.append("land")
    if not (contract.starts_on and contract.ends_on):
        missing.append("term")
    if not contract.use.strip():
        missing.append("use")
    if not contract.rights_and_duties.strip():
        missing.append("rights")
    if contract.price_per_mu_yuan is None or not (contract.payment_month and contract.payment_day):
        missing.append("price")
    if not contract.compensation_recipient:
        missing.append("compensation")
    if not contract.breach_clauses.strip():
        missing.append("breach")
    return missing


def _refuse_missing_clauses(contract: Contract, shares: Sequence[Share]) -> None:
    missing = missing_clauses(contract, shares)
    if missing:
        names = "；".join(str(CLAUSES[key]) for key in missing)
        raise ValidationError(
            _("The contract lacks clauses the law requires (农村土地承包法 Art. 40): %(names)s.")
            % {"names": names}
        )


PARCEL_FIELDS = (
    "name",
    "location",
    "east",
    "south",
    "west",
    "north",
    "registered_area_mu",
    "measured_area_mu",
    "grade",
    "land_type",
    "certificate_number",
    "contract_ends_on",
    "latitude",
    "longitude",
)


def parcel_code_taken(household: Household, code: str, *, exclude: int | None = None) -> bool:
    """Whether another parcel of the household's village has this code: a parcel code names
    one parcel in the village (the certificate's 地块编码), whichever household holds it."""
    others = Parcel.objects.filter(household__unit_id=household.unit_id, code=code)
    return others.exclude(pk=exclude).exists() if exclude else others.exists()


@transaction.atomic
def create_parcel(*, by: User | None, household: Household, **fields: Any) -> Parcel:
    """Record a parcel of a household's contracted land (承包地块); its code is unique in the
    village."""
    require_person_or_system(by, writes_for(by, household.unit))
    parcel = Parcel(household=household, **fields)
    parcel.full_clean()
    # The village's row locked: two parcels of one code made at once, by two households' clerks
    # or two imports, cannot both find the code free (a constraint cannot span the household).
    Unit.objects.select_for_update().filter(pk=household.unit_id).first()
    if parcel_code_taken(household, parcel.code):
        raise ValidationError(
            {
                "code": _("The village already has a parcel of code %(code)s.")
                % {"code": parcel.code}
            }
        )
    parcel.save()
    audit.record_create(parcel, by=by)
    return parcel


@transaction.atomic
def update_parcel(
    parcel: Parcel, *, by: User | None, version: int | None = None, **changes: Any
) -> Parcel:
    """Change what the registry says of a parcel (its code and household stay: they name it).
    `version`: the version the editor started from; refused if it changed since."""
    require_person_or_system(by, writes_for(by, parcel.household.unit))
    unknown = set(changes) - set(PARCEL_FIELDS)
    if unknown:
        raise TypeError(f"unknown parcel fields: {sorted(unknown)}")
    versions.check_version(parcel, version, by=by)
    before = audit.snapshot(parcel)
    for name, value in changes.items():
        setattr(parcel, name, value)
    parcel.full_clean()
    versions.bump_if_changed(parcel, before, by=by)  # writes the version itself
    parcel.save(update_fields=list(changes))
    audit.record_update(parcel, before, by=by)
    return parcel


def _overlapping(parcel: Parcel, starts_on: datetime.date, ends_on: datetime.date) -> Q:
    """Transfers of `parcel` in force on some day between the two dates."""
    return Q(
        parcel=parcel,
        contract__starts_on__lte=ends_on,
        contract__ends_on__gte=starts_on,
    ) & ~Q(contract__terminated_on__lt=starts_on)


def check_shares(contract: Contract, shares: Sequence[Share]) -> None:
    if not shares:
        raise ValidationError({"parcels": _("A contract transfers at least one parcel.")})
    seen: set[int] = set()
    errors: list[str] = []
    for share in shares:
        parcel = share.parcel
        label = str(parcel)
        if parcel.pk in seen:
            errors.append(_("Parcel %(parcel)s is listed twice.") % {"parcel": label})
            continue
        seen.add(parcel.pk)
        if parcel.household.unit_id != contract.unit_id:
            errors.append(
                _("Parcel %(parcel)s is not land of this village's households.") % {"parcel": label}
            )
        if share.area_mu <= 0:
            errors.append(_("The area of parcel %(parcel)s is above zero.") % {"parcel": label})
        elif share.area_mu > parcel.registered_area_mu:
            errors.append(
                _(
                    "%(area)s mu of parcel %(parcel)s is above its registered area of "
                    "%(registered)s mu."
                )
                % {"area": share.area_mu, "parcel": label, "registered": parcel.registered_area_mu}
            )
        if contract.ends_on and contract.ends_on > parcel.contract_ends_on:
            errors.append(
                _(
                    "The contract ends after the contracting term of parcel %(parcel)s, which "
                    "ends on %(end)s."
                )
                % {"parcel": label, "end": parcel.contract_ends_on.isoformat()}
            )
        if contract.starts_on and contract.ends_on:
            others = ContractParcel.objects.filter(
                _overlapping(parcel, contract.starts_on, contract.ends_on)
            )
            if contract.parent_id:
                others = others.exclude(contract_id=contract.parent_id)
            clash = others.select_related("contract").first()
            if clash is not None:
                errors.append(
                    _(
                        "Parcel %(parcel)s is already transferred by contract %(number)s "
                        "for these dates."
                    )
                    % {"parcel": label, "number": clash.contract.number}
                )
    if errors:
        raise ValidationError({"parcels": errors})


def _check_subtransfer(contract: Contract, shares: Sequence[Share]) -> None:
    parent = contract.parent
    if parent is None:
        return
    if not (contract.consent.strip() and contract.consent_on):
        raise ValidationError(
            {"consent": _("A sub-transfer needs the transferors' written consent, recorded.")}
        )
    if parent.status != ContractStatus.ACTIVE:
        raise ValidationError({"parent": _("Only a contract in force can be sub-transferred.")})
    if contract.starts_on < parent.starts_on or contract.ends_on > parent.ends_on:
        raise ValidationError(
            {"ends_on": _("A sub-transfer stays within the term of the contract it passes on.")}
        )
    held = set(parent.parcels.values_list("parcel_id", flat=True))
    if any(share.parcel.pk not in held for share in shares):
        raise ValidationError(
            {"parcels": _("A sub-transfer passes on parcels of the contract it passes on.")}
        )


def schedule(contract: Contract, shares: Sequence[Share]) -> list[DuePayment]:
    """The payments due under the contract: one per transferor household and contract year,
    the first due on signing, the next each year on the contract's payment day; the price rises
    by `step_percent` every `step_every_years` years; a last short year pays its share of
    days."""
    areas: dict[int, Decimal] = defaultdict(Decimal)
    households: dict[int, Household] = {}
    for share in shares:
        areas[share.parcel.household_id] += share.area_mu
        households[share.parcel.household_id] = share.parcel.household
    dues = []
    year = 0
    start = contract.starts_on
    while start <= contract.ends_on:
        following = add_years(contract.starts_on, year + 1)
        end = min(following - datetime.timedelta(days=1), contract.ends_on)
        steps = year // contract.step_every_years if contract.step_every_years else 0
        price = contract.price_per_mu_yuan * (1 + contract.step_percent / 100) ** steps
        fraction = Decimal((end - start).days + 1) / Decimal((following - start).days)
        if year == 0:
            due_on = contract.signed_on
        else:
            month, day = contract.payment_month, contract.payment_day
            while True:
                try:
                    due_on = datetime.date(start.year, month, day)
                    break
                except ValueError:
                    day -= 1
        for household_id, area in sorted(areas.items()):
            dues.append(
                DuePayment(
                    contract=contract,
                    household=households[household_id],
                    due_on=due_on,
                    period_starts_on=start,
                    period_ends_on=end,
                    area_mu=area,
                    amount_yuan=yuan(area * price * fraction),
                )
            )
        year += 1
        start = following
    return dues


@transaction.atomic
def create_contract(
    *,
    by: User | None,
    unit: Unit,
    shares: Sequence[Share],
    **fields: Any,
) -> Contract:
    """Make a transfer contract of a village with its parcels and its schedule of payments.

    Refused, with nothing written: a village the user does not write for, a contract lacking
    any of the eight clauses, a parcel of another village, an area above a parcel's registered
    area, a term past a parcel's contracting term, a parcel already transferred for some of
    these dates, a sub-transfer without recorded written consent."""
    require_person_or_system(by, writes_for(by, unit))
    if unit.kind not in RESIDENCE_UNIT_KINDS:
        raise ValidationError({"unit": _("A transfer contract belongs to a village.")})
    parcel_ids = [share.parcel.pk for share in shares]
    # Lock the parcels: two contracts made at once for one parcel cannot both pass the check.
    locked = {
        parcel.pk: parcel
        for parcel in Parcel.objects.select_for_update()
        .select_related("household")
        .filter(pk__in=parcel_ids)
    }
    shares = [Share(locked.get(s.parcel.pk, s.parcel), Decimal(s.area_mu)) for s in shares]
    contract = Contract(unit=unit, created_by=by, **fields)
    if contract.price_basis == PriceBasis.DIVIDEND and contract.dividend_floor_yuan is not None:
        # The schedule pays the floor (保底) until the year's dividend is declared.
        contract.price_per_mu_yuan = contract.dividend_floor_yuan
    _refuse_missing_clauses(contract, shares)
    contract.full_clean()
    check_shares(contract, shares)
    _check_subtransfer(contract, shares)
    contract.save()
    audit.record_create(contract, by=by)
    links = ContractParcel.objects.bulk_create(
        ContractParcel(contract=contract, parcel=share.parcel, area_mu=share.area_mu)
        for share in shares
    )
    dues = DuePayment.objects.bulk_create(schedule(contract, shares))
    audit.record_bulk([(record, None) for record in [*links, *dues]], by=by)
    return contract


def _locked(contract: Contract) -> tuple[Contract, dict[str, Any]]:
    fresh = Contract.objects.select_for_update().select_related("unit").get(pk=contract.pk)
    return fresh, audit.snapshot(fresh)


@transaction.atomic
def file_contract(
    contract: Contract,
    *,
    by: User | None,
    collective_on: datetime.date | None = None,
    township_on: datetime.date | None = None,
) -> Contract:
    """Record the filing (备案) of a contract with the collective and with the township."""
    require_person_or_system(by, writes_for(by, contract.unit))
    contract, before = _locked(contract)
    today = clock.today()
    for day in (collective_on, township_on):
        if day is not None and (day > today or day < contract.signed_on):
            raise ValidationError(_("A contract is filed after it is signed and not in future."))
    if collective_on is not None:
        contract.filed_with_collective_on = collective_on
    if township_on is not None:
        contract.filed_with_township_on = township_on
    contract.version += 1
    contract.save(update_fields=["filed_with_collective_on", "filed_with_township_on", "version"])
    audit.record_update(contract, before, by=by)
    return contract


@transaction.atomic
def record_observation(
    contract: Contract, *, by: User | None, use_changed: bool, abandoned: bool, note: str = ""
) -> Contract:
    """Record what an inspection found: the land's use changed, or the land left idle. Both
    put the contract on the risk list."""
    require_person_or_system(by, writes_for(by, contract.unit))
    contract, before = _locked(contract)
    contract.use_changed, contract.abandoned = use_changed, abandoned
    contract.version += 1
    contract.save(update_fields=["use_changed", "abandoned", "version"])
    audit.record_update(contract, before, by=by, reason=note)
    return contract


@transaction.atomic
def terminate_contract(
    contract: Contract, *, by: User | None, on: datetime.date, ground: str, reason: str
) -> Contract:
    """End a contract early, only on a ground the law allows, with the reason recorded. The
    payments not yet due after that day, and nothing paid on them, are dropped."""
    require_person_or_system(by, writes_for(by, contract.unit))
    contract, before = _locked(contract)
    if contract.status != ContractStatus.ACTIVE:
        raise ValidationError(_("This contract has already ended."))
    if ground not in TerminationGround.values:
        raise ValidationError(
            {"termination_ground": _("A contract ends early only on a ground the law allows.")}
        )
    if not reason.strip():
        raise ValidationError({"termination_reason": _("Give the reason of the termination.")})
    if not contract.starts_on <= on <= contract.ends_on or on > clock.today():
        raise ValidationError(
            {"terminated_on": _("A contract ends within its term, and not in future.")}
        )
    contract.status = ContractStatus.TERMINATED
    contract.terminated_on = on
    contract.termination_ground = ground
    contract.termination_reason = reason.strip()
    contract.version += 1
    contract.save(
        update_fields=[
            "status",
            "terminated_on",
            "termination_ground",
            "termination_reason",
            "version",
        ]
    )
    audit.record_update(contract, before, by=by, reason=reason)
    dropped = contract.dues.filter(due_on__gt=on, payments__isnull=True)
    for due in dropped:
        audit.record_delete(due, by=by, reason=reason)
    DuePayment.objects.filter(pk__in=[due.pk for due in dropped]).delete()
    return contract


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
    contract, _before = _locked(contract)
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
