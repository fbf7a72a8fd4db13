"""The land demo from the seed's passage 集体经济思路宽: 西谷庄村 in 2022 grows sorghum for
liquor (高粱制酒) on a base run by one operator, a cooperative of the registry; more than
2,000 mu are transferred, the farmers get 600–700 yuan per mu per year, and 80% of the
village's households take part.

The figures are the seed's; the contracts, parcels and names are synthetic and say so (演示).
Four in five of the village's households transfer their two parcels each (2,036.4 mu in all)
through the collective (委托流转), in eight contracts of ten years from 1 March 2022 at 600 to
700 yuan per mu, rising 5% every three years, paid first on signing and then
each 1 March. Where the registry's demo village has a number of households that is not a
multiple of five, the loader opens a few more (演示土地户…) so that four in five is exact.
Payments: every household is paid each year on the day, except three households of 2022,
still overdue. The collective's income of 2022: the service fee for the intermediated
transfers, the rent of its own land and a dividend.

The parcels lie on the village's plain around 40.0° N, 113.3° E (invented coordinates, fixed
by each parcel's place in the list): the southern parcels south of the village, the northern
ones north of it, so the dashboard's map shows the base. The households that do not transfer
keep one parcel each (自种), one of them not yet surveyed (no coordinates).

Every write goes through the module's services as the village's officer (or the admin).
Running it again changes nothing (the demo's contracts are looked up first); on a database
loaded before the demo had coordinates, it gives the demo's parcels theirs."""

from __future__ import annotations

import datetime
import random
import re
from decimal import Decimal

from django.db import transaction

from taizhang.core.models import Unit, UnitKind, User
from taizhang.core.roles import Role
from taizhang.land import services
from taizhang.land.models import (
    CompensationRecipient,
    Contract,
    ContractKind,
    DuePayment,
    IncomeSource,
    LandType,
    Parcel,
    PaymentMethod,
)
from taizhang.lib import clock
from taizhang.people.models import Household, OrganisationKind
from taizhang.people.services.households import create_household
from taizhang.people.services.organisations import create_organisation

VILLAGE = "西谷庄村"
PREFIX = "演示"
OPERATOR = f"{PREFIX}西谷庄村千亩高粱种植专业合作社"
TOTAL_AREA = Decimal("2036.4")
PRICES = tuple(Decimal(price) for price in (600, 620, 650, 680, 700, 640, 660, 700))
CONTRACTS = 8
SIGNED_ON = datetime.date(2022, 2, 20)
STARTS_ON = datetime.date(2022, 3, 1)
ENDS_ON = datetime.date(2032, 2, 29)
CONTRACTING_ENDS_ON = datetime.date(2057, 12, 31)  # 二轮承包到期后再延长三十年
UNPAID_2022 = 3  # households whose 2022 payment is still overdue
SERVICE_FEE_PER_MU = Decimal(20)


def _officer(unit: Unit, fallback: User) -> User:
    found = User.objects.filter(unit=unit, roles__role=Role.UNIT_OFFICER, is_active=True)
    return found.order_by("pk").first() or fallback


def _households(unit: Unit, by: User) -> list[Household]:
    """The village's households, padded to a multiple of five (at least five)."""
    households = list(Household.objects.filter(unit=unit).order_by("number", "pk"))
    missing = max(5 - len(households), -len(households) % 5)
    for index in range(1, missing + 1):
        households.append(
            create_household(by=by, unit=unit, number=f"{PREFIX}土地户{index:02d}", is_demo=True)
        )
    return households


def _areas(count: int, rng: random.Random) -> list[Decimal]:
    """`count` parcel areas in mu, one decimal, adding up to TOTAL_AREA."""
    raw = [Decimal(rng.randint(180, 460)) / 10 for _ in range(count)]
    scale = TOTAL_AREA / sum(raw)
    areas = [(area * scale).quantize(Decimal("0.1")) for area in raw]
    areas[-1] += TOTAL_AREA - sum(areas)
    return areas


