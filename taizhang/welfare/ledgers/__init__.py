"""The welfare module's Excel ledgers (core/ledgers.py), one module per ledger."""
