"""Retirees on the workbench (工作台): monthly visits due and overdue, confirmations overdue
and due this month, in the communities the user writes for: one query counts the four kinds,
and one more per kind that has any reads its first items."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.modules import TodoBatch, TodoItem
from taizhang.retirees import queries
from taizhang.retirees.models import Retiree, month_end

MODULE = "retirees"
KINDS = {
    "visit_overdue": gettext_lazy("Retiree visits overdue"),
    "visit_due": gettext_lazy("Retiree visits due this month"),
    "confirmation_overdue": gettext_lazy("Pension confirmations overdue"),
    "confirmation_due": gettext_lazy("Pension confirmations due this month"),
}


def _items(kind: str, rows: Any, limit: int, *, due: datetime.date | None, overdue: bool,
           action: str) -> list[TodoItem]:  # fmt: skip
    return [
        TodoItem(
            module=MODULE,
            kind=kind,
            title=retiree.person.name,
            url=url_for(kind, retiree),
            due=due or retiree.next_due_on,
            overdue=overdue,
            detail=retiree.person.unit.name,
            action=action,
        )
        for retiree in rows.select_related("person__unit").order_by(
            "next_due_on", "person__name", "pk"
        )[:limit]
    ]


def url_for(kind: str, retiree: Retiree) -> str:
    if kind.startswith("visit"):
        return reverse("retirees-visit-create") + f"?retiree={retiree.pk}"
    return reverse("retirees-confirmation-create", args=[retiree.pk])


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    """One query counts the four kinds; the items of a kind are read only when it has any."""
    if not can_write(user):
        return []
    end = month_end(today)
    rows = queries.with_visit_state(Retiree.objects.for_user(user).alive(), today)
    unvisited = Q(on_list=True, visited=False)
    late = Q(listed_last_month=True, visited_last_month=False)
    conditions = {
        "visit_overdue": unvisited & late,
        "visit_due": unvisited & (Q(listed_last_month=False) | Q(visited_last_month=True)),
        "confirmation_overdue": Q(next_due_on__lt=today),
        "confirmation_due": Q(next_due_on__gte=today, next_due_on__lte=end),
    }
    counts = rows.aggregate(
        **{kind: Count("pk", filter=condition) for kind, condition in conditions.items()}
    )
    visits, confirmations = reverse("retirees-visit-plan"), reverse("retirees-confirmations")
    shape = {
        "visit_overdue": (queries.month_start(today) - datetime.timedelta(days=1), True, visits),
        "visit_due": (end, False, visits),
        "confirmation_overdue": (None, True, f"{confirmations}?state=overdue"),
        "confirmation_due": (None, False, f"{confirmations}?state=due"),
    }
    batches = []
    for kind, condition in conditions.items():
        total = counts[kind]
        due, overdue, url = shape[kind]
        action = _("Visit") if kind.startswith("visit") else _("Confirm")
        items = (
            _items(kind, rows.filter(condition), limit, due=due, overdue=overdue, action=action)
            if total
            else []
        )
        batches.append(TodoBatch(kind, items, total, overdue=total if overdue else 0, url=url))
    return batches
