"""Welfare programmes on the workbench (工作台): candidates to confirm (待认定).

A programme enrolled without application (a village allowance from the age of 60) grows its
candidate list as people turn 60 or move in; the officers of its owner unit confirm them on
the candidate page. One batch, an item per programme with candidates, counted in the
database in a fixed number of queries whatever the number of programmes and people: the
programmes with their units and groups (three), and one aggregate with a count per programme.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.modules import TodoBatch, TodoItem
from taizhang.people.models import Person
from taizhang.welfare.models import Enrolment, EnrolmentStatus, Programme
from taizhang.welfare.services import eligibility

MODULE = "welfare"
KINDS = {"welfare_candidates": gettext_lazy("Candidates to confirm")}
# The programmes one unit runs without application are few; past this many, the rest wait.
MAX_PROGRAMMES = 50


def _joining(programme: Programme, on: datetime.date) -> tuple[Q, bool]:
    """The candidate condition on people (the candidate list's `joining`) and whether it reads
    the household size."""
    rules = eligibility.rules(programme, on)
    condition = Q()
    for rule in rules:
        condition &= rule.condition
    active = Enrolment.objects.filter(programme=programme, status=EnrolmentStatus.ACTIVE)
    blocked = eligibility.excluded_by(programme, on).values("person_id")
    condition &= ~Q(pk__in=active.values("person_id")) & ~Q(pk__in=blocked)
    return condition, any(rule.key == "household_size" for rule in rules)


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    """Per active programme of the user's own unit without application: how many people
    qualify today and are not enrolled."""
    if not (can_write(user) and user.unit_id):
        return []
    programmes = list(
        Programme.objects.filter(owner_id=user.unit_id, is_active=True, needs_application=False)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today)
        .select_related("owner")
        .prefetch_related("residence_units", "groups")
        .order_by("name", "pk")[:MAX_PROGRAMMES]
    )
    if not programmes:
        return []
    people = Person.objects.for_user(user)
    counts: dict[str, Any] = {}
    sized = False
    for programme in programmes:
        condition, needs_size = _joining(programme, today)
        sized = sized or needs_size
        counts[f"p{programme.pk}"] = Count("pk", filter=condition)
    if sized:
        people = people.annotate(household_size=eligibility._household_size())
    found = people.order_by().aggregate(**counts)
    waiting = [(p, found[f"p{p.pk}"]) for p in programmes if found[f"p{p.pk}"]]
    url = reverse("welfare-programme-candidates", args=[0]).replace("/0/", "/{}/")
    items = [
        TodoItem(
            module=MODULE,
            kind="welfare_candidates",
            title=programme.name,
            url=url.format(programme.pk),
            detail=_("%(count)s people qualify and are not enrolled") % {"count": count},
            action=_("Confirm"),
        )
        for programme, count in waiting[:limit]
    ]
    if not waiting:
        return []
    return [TodoBatch("welfare_candidates", items, sum(count for _p, count in waiting))]
