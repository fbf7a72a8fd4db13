"""The land module's Excel ledgers: the township's transfer ledger (contracts.py), payments
and the collective's income (payments.py) and the households' contracted land (parcels.py).
Imports are all or nothing, each bad row named by row and column (core/imports.py)."""

from taizhang.land.ledgers.contracts import ContractLedger
from taizhang.land.ledgers.parcels import ParcelLedger
from taizhang.land.ledgers.payments import IncomeLedger, PaymentLedger

__all__ = ["ContractLedger", "IncomeLedger", "ParcelLedger", "PaymentLedger"]