CENTRE = (Decimal("40.000000"), Decimal("113.300000"))  # latitude, longitude
PARCELS_PER_ROW = 12
DEMO_CODE = re.compile(r"XGZ-(\d{3})-([12])")


def _coordinates(index: int, part: int) -> dict[str, Decimal]:
    """Where the demo's parcel `part` (0 south, 1 north) of the `index`th household lies: rows
    of PARCELS_PER_ROW parcels about 350 m apart, south and north of the village, with a
    small fixed offset so the rows do not look ruled."""
    row, column = divmod(index, PARCELS_PER_ROW)
    step = Decimal("0.004")
    wobble = Decimal((index * 7 + part * 3) % 5 - 2) * Decimal("0.0004")
    side = 1 if part else -1
    latitude = CENTRE[0] + side * (Decimal("0.006") + row * Decimal("0.003")) + wobble
    longitude = CENTRE[1] + (column - Decimal(PARCELS_PER_ROW - 1) / 2) * step - wobble
    return {"latitude": latitude.quantize(Decimal("0.000001")), "longitude": longitude}


def load(admin: User) -> None:
    unit = Unit.objects.filter(name=VILLAGE, kind=UnitKind.VILLAGE).first()
    if unit is None:
        return
    by = _officer(unit, admin)
    if not Contract.objects.filter(unit=unit, is_demo=True).exists():
        with transaction.atomic():
            _load(unit, by)
    with transaction.atomic():
        _place(unit, by)


def _place(unit: Unit, by: User) -> None:
    """Coordinates for the demo's transferred parcels that have none (a demo loaded before)."""
    parcels = Parcel.objects.filter(
        household__unit=unit, is_demo=True, latitude__isnull=True, code__startswith="XGZ-"
    ).select_related("household__unit")
    for parcel in parcels:
        match = DEMO_CODE.fullmatch(parcel.code)
        if match is not None:
            index, part = int(match.group(1)) - 1, int(match.group(2)) - 1
            place = _coordinates(index, part)
            services.update_parcel(
                parcel, by=by, latitude=place["latitude"], longitude=place["longitude"]
            )


