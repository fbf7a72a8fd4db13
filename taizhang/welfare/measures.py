"""What the welfare module tells other modules about persons (core/modules.py
`PeopleMeasure`): the welfare visits (走访慰问) they made in a year.

A visit names its visitors as text (names, or an organisation such as 村党支部); a person
counts as a visitor of a visit whose list of visitors holds their name as one of its entries
(separated by spaces or 、，,), so 王书记 is not found in 王书记的妻子."""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taizhang.core.modules import PeopleMeasure
from taizhang.people.models import Person
from taizhang.welfare.models import Visit

SEPARATORS = re.compile(r"[\s、，,;；/]+")


def visits_by_people(person_ids: Collection[int], year: int) -> Decimal:
    """How many visits of `year` name at least one of these persons among their visitors (two
    queries: the names, and the visits that may name them)."""
    names = set(Person.objects.filter(pk__in=list(person_ids)).values_list("name", flat=True))
    names.discard("")
    if not names:
        return Decimal(0)
    maybe = Visit.objects.filter(
        reduce(or_, (Q(visitors__contains=name) for name in sorted(names))),
        visited_on__year=year,
    ).values_list("visitors", flat=True)
    return Decimal(sum(1 for text in maybe if names & set(SEPARATORS.split(text))))


WELFARE_VISITS = PeopleMeasure(
    key="welfare_visits",
    label=_("Welfare visits made"),
    unit=_("visits made"),
    measure=visits_by_people,
)
