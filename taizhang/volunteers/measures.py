"""What the volunteer module tells other modules about persons (core/modules.py
`PeopleMeasure`): the hours of volunteer service they gave in a year."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from taizhang.core.modules import PeopleMeasure
from taizhang.volunteers.models import ClaimState, HoursClaim, Participation

CENT = Decimal("0.01")


def hours_of_people(person_ids: Collection[int], year: int) -> Decimal:
    """The hours served in `year` by the volunteers who are these persons: attendance checked
    out in shifts of the year and approved claims (补录) of the year (two queries)."""
    ids = list(person_ids)
    if not ids:
        return Decimal(0)
    attended = (
        Participation.objects.served_in(year)
        .filter(volunteer__person_id__in=ids)
        .aggregate(total=Sum("hours", default=Decimal(0)))["total"]
    )
    claimed = HoursClaim.objects.filter(
        volunteer__person_id__in=ids, state=ClaimState.APPROVED, starts_at__year=year
    ).aggregate(total=Sum("hours", default=Decimal(0)))["total"]
    return (Decimal(attended or 0) + Decimal(claimed or 0)).quantize(CENT)


VOLUNTEER_HOURS = PeopleMeasure(
    key="volunteer_hours",
    label=_("Volunteer hours"),
    unit=_("hours served"),
    measure=hours_of_people,
)
