"""Cycles and entitlements made straight with the ORM, for the tests of what comes after a
cycle's approval (hand-outs, payments): the tests of generating cycles call the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from taizhang.core.models import Unit
from taizhang.people.models import Household, Person
from taizhang.welfare.models import Cycle, CycleStatus, Entitlement, Programme, Stock


def make_cycle(
    programme: Programme,
    period: datetime.date = datetime.date(2022, 1, 20),
    *,
    status: str = CycleStatus.APPROVED,
    label: str = "春节",
) -> Cycle:
    return Cycle.objects.create(programme=programme, period=period, label=label, status=status)


def make_entitlement(
    cycle: Cycle, person: Person, household: Household | None = None, unit: Unit | None = None
) -> Entitlement:
    return Entitlement.objects.create(
        cycle=cycle,
        programme=cycle.programme,
        person=person,
        household=household,
        unit=unit or person.unit,
    )


def stock_up(cycle: Cycle, unit: Unit, households: int) -> list[Stock]:
    """Enough of every basket item for `households` baskets in `unit`."""
    return [
        Stock.objects.create(
            cycle=cycle, unit=unit, item=item, received=item.quantity * Decimal(households)
        )
        for item in cycle.programme.basket.all()
    ]
