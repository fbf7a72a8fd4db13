"""Cycles on the workbench (工作台): those waiting for the user's approval (core.reviews'
`waiting_for`: officers of the programme's owner line and district writers, never the maker)
and the user's own cycles returned to them with a reason. Two queries per kind."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import reviews
from taizhang.core.modules import TodoBatch, TodoItem
from taizhang.welfare.models import Cycle, CycleStatus
from taizhang.welfare.services.cycles import CYCLE_REVIEW

MODULE = "welfare"
KINDS = {
    "cycle_approve": gettext_lazy("Cycles to approve"),
    "cycle_returned": gettext_lazy("Cycles returned to you"),
}


def _batch(kind: str, rows: QuerySet[Cycle], limit: int, action: str, status: str) -> TodoBatch:
    items = [
        TodoItem(
            module=MODULE,
            kind=kind,
            title=str(cycle),
            url=cycle.get_absolute_url(),
            detail=cycle.review_note or cycle.get_status_display(),
            action=action,
        )
        for cycle in rows.select_related("programme").order_by("period", "pk")[:limit]
    ]
    url = f"{reverse('welfare-cycle-list')}?status={status}"
    return TodoBatch(kind, items, rows.count(), url=url)


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    waiting = reviews.waiting_for(CYCLE_REVIEW, user)
    returned = Cycle.objects.for_user(user).filter(status=CycleStatus.RETURNED, made_by=user)
    return [
        _batch("cycle_approve", waiting, limit, _("Approve"), CycleStatus.SUBMITTED),
        _batch("cycle_returned", returned, limit, _("Correct"), CycleStatus.RETURNED),
    ]
