"""The land router of the API under /api/v1/land/: parcels, contracts, payments due and made,
the collective's income and the year's figures. Reads start from `.for_user()`; writes call
the services, which check access again."""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from taizhang.core.access import require, writes_for
from taizhang.core.api import unit_by_id
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.land import queries, services
from taizhang.land.models import (
    CollectiveIncome,
    Contract,
    DuePayment,
    KindPrice,
    Parcel,
    Payment,
)
from taizhang.land.schemas import (
    LandContractDetailOut,
    LandContractFilterIn,
    LandContractIn,
    LandContractOut,
    LandDividendIn,
    LandDividendOut,
    LandDueFilterIn,
    LandDueOut,
    LandFiguresIn,
    LandFiguresOut,
    LandFilingIn,
    LandIncomeIn,
    LandIncomeOut,
    LandKindPriceIn,
    LandKindPriceOut,
    LandObservationIn,
    LandParcelIn,
    LandParcelMapIn,
    LandParcelMapOut,
    LandParcelOut,
    LandPaymentIn,
    LandPaymentOut,
    LandTerminationIn,
)
from taizhang.lib import clock
from taizhang.people.models import Household, Organisation, Person

router = Router(tags=["land"])
WRITE_ERRORS = (400, 403, 404, 422)


def _one(records: Any, pk: int | None) -> Any:
    return None if pk is None else get_object_or_404(records, pk=pk)


@router.get("/land/parcels", response=with_errors({200: list[LandParcelOut]}))
@paginate(PageNumberPage)
def list_parcels(request: AuthedRequest) -> Any:
    """The parcels of contracted land the caller sees."""
    return (
        Parcel.objects.for_user(request.user)
        .select_related("household")
        .order_by("household__unit_id", "household__number", "code", "pk")
    )


@router.get("/land/parcels/map", response=with_errors({200: LandParcelMapOut}, 422))
def parcel_map(request: AuthedRequest, filters: Query[LandParcelMapIn]) -> Any:
    """The parcels the caller sees that have coordinates, as a GeoJSON FeatureCollection of
    points, each with its state today (transferred, overdue, not transferred) and transferee;
    `unit` narrows to a unit's subtree; `without_coordinates` counts the parcels that have
    none. At most 5,000 points (`truncated` says when there are more)."""
    unit = unit_by_id(Unit.objects.for_user(request.user), filters.unit, "unit")
    found = queries.parcel_map(request.user, today=clock.today(), unit=unit)
    features = [
        {
            "id": point["pk"],
            "geometry": {"coordinates": (point["longitude"], point["latitude"])},
            "properties": {
                "code": point["code"],
                "name": point["name"],
                "village": point["household__unit__name"],
                "household_number": point["household__number"],
                "registered_area_mu": point["registered_area_mu"],
                "measured_area_mu": point["measured_area_mu"],
                "state": point["state"],
                "transferee": point["transferee"],
            },
        }
        for point in found.points
    ]
    return {
        "features": features,
        "without_coordinates": found.without_coordinates,
        "truncated": found.truncated,
    }


@router.get("/land/parcels/{parcel_id}", response=with_errors({200: LandParcelOut}, 404))
def get_parcel(request: AuthedRequest, parcel_id: int) -> Any:
    """One parcel the caller sees (404 otherwise)."""
    return get_object_or_404(
        Parcel.objects.for_user(request.user).select_related("household"), pk=parcel_id
    )


@router.post("/land/parcels", response=with_errors({201: LandParcelOut}, *WRITE_ERRORS))
def create_parcel(request: AuthedRequest, payload: LandParcelIn) -> Any:
    """Record a parcel of a household the caller writes for."""
    data = payload.dict()
    household = _one(Household.objects.for_user(request.user), data.pop("household_id"))
    require(writes_for(request.user, household.unit))
    return Status(201, services.create_parcel(by=request.user, household=household, **data))


def _contracts(request: AuthedRequest) -> Any:
    return Contract.objects.for_user(request.user).select_related(
        "transferee_organisation", "transferee_person"
    )


@router.get("/land/contracts", response=with_errors({200: list[LandContractOut]}, 422))
@paginate(PageNumberPage)
def list_contracts(request: AuthedRequest, filters: Query[LandContractFilterIn]) -> Any:
    """Transfer contracts the caller sees; `year`: in force in that year; `unit`: within a
    unit's subtree."""
    contracts = _contracts(request)
    unit = unit_by_id(Unit.objects.for_user(request.user), filters.unit, "unit")
    if unit is not None:
        contracts = contracts.filter(unit__path__startswith=unit.path)
    if filters.year is not None:
        contracts = contracts.in_force_in(filters.year)
    if filters.status is not None:
        contracts = contracts.filter(status=filters.status)
    return contracts.order_by("unit_id", "number", "pk")


