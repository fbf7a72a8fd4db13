"""Every write of the retirees module: access check, checks, save, audit, in one transaction."""
