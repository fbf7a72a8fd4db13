"""Land records for the tests: parcels of a village's households and a contract that states
all eight clauses, made through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from taizhang.core.access import SYSTEM
from taizhang.land import services
from taizhang.land.models import CompensationRecipient, Contract, ContractKind, Parcel
from tests.factories import make_household, make_organisation

TERM_END = datetime.date(2057, 12, 31)


def make_parcel(household, code: str = "P-1", area: str = "10", **fields: Any) -> Parcel:
    values: dict[str, Any] = {
        "name": "南地",
        "location": "村南",
        "grade": "二等",
        "registered_area_mu": Decimal(area),
        "contract_ends_on": TERM_END,
    }
    values.update(fields)
    return services.create_parcel(by=SYSTEM, household=household, code=code, **values)


def clauses(**changes: Any) -> dict[str, Any]:
    """The fields of a contract that states every clause of 农村土地承包法 Art. 40."""
    fields: dict[str, Any] = {
        "kind": ContractKind.LEASE,
        "use": "高粱种植",
        "signed_on": datetime.date(2022, 2, 20),
        "starts_on": datetime.date(2022, 3, 1),
        "ends_on": datetime.date(2025, 2, 28),
        "price_per_mu_yuan": Decimal("600"),
        "payment_month": 3,
        "payment_day": 1,
        "rights_and_duties": "按约定用途种植",
        "compensation_recipient": CompensationRecipient.TRANSFEROR,
        "breach_clauses": "逾期每日万分之五",
    }
    fields.update(changes)
    return fields


def make_contract(
    unit, shares, *, number: str = "HT-1", by=SYSTEM, operator=None, **changes: Any
) -> Contract:
    operator = operator or make_organisation(unit, "测试合作社")
    return services.create_contract(
        by=by,
        unit=unit,
        shares=[services.Share(parcel, Decimal(area)) for parcel, area in shares],
        number=number,
        transferee_organisation=operator,
        **clauses(**changes),
    )


def village_land(unit, households: int = 2, prefix: str = "H") -> list[Parcel]:
    """One parcel of 10 mu for each of `households` new households of `unit`."""
    return [
        make_parcel(make_household(unit, f"{prefix}{index}"), code=f"{prefix}{index}-1")
        for index in range(1, households + 1)
    ]