@router.get(
    "/land/contracts/{contract_id}", response=with_errors({200: LandContractDetailOut}, 404)
)
def get_contract(request: AuthedRequest, contract_id: int) -> Any:
    """One contract the caller sees, with its parcels and clauses (404 otherwise)."""
    return get_object_or_404(
        _contracts(request).prefetch_related("parcels__parcel"), pk=contract_id
    )


@router.post("/land/contracts", response=with_errors({201: LandContractDetailOut}, *WRITE_ERRORS))
def create_contract(request: AuthedRequest, payload: LandContractIn) -> Any:
    """Make a contract with its parcels and schedule. Refused (400, naming what is wrong): a
    clause of 农村土地承包法 Art. 40 missing, an area above a parcel's, a term past its
    contracting term, a parcel already transferred for these dates, a sub-transfer without
    consent."""
    data = payload.dict()
    user = request.user
    unit = unit_by_id(Unit.objects.for_user(user), data.pop("unit_id"), "unit_id")
    require(writes_for(user, unit))
    parcels = Parcel.objects.for_user(user).select_related("household")
    shares = [
        services.Share(get_object_or_404(parcels, pk=row["parcel_id"]), row["area_mu"])
        for row in data.pop("parcels")
    ]
    data["transferee_organisation"] = _one(
        Organisation.objects.for_user(user), data.pop("transferee_organisation_id")
    )
    people = Person.objects.for_user(user)
    data["transferee_person"] = _one(people, data.pop("transferee_person_id"))
    data["parent"] = _one(Contract.objects.for_user(user), data.pop("parent_id"))
    data["compensation_recipient"] = data["compensation_recipient"] or ""
    contract = services.create_contract(by=user, unit=unit, shares=shares, **data)
    return Status(201, get_contract(request, contract.pk))


def _writable_contract(request: AuthedRequest, contract_id: int) -> Contract:
    contract = get_object_or_404(Contract.objects.for_user(request.user), pk=contract_id)
    require(writes_for(request.user, contract.unit))
    return contract


@router.post(
    "/land/contracts/{contract_id}/termination",
    response=with_errors({200: LandContractDetailOut}, *WRITE_ERRORS),
)
def terminate_contract(request: AuthedRequest, contract_id: int, payload: LandTerminationIn) -> Any:
    """End a contract early on a ground the law allows, with the reason; the payments not yet
    due after that day are dropped."""
    contract = _writable_contract(request, contract_id)
    services.terminate_contract(
        contract,
        by=request.user,
        on=payload.terminated_on,
        ground=payload.ground,
        reason=payload.reason,
    )
    return get_contract(request, contract.pk)


@router.post(
    "/land/contracts/{contract_id}/filing",
    response=with_errors({200: LandContractDetailOut}, *WRITE_ERRORS),
)
def file_contract(request: AuthedRequest, contract_id: int, payload: LandFilingIn) -> Any:
    """Record the filing (备案) with the collective and with the township."""
    contract = _writable_contract(request, contract_id)
    services.file_contract(
        contract,
        by=request.user,
        collective_on=payload.filed_with_collective_on,
        township_on=payload.filed_with_township_on,
    )
    return get_contract(request, contract.pk)


@router.post(
    "/land/contracts/{contract_id}/observation",
    response=with_errors({200: LandContractDetailOut}, *WRITE_ERRORS),
)
def record_observation(request: AuthedRequest, contract_id: int, payload: LandObservationIn) -> Any:
    """Record an inspection: the use changed, the land left idle (the risk list)."""
    contract = _writable_contract(request, contract_id)
    services.record_observation(
        contract,
        by=request.user,
        use_changed=payload.use_changed,
        abandoned=payload.abandoned,
        note=payload.note,
    )
    return get_contract(request, contract.pk)


@router.post(
    "/land/contracts/{contract_id}/dividends",
    response=with_errors({200: LandDividendOut}, *WRITE_ERRORS),
)
def declare_dividend(request: AuthedRequest, contract_id: int, payload: LandDividendIn) -> Any:
    """Declare the dividend per mu of a shares contract for the contract years starting in
    `year`: paid within its floor and cap; what is due and unpaid that year follows."""
    contract = _writable_contract(request, contract_id)
    paid = services.declare_dividend(
        contract, by=request.user, year=payload.year, yuan_per_mu=payload.yuan_per_mu
    )
    return {
        "year": payload.year,
        "declared_yuan_per_mu": payload.yuan_per_mu,
        "paid_yuan_per_mu": paid,
    }


