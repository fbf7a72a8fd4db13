"""塔儿村's land: a parcel of a household (with coordinates, so that it is on the map of
parcels), a transfer contract to a 塔儿村 organisation with its schedule and a payment, an
income of the collective and a price of goods in kind, each carrying the canary, for the
scoping walker."""

import datetime
from decimal import Decimal

from taizhang.core.access import SYSTEM
from taizhang.land import services
from taizhang.land.models import DuePayment
from tests.factories import make_household, make_organisation
from tests.land.factories import clauses


def make(district, people, canary):
    household = make_household(district.taer, "LD-" + canary[:28])
    parcel = services.create_parcel(
        by=SYSTEM,
        household=household,
        code=canary[:40],
        name=canary[:100],
        location=canary,
        east=canary[:100],
        grade="一等",
        registered_area_mu=Decimal("12.5"),
        certificate_number=canary[:40],
        contract_ends_on=datetime.date(2057, 12, 31),
        latitude=Decimal("40.05"),  # on the map of parcels (dashboard and API)
        longitude=Decimal("113.35"),
    )
    operator = make_organisation(district.taer, f"塔儿村合作社 {canary}")
    contract = services.create_contract(
        by=SYSTEM,
        unit=district.taer,
        shares=[services.Share(parcel, Decimal("12.5"))],
        transferee_organisation=operator,
        **clauses(number=canary[:40], use=canary, breach_clauses=canary),
    )
    due = DuePayment.objects.filter(contract=contract).order_by("due_on").first()
    payment = services.record_payment(
        due,
        by=SYSTEM,
        paid_on=datetime.date(2022, 2, 20),
        amount_yuan=Decimal("100"),
        method="cash",
        receipt=canary[:60],
        note=canary[:200],
    )
    income = services.record_income(
        by=SYSTEM,
        unit=district.taer,
        source="service_fee",
        amount_yuan=Decimal("250"),
        received_on=datetime.date(2022, 3, 1),
        description=canary,
        contract=contract,
    )
    price = services.set_kind_price(
        by=SYSTEM, unit=district.taer, goods=canary[:40], year=2022, yuan_per_kg=Decimal("2.5")
    )
    return [household, parcel, operator, contract, due, payment, income, price]
