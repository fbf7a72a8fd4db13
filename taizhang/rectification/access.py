"""Who plays which part in a rectification case. Reading goes through the models' scope
(`Case.objects.for_user`); these decide who may act. The parts are the supervision engine's:
the unit that found the case supervises, the agency is assigned, the campaign's lead unit
decides extensions."""

from __future__ import annotations

from typing import Any

from taizhang.core.access import can_write, is_district_writer
from taizhang.supervision.access import is_assignee, is_supervisor


def is_case_supervisor(user: Any, case: Any) -> bool:
    return is_supervisor(user, case.item)


def is_case_agency(user: Any, case: Any) -> bool:
    return is_assignee(user, case.assignment)


def works_on_case(user: Any, case: Any) -> bool:
    """Either side of the case: may add findings and photos while it is open."""
    return is_case_supervisor(user, case) or is_case_agency(user, case)


def manages_campaign(user: Any, campaign: Any) -> bool:
    """Officers of the lead unit (or above), and district-wide writers."""
    return can_write(user, campaign)


def may_publish(user: Any) -> bool:
    """A campaign's public notice goes out only from the district office (the programme office
    and district administrators), whoever leads the campaign: it is what the public reads."""
    return is_district_writer(user)
