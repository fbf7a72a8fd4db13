"""Report intake (信息简报入库) on the workbench (工作台): the recent reports the user's unit
took in whose drafts are not all confirmed yet.

The drafts are not stored: they are read again from each report's extraction (pure code, no
database). So the workbench looks only at the unit's last RECENT_REPORTS reports of the last
RECENT_DAYS days: two queries (the reports, their confirmed links) whatever the unit took in.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from taizhang.core.access import can_write
from taizhang.core.modules import TodoBatch, TodoItem
from taizhang.intake.drafts.registry import get_kind, proposals
from taizhang.intake.models import IntakeReport, SourceLink
from taizhang.lib import clock

MODULE = "intake"
KINDS = {"drafts": gettext_lazy("Reports with drafts to confirm")}
RECENT_DAYS = 30
RECENT_REPORTS = 10


def unconfirmed(report: IntakeReport, user: Any) -> int:
    """How many of the report's drafts the user may confirm are not confirmed yet."""
    confirmed = {(link.draft_kind, link.draft_key) for link in report.links.all()}
    return sum(
        1
        for proposal in proposals(report.result, report.text)
        if (proposal.kind, proposal.key) not in confirmed
        and (kind := get_kind(proposal.kind)) is not None
        and kind.may_confirm(user)
    )


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    if not (can_write(user) and user.unit_id):
        return []
    since = clock.now() - datetime.timedelta(days=RECENT_DAYS)
    reports = (
        IntakeReport.objects.for_user(user)
        .filter(unit_id=user.unit_id, created_at__gte=since)
        .prefetch_related(
            Prefetch("links", queryset=SourceLink.objects.only("report", "draft_kind", "draft_key"))
        )
        .order_by("-created_at", "-pk")[:RECENT_REPORTS]
    )
    waiting = [(report, count) for report in reports if (count := unconfirmed(report, user))]
    items = [
        TodoItem(
            module=MODULE,
            kind="drafts",
            title=report.title,
            url=report.get_absolute_url(),
            detail=ngettext("%(count)d draft to confirm", "%(count)d drafts to confirm", count)
            % {"count": count},
            action=_("Confirm drafts"),
        )
        for report, count in waiting[:limit]
    ]
    return [TodoBatch("drafts", items, len(waiting), url=reverse("intake-list"))]
