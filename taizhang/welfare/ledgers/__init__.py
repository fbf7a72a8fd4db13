"""The welfare Excel ledgers, one module per ledger."""
