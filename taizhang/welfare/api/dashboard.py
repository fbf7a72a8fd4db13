"""Welfare API: the figures of a year per programme, village and subdistrict (the dashboard's
feed; the same numbers as `taizhang stats welfare`), each row with the links of its lists."""

from typing import Any

from ninja import Query, Router, Schema

from taizhang.core.api import unit_by_id
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import Year, with_errors
from taizhang.lib import clock
from taizhang.welfare.aggregates import overview_for
from taizhang.welfare.links import with_links
from taizhang.welfare.schemas.dashboard import OverviewOut

router = Router()


class FiguresIn(Schema):
    year: Year | None = None
    unit: int | None = None


@router.get(
    "/welfare/stats",
    response=with_errors({200: OverviewOut}, 422),
    url_name="welfare_stats",
)
def stats(request: AuthedRequest, filters: Query[FiguresIn]) -> Any:
    """People and households enrolled in the year, yuan paid, hand-outs planned and done and
    reviews overdue, per programme, village and subdistrict, of what the caller may read;
    `unit` narrows to a unit's subtree."""
    unit = unit_by_id(Unit.objects.for_user(request.user), filters.unit, "unit")
    year = filters.year or clock.today().year
    return with_links(overview_for(request.user, year=year, unit=unit))
