"""Registry of Excel ledgers (台账). Filled in by the Excel I/O work."""
