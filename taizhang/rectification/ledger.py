"""The rectification ledger (整改台账) is registered in ledger.py."""
