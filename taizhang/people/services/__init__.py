"""Writes to the registry. Pages, API, Excel import, admin and commands call these."""