def _load(unit: Unit, by: User) -> None:
    rng = random.Random(2022)
    households = _households(unit, by)
    transferring = households[: len(households) * 4 // 5]
    operator = create_organisation(
        by=by,
        unit=unit,
        name=OPERATOR,
        kind=OrganisationKind.COOPERATIVE,
        legal_representative=f"{PREFIX}王社长",
        address=f"{VILLAGE}村北",
        is_demo=True,
    )
    areas = _areas(len(transferring) * 2, rng)
    shares_by_household = []
    for index, household in enumerate(transferring):
        shares = []
        for part in range(2):
            area = areas[index * 2 + part]
            parcel = services.create_parcel(
                by=by,
                household=household,
                code=f"XGZ-{index + 1:03d}-{part + 1}",
                name=f"{PREFIX}{'北' if part else '南'}地",
                location=f"{VILLAGE}{'村北' if part else '村南'}高粱基地",
                east="机耕路",
                south="邻户承包地",
                west="排水沟",
                north="邻户承包地",
                registered_area_mu=area,
                grade="二等",
                land_type=LandType.ARABLE,
                certificate_number=f"140213{index + 1:06d}J",
                contract_ends_on=CONTRACTING_ENDS_ON,
                is_demo=True,
                **_coordinates(index, part),
            )
            shares.append(services.Share(parcel, area))
        shares_by_household.append(shares)
    _own_use(households[len(transferring) :], by)
    per_contract = -(-len(transferring) // CONTRACTS)
    contracts = []
    for number in range(CONTRACTS):
        group = shares_by_household[number * per_contract : (number + 1) * per_contract]
        if not group:
            break
        contracts.append(
            services.create_contract(
                by=by,
                unit=unit,
                shares=[share for shares in group for share in shares],
                number=f"XGZ-2022-{number + 1:03d}",
                kind=ContractKind.LEASE,
                via_collective=True,
                transferee_organisation=operator,
                use="高粱（制酒）规模种植",
                signed_on=SIGNED_ON,
                starts_on=STARTS_ON,
                ends_on=ENDS_ON,
                price_per_mu_yuan=PRICES[number % len(PRICES)],
                step_every_years=3,
                step_percent=Decimal(5),
                payment_month=3,
                payment_day=1,
                rights_and_duties="甲方保证土地权属清楚；乙方按约定用途种植，不得改变农业用途。",
                compensation_recipient=CompensationRecipient.AS_AGREED,
                breach_clauses="逾期支付流转费的，每日按应付金额万分之五支付违约金。",
                filed_with_collective_on=SIGNED_ON,
                filed_with_township_on=SIGNED_ON + datetime.timedelta(days=5),
                is_demo=True,
            )
        )
    _pay(contracts, transferring[:UNPAID_2022], by)
    _income(unit, contracts, by)


def _own_use(households: list[Household], by: User) -> None:
    """One parcel kept by each household that does not transfer, east of the base; the last
    one not yet surveyed (no coordinates), as the map counts."""
    for index, household in enumerate(households):
        surveyed = index < len(households) - 1
        services.create_parcel(
            by=by,
            household=household,
            code=f"XGZ-Z{index + 1:03d}",
            name=f"{PREFIX}自种地",
            location=f"{VILLAGE}村东",
            east="邻户承包地",
            south="机耕路",
            west="邻户承包地",
            north="排水沟",
            registered_area_mu=Decimal(_own_area(index)),
            grade="三等",
            land_type=LandType.ARABLE,
            certificate_number=f"140213{900 + index:06d}J",
            contract_ends_on=CONTRACTING_ENDS_ON,
            is_demo=True,
            **(
                {
                    "latitude": CENTRE[0] + Decimal("0.0015") * (index % 6 - 3),
                    "longitude": CENTRE[1] + Decimal("0.030") + Decimal("0.003") * (index // 6),
                }
                if surveyed
                else {}
            ),
        )


def _own_area(index: int) -> str:
    """A small area (mu) for the `index`th parcel kept for own use, fixed by its index."""
    return f"{3 + (index * 7) % 6}.{(index * 3) % 10}"


def _pay(contracts: list[Contract], unpaid: list[Household], by: User) -> None:
    today = clock.today()
    skipped = {household.pk for household in unpaid}
    dues = DuePayment.objects.filter(contract__in=contracts, due_on__lte=today).order_by(
        "due_on", "pk"
    )
    for due in dues.select_related("contract__unit", "household"):
        if due.period_starts_on.year == STARTS_ON.year and due.household_id in skipped:
            continue
        services.record_payment(
            due,
            by=by,
            paid_on=due.due_on,
            amount_yuan=due.amount_yuan,
            method=PaymentMethod.BANK,
            receipt=f"{PREFIX}{due.due_on.year}-{due.pk:05d}",
        )


def _income(unit: Unit, contracts: list[Contract], by: User) -> None:
    services.record_income(
        by=by,
        unit=unit,
        source=IncomeSource.SERVICE_FEE,
        amount_yuan=TOTAL_AREA * SERVICE_FEE_PER_MU,
        received_on=datetime.date(2022, 3, 10),
        description=f"{PREFIX}高粱基地委托流转服务费（每亩20元）",
        is_demo=True,
    )
    services.record_income(
        by=by,
        unit=unit,
        source=IncomeSource.COLLECTIVE_RENT,
        amount_yuan=Decimal("32500"),
        received_on=datetime.date(2022, 3, 15),
        description=f"{PREFIX}村集体机动地50亩出租",
        is_demo=True,
    )
    services.record_income(
        by=by,
        unit=unit,
        source=IncomeSource.DIVIDENDS,
        amount_yuan=Decimal("60000"),
        received_on=datetime.date(2022, 12, 20),
        description=f"{PREFIX}高粱种植合作社年终分红",
        is_demo=True,
    )
