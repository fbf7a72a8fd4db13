"""The volunteer module on the workbench (工作台) of organisers and community officers: sign-ups
to confirm, hours to approve, and letters still to sign in campaigns that have ended or end
within a week. Each batch costs one query for its first items and, when there are more than
shown, one for the count."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.modules import TodoBatch, TodoItem
from taizhang.volunteers.models import (
    ClaimState,
    HoursClaim,
    LetterTarget,
    Participation,
    ParticipationState,
    TargetState,
)

MODULE = "volunteers"
KINDS = {
    "volunteers_requests": gettext_lazy("Volunteer sign-ups to confirm"),
    "volunteers_claims": gettext_lazy("Volunteer hours to approve"),
    "volunteers_letters": gettext_lazy("Responsibility letters still to sign"),
}
LETTERS_AHEAD = datetime.timedelta(days=7)


def _count(first: list, records: Any, limit: int) -> int:
    return len(first) if len(first) < limit else records.count()


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    if not (can_write(user) and getattr(user, "unit_id", None)):
        return []
    batches = []
    requests = Participation.objects.for_user(user).filter(state=ParticipationState.REQUESTED)
    first = list(
        requests.select_related("shift__campaign", "volunteer__person").order_by(
            "shift__starts_at", "pk"
        )[:limit]
    )
    if first:
        items = [
            TodoItem(
                module=MODULE,
                kind="volunteers_requests",
                title=f"{p.volunteer.person.name} · {p.shift.task}",
                url=p.shift.get_absolute_url(),
                due=p.shift.starts_at.date(),
                overdue=p.shift.starts_at.date() < today,
                detail=p.shift.campaign.title,
                action=_("Confirm or reject"),
            )
            for p in first
        ]
        batches.append(
            TodoBatch(
                "volunteers_requests",
                items,
                _count(first, requests, limit),
                url=reverse("volunteers-campaign-list"),
            )
        )
    claims = HoursClaim.objects.for_user(user).filter(state=ClaimState.PENDING)
    first_claims = list(
        claims.select_related("volunteer__person").order_by("created_at", "pk")[:limit]
    )
    if first_claims:
        items = [
            TodoItem(
                module=MODULE,
                kind="volunteers_claims",
                title=f"{c.volunteer.person.name} · {c.hours}",
                url=reverse("volunteers-claim-list") + "?state=pending",
                detail=c.description,
                action=_("Approve or refuse"),
            )
            for c in first_claims
        ]
        batches.append(
            TodoBatch(
                "volunteers_claims",
                items,
                _count(first_claims, claims, limit),
                url=reverse("volunteers-claim-list") + "?state=pending",
            )
        )
    pending = LetterTarget.objects.for_user(user).filter(
        state=TargetState.PENDING, letter_campaign__ends_on__lte=today + LETTERS_AHEAD
    )
    first_targets = list(
        pending.select_related("letter_campaign", "organisation", "household").order_by(
            "letter_campaign__ends_on", "pk"
        )[:limit]
    )
    if first_targets:
        items = [
            TodoItem(
                module=MODULE,
                kind="volunteers_letters",
                title=str(t),
                url=t.get_absolute_url(),
                due=t.letter_campaign.ends_on,
                overdue=t.letter_campaign.ends_on < today,
                detail=t.letter_campaign.title,
                action=_("Mark signed or refused"),
            )
            for t in first_targets
        ]
        total = _count(first_targets, pending, limit)
        batches.append(
            TodoBatch(
                "volunteers_letters",
                items,
                total,
                overdue=sum(item.overdue for item in items)
                if total == len(items)
                else pending.filter(letter_campaign__ends_on__lt=today).count(),
                url=reverse("volunteers-letters-list"),
            )
        )
    return batches
