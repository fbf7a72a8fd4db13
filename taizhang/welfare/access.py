"""Who may do what in the welfare module, on top of core/access.py's one scoping function.

Village and subdistrict officers keep the records of their residents; the programme's owner
unit defines it and runs its cycles; its deciding unit (区民政局) approves applications."""

from __future__ import annotations

from typing import Any

from taizhang.core import access
from taizhang.welfare.models import Programme


def may_manage_programme(user: Any, programme: Programme) -> bool:
    """Define the programme and run its cycles: officers of its owner unit's line."""
    return access.writes_for(user, programme.owner)


def may_decide(user: Any, programme: Programme) -> bool:
    """Approve or refuse applications: officers of the deciding unit (or district writers)."""
    return access.writes_for(user, programme.decider)
