"""Taizhang 台账: the work-ledger platform of a district government."""
