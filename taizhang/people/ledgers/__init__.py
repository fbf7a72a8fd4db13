"""The registry's Excel ledgers: the household roster ("people") and organisations."""
