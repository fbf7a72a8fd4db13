"""The land module on the workbench (工作台) of a village's and a subdistrict's officers:
payments overdue to transferor households, and contracts that end within 90 days. Each batch
costs one query (its first items) and, when there are more than shown, its counts; whatever
the number of contracts."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.modules import TodoBatch, TodoItem
from taizhang.land.models import Contract, DuePayment

MODULE = "land"
KINDS = {
    "land_overdue": gettext_lazy("Land transfer payments overdue"),
    "land_expiring": gettext_lazy("Transfer contracts ending within 90 days"),
}
EXPIRY_DAYS = 90


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    if not (can_write(user) and getattr(user, "unit_id", None)):
        return []
    batches = []
    overdue = DuePayment.objects.for_user(user).overdue(today)
    first = list(overdue.select_related("contract", "household").order_by("due_on", "pk")[:limit])
    if first:
        items = [
            TodoItem(
                module=MODULE,
                kind="land_overdue",
                title=f"{due.contract.number} · {due.household.number}",
                url=reverse("land-payment-create", args=[due.pk]),
                due=due.due_on,
                overdue=True,
                detail=_("%(owed)s of %(amount)s yuan unpaid")
                % {"owed": due.amount_yuan - due.paid, "amount": due.amount_yuan},  # type: ignore[attr-defined]
                action=_("Record a payment"),
            )
            for due in first
        ]
        total = len(first) if len(first) < limit else overdue.count()
        batches.append(
            TodoBatch(
                "land_overdue",
                items,
                total,
                overdue=total,
                url=reverse("land-due-list") + "?overdue=1",
            )
        )
    expiring = Contract.objects.for_user(user).expiring(today, EXPIRY_DAYS)
    first_expiring = list(expiring.order_by("ends_on", "pk")[:limit])
    if first_expiring:
        items = [
            TodoItem(
                module=MODULE,
                kind="land_expiring",
                title=contract.number,
                url=contract.get_absolute_url(),
                due=contract.ends_on,
                detail=_("ends on %(day)s") % {"day": contract.ends_on.isoformat()},
                action=_("Renew or close"),
            )
            for contract in first_expiring
        ]
        soon = today + datetime.timedelta(days=7)
        batches.append(
            TodoBatch(
                "land_expiring",
                items,
                len(first_expiring) if len(first_expiring) < limit else expiring.count(),
                due_this_week=expiring.filter(ends_on__lte=soon).count(),
                url=reverse("land-contract-list") + "?expiring=1",
            )
        )
    return batches
