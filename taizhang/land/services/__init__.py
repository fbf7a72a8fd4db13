"""The writes of the land module (土地流转), by subdomain: contracted parcels (parcels.py),
transfer contracts with their schedules, filing, observations and termination (contracts.py),
payments, the collective's income, dividends and prices in kind (payments.py), and what they
share (common.py). Each checks that the acting user writes for the village, validates, saves,
and records the audit in the same transaction; a refusal raises ValidationError and changes
nothing."""

from taizhang.land.services.common import CLAUSES, Share, add_years, yuan
from taizhang.land.services.contracts import (
    check_shares,
    create_contract,
    file_contract,
    missing_clauses,
    record_observation,
    schedule,
    terminate_contract,
)
from taizhang.land.services.parcels import (
    PARCEL_FIELDS,
    create_parcel,
    parcel_code_taken,
    update_parcel,
)
from taizhang.land.services.payments import (
    declare_dividend,
    kind_price_for,
    record_income,
    record_payment,
    set_kind_price,
)

__all__ = [
    "CLAUSES",
    "PARCEL_FIELDS",
    "Share",
    "add_years",
    "check_shares",
    "create_contract",
    "create_parcel",
    "declare_dividend",
    "file_contract",
    "kind_price_for",
    "missing_clauses",
    "parcel_code_taken",
    "record_income",
    "record_observation",
    "record_payment",
    "schedule",
    "set_kind_price",
    "terminate_contract",
    "update_parcel",
    "yuan",
]
