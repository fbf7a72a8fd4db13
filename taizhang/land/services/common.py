"""What the land module's writes share: the eight clauses a transfer contract must carry
(农村土地承包法 Art. 40), a parcel's share of a contract being made, amounts in yuan and years
added to a date, and a contract read again under a lock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from taizhang.core import audit
from taizhang.land.models import (
    Contract,
    Parcel,
)

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


def locked_contract(contract: Contract) -> tuple[Contract, dict[str, Any]]:
    fresh = Contract.objects.select_for_update().select_related("unit").get(pk=contract.pk)
    return fresh, audit.snapshot(fresh)
