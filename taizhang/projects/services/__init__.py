"""Writes of the project bank, one module per subdomain. Views, API, Excel import, admin and
commands call these; each checks access, validates, writes and audits in one transaction."""
