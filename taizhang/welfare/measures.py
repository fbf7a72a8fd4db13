"""What the welfare module tells other modules about persons (core/modules.py
`PeopleMeasure`): the welfare visits (走访慰问) they made in a year.

A visit names its visitors as text; the entries that name one person of the visited village or
a unit above it are linked to that person when the visit is recorded (services/visits.py), and
a person counts the visits linked to them: 王书记 is not found in 王书记的妻子, nor a namesake
of another village."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from taizhang.core.modules import PeopleMeasure
from taizhang.welfare.models import Visit


def visits_by_people(person_ids: Collection[int], year: int) -> Decimal:
    """How many visits of `year` at least one of these persons made (one query)."""
    visits = Visit.objects.filter(visiting__in=list(person_ids), visited_on__year=year)
    return Decimal(visits.values("pk").distinct().count())


WELFARE_VISITS = PeopleMeasure(
    key="welfare_visits",
    label=_("Welfare visits made"),
    unit=_("visits made"),
    measure=visits_by_people,
)
