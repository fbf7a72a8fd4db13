"""The land API's schemas: `XIn` for what a caller sends, `XOut` for what it gets."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from taizhang.core.schemas import RequiredText, Year
from taizhang.land.models import (
    CompensationRecipient,
    ContractKind,
    ContractStatus,
    IncomeSource,
    LandType,
    PaymentMethod,
    PriceBasis,
    TerminationGround,
)

Area = Field(max_digits=10, decimal_places=2, gt=0)
Money = Field(max_digits=12, decimal_places=2, ge=0)


class LandParcelOut(Schema):
    id: int
    household_id: int
    household_number: str = Field(alias="household.number")
    unit_id: int = Field(alias="household.unit_id")
    code: str
    name: str
    location: str
    east: str
    south: str
    west: str
    north: str
    registered_area_mu: Decimal
    measured_area_mu: Decimal | None
    grade: str
    land_type: LandType
    certificate_number: str
    contract_ends_on: datetime.date
    latitude: Decimal | None
    longitude: Decimal | None


class LandParcelIn(Schema):
    household_id: int
    code: RequiredText = Field(max_length=40)
    name: RequiredText = Field(max_length=100)
    location: str = Field("", max_length=200)
    east: str = Field("", max_length=100)
    south: str = Field("", max_length=100)
    west: str = Field("", max_length=100)
    north: str = Field("", max_length=100)
    registered_area_mu: Decimal = Area
    measured_area_mu: Decimal | None = Field(None, max_digits=10, decimal_places=2, gt=0)
    grade: str = Field("", max_length=20)
    land_type: LandType = LandType.ARABLE
    certificate_number: str = Field("", max_length=40)
    contract_ends_on: datetime.date
    latitude: Decimal | None = Field(
        None, max_digits=9, decimal_places=6, description="Degrees north, 3 to 54; with longitude."
    )
    longitude: Decimal | None = Field(
        None, max_digits=9, decimal_places=6, description="Degrees east, 73 to 136; with latitude."
    )


class LandContractParcelOut(Schema):
    parcel_id: int
    parcel_code: str = Field(alias="parcel.code")
    household_id: int = Field(alias="parcel.household_id")
    area_mu: Decimal


class LandContractOut(Schema):
    id: int
    unit_id: int
    number: str
    kind: ContractKind
    via_collective: bool
    transferee_organisation_id: int | None
    transferee_person_id: int | None
    transferee: str
    use: str
    signed_on: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date
    price_per_mu_yuan: Decimal
    price_basis: PriceBasis
    kind_goods: str
    kind_kg_per_mu: Decimal | None
    dividend_floor_yuan: Decimal | None
    dividend_cap_yuan: Decimal | None
    step_every_years: int
    step_percent: Decimal
    filed_with_collective_on: datetime.date | None
    filed_with_township_on: datetime.date | None
    parent_id: int | None
    status: ContractStatus
    terminated_on: datetime.date | None
    termination_ground: str
    use_changed: bool
    abandoned: bool

    @staticmethod
    def resolve_transferee(obj: object) -> str:
        return str(getattr(obj, "transferee", None) or "")


class LandContractDetailOut(LandContractOut):
    rights_and_duties: str
    compensation_recipient: str
    breach_clauses: str
    payment_month: int
    payment_day: int
    consent: str
    consent_on: datetime.date | None
    termination_reason: str
    parcels: list[LandContractParcelOut]

    @staticmethod
    def resolve_parcels(obj: object) -> list[object]:
        return list(obj.parcels.all())  # type: ignore[attr-defined]


class LandShareIn(Schema):
    parcel_id: int
    area_mu: Decimal = Area


class LandContractIn(Schema):
    unit_id: int
    number: RequiredText = Field(max_length=40)
    kind: ContractKind
    via_collective: bool = False
    transferee_organisation_id: int | None = None
    transferee_person_id: int | None = None
    parcels: list[LandShareIn] = Field(min_length=1, max_length=500)
    use: str = Field("", max_length=200)
    signed_on: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date
    price_per_mu_yuan: Decimal = Money
    price_basis: PriceBasis = PriceBasis.CASH
    kind_goods: str = Field("", max_length=40)
    kind_kg_per_mu: Decimal | None = Field(None, max_digits=10, decimal_places=2, gt=0)
    dividend_floor_yuan: Decimal | None = Field(None, max_digits=12, decimal_places=2, ge=0)
    dividend_cap_yuan: Decimal | None = Field(None, max_digits=12, decimal_places=2, ge=0)
    step_every_years: int = Field(0, ge=0, le=30)
    step_percent: Decimal = Field(Decimal("0"), max_digits=5, decimal_places=2, ge=0, le=100)
    payment_month: int = Field(12, ge=1, le=12)
    payment_day: int = Field(31, ge=1, le=31)
    rights_and_duties: str = Field("", max_length=5000)
    compensation_recipient: CompensationRecipient | None = None
    breach_clauses: str = Field("", max_length=5000)
    parent_id: int | None = None
    consent: str = Field("", max_length=200)
    consent_on: datetime.date | None = None


class LandDueOut(Schema):
    id: int
    contract_id: int
    contract_number: str = Field(alias="contract.number")
    household_id: int
    household_number: str = Field(alias="household.number")
    due_on: datetime.date
    period_starts_on: datetime.date
    period_ends_on: datetime.date
    area_mu: Decimal
    amount_yuan: Decimal
    paid_yuan: Decimal = Field(alias="paid")


class LandDueFilterIn(Schema):
    contract: int | None = None
    overdue: bool = False
    year: Year | None = None


class LandPaymentOut(Schema):
    id: int
    due_id: int
    paid_on: datetime.date
    amount_yuan: Decimal
    method: PaymentMethod
    receipt: str
    note: str


class LandPaymentIn(Schema):
    paid_on: datetime.date
    amount_yuan: Decimal = Field(max_digits=12, decimal_places=2, gt=0)
    method: PaymentMethod
    receipt: str = Field("", max_length=60)
    note: str = Field("", max_length=200)


class LandIncomeOut(Schema):
    id: int
    unit_id: int
    source: IncomeSource
    amount_yuan: Decimal
    received_on: datetime.date
    description: str
    contract_id: int | None


class LandIncomeIn(Schema):
    unit_id: int
    source: IncomeSource
    amount_yuan: Decimal = Field(max_digits=12, decimal_places=2, gt=0)
    received_on: datetime.date
    description: str = Field("", max_length=200)
    contract_id: int | None = None


class LandContractFilterIn(Schema):
    year: Year | None = None
    unit: int | None = None
    status: ContractStatus | None = None


class LandFiguresIn(Schema):
    year: Year | None = None
    unit: int | None = None


class LandFiguresOut(Schema):
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
    villages: list[LandVillageOut]


class LandVillageOut(Schema):
    unit_id: int = Field(alias="unit.pk")
    name: str = Field(alias="unit.name")
    contracts: int
    area_mu: Decimal
    households_transferring: int
    income_yuan: Decimal


LandFiguresOut.model_rebuild()


class LandTerminationIn(Schema):
    terminated_on: datetime.date
    ground: TerminationGround
    reason: RequiredText = Field(max_length=2000)


class LandFilingIn(Schema):
    filed_with_collective_on: datetime.date | None = None
    filed_with_township_on: datetime.date | None = None


class LandObservationIn(Schema):
    use_changed: bool
    abandoned: bool
    note: str = Field("", max_length=500)


class LandDividendIn(Schema):
    year: Year
    yuan_per_mu: Decimal = Field(max_digits=12, decimal_places=2, ge=0)


class LandDividendOut(Schema):
    year: int
    declared_yuan_per_mu: Decimal
    paid_yuan_per_mu: Decimal


class LandKindPriceIn(Schema):
    unit_id: int
    goods: RequiredText = Field(max_length=40)
    year: Year
    yuan_per_kg: Decimal = Field(max_digits=10, decimal_places=4, gt=0)


class LandKindPriceOut(Schema):
    id: int
    unit_id: int
    goods: str
    year: int
    yuan_per_kg: Decimal


class LandParcelMapIn(Schema):
    unit: int | None = Field(None, description="Only the parcels of this unit's villages.")


ParcelState = Literal["transferred", "overdue", "not_transferred"]


class LandParcelPointOut(Schema):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(description="[longitude, latitude], WGS 84 degrees.")


class LandParcelPropertiesOut(Schema):
    code: str
    name: str
    village: str
    household_number: str = Field(description="The household's number (户号) in its village.")
    registered_area_mu: Decimal
    measured_area_mu: Decimal | None
    state: ParcelState = Field(
        description="transferred: under a contract in force today; overdue: a payment to its "
        "household under a contract of the parcel is overdue; not_transferred: neither."
    )
    transferee: str | None = Field(description="Who farms it under the contract in force.")


class LandParcelFeatureOut(Schema):
    type: Literal["Feature"] = "Feature"
    id: int
    geometry: LandParcelPointOut
    properties: LandParcelPropertiesOut


class LandParcelMapOut(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[LandParcelFeatureOut]
    without_coordinates: int = Field(description="Parcels of the selection with no coordinates.")
    truncated: bool = Field(description="Whether more parcels have coordinates than are listed.")
