"""The deadline shown for supervision work (时限): one rule for lists, detail pages, the API
and every module's records on the engine, so that a list and the page it links to agree.

An assignment's deadline is the one on its row, which the services keep at its nearest
running clock (flows with clocks; while none runs, the last one) or at the last deadline set
by a step or an approved extension. An item's deadline is the nearest deadline of its open
assignments (the one that turns red first: its worst light); once none is open, the latest an
assignment had; without assignments, the item's own (the deadline it was assigned with, kept
as `item.deadline`). A module's record on the engine (a rectification case) shows its assignment's.

`deadline_of` reads one record from rows already loaded (prefetch the assignments of items);
`item_deadline` is the same rule in SQL, for lists to show, sort and filter by.
"""

from __future__ import annotations

import datetime

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from taizhang.supervision.models import Assignment, SupervisionItem


def deadline_of(target: Assignment | SupervisionItem) -> datetime.date:
    if isinstance(target, Assignment):
        return target.deadline
    assignments = list(target.assignments.all())
    running = [assignment.deadline for assignment in assignments if assignment.is_open]
    if running:
        return min(running)
    if assignments:
        return max(assignment.deadline for assignment in assignments)
    return target.deadline


def item_deadline(prefix: str = "") -> Coalesce:
    """`deadline_of(item)` as an expression on items (or, with `prefix` such as "item__", on
    rows that point at one)."""
    assignments = Assignment.objects.filter(item=OuterRef(f"{prefix}pk")).order_by()
    nearest_open = assignments.filter(is_open=True).order_by("deadline").values("deadline")[:1]
    latest = assignments.order_by("-deadline").values("deadline")[:1]
    return Coalesce(Subquery(nearest_open), Subquery(latest), F(f"{prefix}deadline"))
