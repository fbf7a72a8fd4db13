"""The writes of transfer contracts (流转合同): the clauses checked, the parcels' shares (not
transferred twice, not past the contracting term, a sub-transfer with consent), the payment
schedule, filing, observations and termination. A contract lacking any of the eight clauses
is refused, naming each one missing (`missing_clauses`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.land.models import (
    Contract,
    ContractParcel,
    ContractStatus,
    DuePayment,
    Parcel,
    PriceBasis,
    TerminationGround,
)
from taizhang.land.services.common import CLAUSES, Share, add_years, locked_contract, yuan
from taizhang.lib import clock
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Household


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
    contract, before = locked_contract(contract)
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
    contract, before = locked_contract(contract)
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
    contract, before = locked_contract(contract)
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
