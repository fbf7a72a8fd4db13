"""What the people routers share: the residence units a caller may name."""

from typing import Any

from taizhang.core.api import unit_by_id
from taizhang.core.models import Unit

WRITE_ERRORS = (400, 403, 404, 422)


def visible_unit(user: Any, pk: int, field: str = "unit_id") -> Unit:
    """A unit the caller may see, by id ("No such unit" on `field` otherwise): the service
    then decides whether the caller may write for it."""
    return unit_by_id(Unit.objects.for_user(user), pk, field)