@router.get("/land/kind-prices", response=with_errors({200: list[LandKindPriceOut]}))
@paginate(PageNumberPage)
def list_kind_prices(request: AuthedRequest) -> Any:
    """The yearly prices of goods paid in kind (实物折价) the caller sees."""
    return KindPrice.objects.for_user(request.user).order_by("-year", "goods", "pk")


@router.post("/land/kind-prices", response=with_errors({200: LandKindPriceOut}, *WRITE_ERRORS))
def set_kind_price(request: AuthedRequest, payload: LandKindPriceIn) -> Any:
    """Set the year's price of goods for the in-kind contracts of a unit's villages; what they
    are due and have not been paid for the contract years starting that year is converted."""
    unit = unit_by_id(Unit.objects.for_user(request.user), payload.unit_id, "unit_id")
    require(writes_for(request.user, unit))
    return services.set_kind_price(
        by=request.user,
        unit=unit,
        goods=payload.goods,
        year=payload.year,
        yuan_per_kg=payload.yuan_per_kg,
    )


@router.get("/land/dues", response=with_errors({200: list[LandDueOut]}, 422))
@paginate(PageNumberPage)
def list_dues(request: AuthedRequest, filters: Query[LandDueFilterIn]) -> Any:
    """Payments due to transferor households; `overdue`: only those past due and unpaid."""
    today = clock.today()
    dues = DuePayment.objects.for_user(request.user)
    dues = dues.overdue(today) if filters.overdue else dues.with_paid()
    if filters.contract is not None:
        dues = dues.filter(contract_id=filters.contract)
    if filters.year is not None:
        dues = dues.filter(period_starts_on__year=filters.year)
    return dues.select_related("contract", "household").order_by("due_on", "pk")


@router.get("/land/payments", response=with_errors({200: list[LandPaymentOut]}))
@paginate(PageNumberPage)
def list_payments(request: AuthedRequest) -> Any:
    """Payments made to transferor households, newest first."""
    return Payment.objects.for_user(request.user).order_by("-paid_on", "-pk")


@router.post(
    "/land/dues/{due_id}/payments", response=with_errors({201: LandPaymentOut}, *WRITE_ERRORS)
)
def record_payment(request: AuthedRequest, due_id: int, payload: LandPaymentIn) -> Any:
    """Record a payment against what is due; above what is still due only with a note."""
    due = get_object_or_404(
        DuePayment.objects.for_user(request.user).select_related("contract__unit"), pk=due_id
    )
    require(writes_for(request.user, due.contract.unit))
    return Status(201, services.record_payment(due, by=request.user, **payload.dict()))


@router.get("/land/income", response=with_errors({200: list[LandIncomeOut]}))
@paginate(PageNumberPage)
def list_income(request: AuthedRequest) -> Any:
    """The collective's income (集体经济收入) of the villages the caller sees."""
    return CollectiveIncome.objects.for_user(request.user).order_by("-received_on", "-pk")


@router.post("/land/income", response=with_errors({201: LandIncomeOut}, *WRITE_ERRORS))
def record_income(request: AuthedRequest, payload: LandIncomeIn) -> Any:
    """Record an income of a village collective the caller writes for."""
    data = payload.dict()
    user = request.user
    unit = unit_by_id(Unit.objects.for_user(user), data.pop("unit_id"), "unit_id")
    require(writes_for(user, unit))
    data["contract"] = _one(Contract.objects.for_user(user), data.pop("contract_id"))
    return Status(201, services.record_income(by=user, unit=unit, **data))


@router.get("/land/stats", response=with_errors({200: LandFiguresOut}, 422), url_name="land_stats")
def stats(request: AuthedRequest, filters: Query[LandFiguresIn]) -> Any:
    """The year's figures of what the caller sees (as `taizhang stats land`), and per village;
    `unit` narrows to a unit's subtree."""
    unit = unit_by_id(Unit.objects.for_user(request.user), filters.unit, "unit")
    year = filters.year or clock.today().year
    figures = queries.figures(request.user, year=year, today=clock.today(), unit=unit)
    return {
        **figures.__dict__,
        "villages": queries.by_village(request.user, year=year, unit=unit),
    }
