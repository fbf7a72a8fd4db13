"""The roles a user can hold (角色). Access rules that read them live in access.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    UNIT_OFFICER = "unit_officer", _("Unit officer")
    LEADER = "leader", _("Leader (read-only)")
    AUDITOR = "auditor", _("Audit administrator")


# Roles that read every ledger record of the district.
READ_EVERYTHING = frozenset({Role.DISTRICT_ADMIN, Role.PROGRAMME_OFFICE, Role.LEADER})
# Roles that write ledger records: district-wide, or within their unit's subtree.
WRITE_EVERYWHERE = frozenset({Role.DISTRICT_ADMIN, Role.PROGRAMME_OFFICE})
WRITE_OWN_SUBTREE = frozenset({Role.UNIT_OFFICER})
# Roles that read the whole audit history.
READ_ALL_HISTORY = frozenset({Role.DISTRICT_ADMIN, Role.AUDITOR, Role.LEADER})
# The three administrators of 三员分立 (GB/T 22239-2019): system (users and units), security
# (roles, passwords, locks, second factors) and audit (reads the trail). One person holds at
# most one of them.
SEPARATED_DUTIES = frozenset({Role.DISTRICT_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})
