"""Retirees on the workbench (工作台): monthly visits due and overdue, confirmations overdue
and due this month, in the communities the user writes for. Two queries per kind."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
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


def _batch(
    kind: str,
    rows: QuerySet[Retiree],
    limit: int,
    *,
    due: datetime.date | None,
    overdue: bool,
    url: str,
    action: str,
) -> TodoBatch:
    items = [
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
    total = rows.count()
    return TodoBatch(
        kind,
        items,
        total,
        overdue=total if overdue else 0,
        due_this_week=0,
        url=url,
    )


def url_for(kind: str, retiree: Retiree) -> str:
    if kind.startswith("visit"):
        return reverse("retirees-visit-create") + f"?retiree={retiree.pk}"
    return reverse("retirees-confirmation-create", args=[retiree.pk])


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    if not can_write(user):
        return []
    retirees = Retiree.objects.for_user(user)
    visits = reverse("retirees-visit-plan")
    confirmations = reverse("retirees-confirmations")
    overdue_visits = queries.visits_overdue(retirees, today)
    due_visits = queries.visits_due(retirees, today).exclude(pk__in=overdue_visits.values("pk"))
    return [
        _batch("visit_overdue", overdue_visits, limit, due=queries.month_start(today)
               - datetime.timedelta(days=1), overdue=True, url=visits, action=_("Visit")),
        _batch("visit_due", due_visits, limit, due=month_end(today), overdue=False, url=visits,
               action=_("Visit")),
        _batch("confirmation_overdue", retirees.overdue(today), limit, due=None, overdue=True,
               url=f"{confirmations}?state=overdue", action=_("Confirm")),
        _batch("confirmation_due", retirees.due(today), limit, due=None, overdue=False,
               url=f"{confirmations}?state=due", action=_("Confirm")),
    ]  # fmt: skip
