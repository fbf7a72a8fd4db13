"""Reads that feed the dashboard, the workbench and `taizhang stats land`: the figures of a
year, counted in the database, for what a user sees (everything for None) within a unit.

The year's contracts are those in force on some day of it; its payments are those due for the
contract years that start in it. Area and transferring households count the first transfers
only: a sub-transfer (再流转) passes on land already counted."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from taizhang.core.models import Unit, User
from taizhang.land.models import (
    CollectiveIncome,
    Contract,
    ContractParcel,
    ContractStatus,
    DuePayment,
    Parcel,
    Payment,
)
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.models import Household, Organisation, Person

ZERO = Decimal("0")
CENT = Decimal("0.01")
QUARTER = datetime.timedelta(days=91)  # overdue "more than a season" (risk list)


@dataclass
class Figures:
    year: int
    contracts: int
    area_mu: Decimal
    households_transferring: int
    households_total: int
    benefiting_share: Decimal
    price_per_mu_min_yuan: Decimal | None
    price_per_mu_max_yuan: Decimal | None
    due_yuan: Decimal
    paid_yuan: Decimal
    overdue_yuan: Decimal
    income_yuan: Decimal

    def as_json(self) -> dict[str, Any]:
        """JSON numbers written from the exact decimals (two places at most)."""

        def plain(value: Any) -> Any:
            return float(value) if isinstance(value, Decimal) else value

        return {key: plain(value) for key, value in asdict(self).items()}


def _two(value: Decimal | None) -> Decimal:
    """A sum with two places, whatever the database returned (SQLite drops them)."""
    return Decimal(value or 0).quantize(CENT)


def _scoped(model: Any, user: User | None) -> Any:
    records = model.objects.all()
    return records if user is None else records.for_user(user)


def _within(records: Any, field: str, unit: Unit | None) -> Any:
    return records if unit is None else records.filter(**{f"{field}__path__startswith": unit.path})


def figures(
    user: User | None, *, year: int, today: datetime.date, unit: Unit | None = None
) -> Figures:
    """The year's figures of what `user` sees within `unit` (nine queries)."""
    contracts = _within(_scoped(Contract, user), "unit", unit).in_force_in(year)
    counted = contracts.aggregate(
        count=Count("pk"), low=Min("price_per_mu_yuan"), high=Max("price_per_mu_yuan")
    )
    transfers = ContractParcel.objects.filter(
        contract__in=contracts.filter(parent__isnull=True).values("pk")
    ).aggregate(
        area=Sum("area_mu", default=ZERO),
        households=Count("parcel__household", distinct=True),
    )
    households = _within(_scoped(Household, user), "unit", unit).count()
    dues = _within(_scoped(DuePayment, user), "contract__unit", unit).filter(
        period_starts_on__year=year
    )
    late = dues.overdue(today).values("pk")

    def paid_on(dues_pks: Any) -> Decimal:
        total: Decimal = Payment.objects.filter(due__in=dues_pks).aggregate(
            total=Sum("amount_yuan", default=ZERO)
        )["total"]
        return total

    def due_of(dues_pks: Any) -> Decimal:
        total: Decimal = DuePayment.objects.filter(pk__in=dues_pks).aggregate(
            total=Sum("amount_yuan", default=ZERO)
        )["total"]
        return total

    money = {
        "due": due_of(dues.values("pk")),
        "paid": paid_on(dues.values("pk")),
        "overdue": due_of(late) - paid_on(late),
    }
    income = (
        _within(_scoped(CollectiveIncome, user), "unit", unit)
        .filter(received_on__year=year)
        .aggregate(total=Sum("amount_yuan", default=ZERO))["total"]
    )
    share = (
        (Decimal(transfers["households"]) / households).quantize(Decimal("0.01"))
        if households
        else ZERO
    )
    return Figures(
        year=year,
        contracts=counted["count"],
        area_mu=_two(transfers["area"]),
        households_transferring=transfers["households"],
        households_total=households,
        benefiting_share=share,
        price_per_mu_min_yuan=counted["low"],
        price_per_mu_max_yuan=counted["high"],
        due_yuan=_two(money["due"]),
        paid_yuan=_two(money["paid"]),
        overdue_yuan=_two(money["overdue"]),
        income_yuan=_two(income),
    )


@dataclass
class VillageRow:
    unit: Unit
    contracts: int
    area_mu: Decimal
    households_transferring: int
    income_yuan: Decimal


def by_village(user: User | None, *, year: int, unit: Unit | None = None) -> list[VillageRow]:
    """Per village with contracts or income in the year: contracts, area, transferring
    households and the collective's income (three grouped queries and the units)."""
    contracts = _within(_scoped(Contract, user), "unit", unit).in_force_in(year)
    counts = dict(
        contracts.order_by().values("unit").annotate(n=Count("pk")).values_list("unit", "n")
    )
    transfers: dict[int, Any] = {
        row["contract__unit"]: row
        for row in ContractParcel.objects.filter(
            contract__in=contracts.filter(parent__isnull=True).values("pk")
        )
        .order_by()
        .values("contract__unit")
        .annotate(area=Sum("area_mu"), households=Count("parcel__household", distinct=True))
    }
    income = dict(
        _within(_scoped(CollectiveIncome, user), "unit", unit)
        .filter(received_on__year=year)
        .order_by()
        .values("unit")
        .annotate(total=Sum("amount_yuan"))
        .values_list("unit", "total")
    )
    units = Unit.objects.filter(pk__in={*counts, *income}).order_by("code")
    return [
        VillageRow(
            unit=village,
            contracts=counts.get(village.pk, 0),
            area_mu=_two(transfers.get(village.pk, {}).get("area")),
            households_transferring=transfers.get(village.pk, {}).get("households", 0),
            income_yuan=_two(income.get(village.pk)),
        )
        for village in units
    ]


def risks(contracts: Any, *, today: datetime.date) -> Any:
    """The contracts at risk (风险台账): a payment overdue more than a season, the use
    changed, or the land left idle; annotated with `long_overdue` (the count of such dues)."""
    overdue = DuePayment.objects.overdue(today).values("pk")
    late = Count(
        "dues",
        filter=Q(dues__due_on__lt=today - QUARTER, dues__in=overdue),
        distinct=True,
    )
    return (
        contracts.filter(status="active")
        .annotate(long_overdue=late)
        .filter(Q(long_overdue__gt=0) | Q(use_changed=True) | Q(abandoned=True))
    )


def areas_of(contract_ids: list[int]) -> dict[int, Decimal]:
    """The area transferred by each of these contracts (one query)."""
    return dict(
        ContractParcel.objects.filter(contract_id__in=contract_ids)
        .order_by()
        .values("contract_id")
        .annotate(area=Sum("area_mu"))
        .values_list("contract_id", "area")
    )


def income_by_year(income: Any) -> list[tuple[int, Decimal]]:
    """The collective's income per year, newest first (one grouped query)."""
    return [
        (row["received_on__year"], row["total"])
        for row in income.order_by()
        .values("received_on__year")
        .annotate(total=Sum("amount_yuan"))
        .order_by("-received_on__year")
    ]


def transferee_named(user: Any, text: str) -> Organisation | Person:
    """The transferee a clerk names on a form or in the ledger: an organisation by its unified
    social credit code or by its name (when exactly one the user sees has it), or a person by
    the citizen ID number. ValidationError saying what was not found."""
    text = text.strip()
    organisations = Organisation.objects.for_user(user)
    if len(text) == 18:
        found = organisations.filter(credit_code=text.upper()).first()
        if found is not None:
            return found
        person = Person.objects.for_user(user).filter(id_number=normalize_id_number(text)).first()
        if person is not None:
            return person
    named = list(organisations.filter(name=text)[:2])
    if len(named) == 1:
        return named[0]
    if named:
        raise ValidationError(
            _("Several organisations are called “%(name)s”; give the credit code.") % {"name": text}
        )
    raise ValidationError(
        _(
            "No organisation or person “%(name)s” in the registry you see: give an "
            "organisation's name or credit code, or a person's citizen ID number."
        )
        % {"name": text}
    )


def parcels_named(
    user: Any, unit: Unit, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], Parcel]:
    """The parcels of a village's households the user sees, by (household number, parcel
    code), in one query."""
    wanted = Q()
    for household, code in set(keys):
        wanted |= Q(household__number=household, code=code)
    if not wanted:
        return {}
    parcels = (
        Parcel.objects.for_user(user)
        .filter(wanted, household__unit=unit)
        .select_related("household")
    )
    return {(parcel.household.number, parcel.code): parcel for parcel in parcels}


class ParcelState:
    """A parcel's state on the map: transferred under a contract in force today, with a
    payment overdue to its household under a contract of the parcel, or not transferred."""

    OVERDUE = "overdue"
    TRANSFERRED = "transferred"
    NOT_TRANSFERRED = "not_transferred"


MAP_LIMIT = 5000  # points a map shows at most: a district's parcels of one selection


@dataclass
class ParcelMap:
    points: list[dict[str, Any]]
    without_coordinates: int
    total: int

    @property
    def truncated(self) -> bool:
        return len(self.points) + self.without_coordinates < self.total


def parcel_map(user: User | None, *, today: datetime.date, unit: Unit | None = None) -> ParcelMap:
    """The parcels `user` sees within `unit` that have coordinates, each with its state and
    current transferee, in one query of values (no model instances, no query per parcel); and
    how many have none (a second query)."""
    parcels = _within(_scoped(Parcel, user), "household__unit", unit)
    current = ContractParcel.objects.filter(
        parcel=OuterRef("pk"),
        contract__status=ContractStatus.ACTIVE,
        contract__starts_on__lte=today,
        contract__ends_on__gte=today,
    )
    late = DuePayment.objects.overdue(today).filter(
        household=OuterRef("household"), contract__parcels__parcel=OuterRef("pk")
    )
    # The holder today: the latest contract in force (a sub-transfer's, over the contract it
    # passes on).
    holder = current.order_by("-contract__starts_on", "-contract_id").annotate(
        holder=Coalesce(
            "contract__transferee_organisation__name", "contract__transferee_person__name"
        )
    )
    located = (
        parcels.filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(
            transferred=Exists(current),
            overdue=Exists(late),
            transferee=Subquery(holder.values("holder")[:1]),
        )
        .order_by("household__unit__code", "code", "pk")
        .values(
            "pk",
            "code",
            "name",
            "household__number",
            "household__unit__name",
            "registered_area_mu",
            "measured_area_mu",
            "latitude",
            "longitude",
            "transferred",
            "overdue",
            "transferee",
        )[:MAP_LIMIT]
    )
    points = [
        {
            **row,
            "state": ParcelState.OVERDUE
            if row["overdue"]
            else ParcelState.TRANSFERRED
            if row["transferred"]
            else ParcelState.NOT_TRANSFERRED,
        }
        for row in located
    ]
    counts = parcels.aggregate(
        total=Count("pk"),
        missing=Count("pk", filter=Q(latitude__isnull=True) | Q(longitude__isnull=True)),
    )
    return ParcelMap(points=points, without_coordinates=counts["missing"], total=counts["total"])
