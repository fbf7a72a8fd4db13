"""The Double Hundred module on the workbench (工作台) of a branch's officers and of those above
them: meetings due or past their due day in the current period, meetings missed this year,
and action-project milestones overdue. The meetings cost three queries (organisations, rules,
meetings: core of compliance.py), the milestones one, and their counts one more each when
there are more than shown."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.modules import TodoBatch, TodoItem
from taizhang.party import compliance
from taizhang.party.models import Milestone, OrgLevel, PartyOrg, ProjectStatus

MODULE = "party"
KINDS = {
    "party_meeting_due": gettext_lazy("Party meetings due"),
    "party_meeting_missed": gettext_lazy("Party meetings missed"),
    "party_milestone_overdue": gettext_lazy("Action-project milestones overdue"),
}
DUE_WITHIN_DAYS = 7


def _meetings(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    orgs = PartyOrg.objects.for_user(user).filter(level=OrgLevel.BRANCH)
    names = dict(orgs.values_list("pk", "name"))
    if not names:
        return []
    summaries = compliance.compliance(
        PartyOrg.objects.filter(pk__in=list(names)), today.year, today
    )
    soon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    due, missed = [], []
    for summary in summaries.values():
        for slot in summary.slots:
            if slot.state == compliance.State.OVERDUE or (
                slot.state == compliance.State.OPEN
                and slot.starts_on <= today <= slot.due_on <= soon
            ):
                due.append(slot)
            elif slot.state == compliance.State.MISSED:
                missed.append(slot)
    batches = []
    for kind, slots, overdue in (
        ("party_meeting_due", due, False),
        ("party_meeting_missed", missed, True),
    ):
        if not slots:
            continue
        slots.sort(key=lambda slot: (slot.due_on, names[slot.org_id]))
        first = slots[:limit] if kind == "party_meeting_due" else slots[-limit:][::-1]
        items = [
            TodoItem(
                module=MODULE,
                kind=kind,
                title=f"{names[slot.org_id]} · {slot.rule.get_kind_display()} · {slot.label}",
                url=reverse("party-meeting-create", args=[slot.org_id]) + f"?kind={slot.rule.kind}",
                due=slot.due_on,
                overdue=overdue or slot.due_on < today,
                action=_("Record the meeting"),
            )
            for slot in first
        ]
        batches.append(
            TodoBatch(
                kind,
                items,
                len(slots),
                overdue=sum(1 for slot in slots if slot.due_on < today),
                due_this_week=sum(1 for slot in slots if today <= slot.due_on <= soon),
                url=reverse("party-org-list"),
            )
        )
    return batches


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    if not (can_write(user) and getattr(user, "unit_id", None)):
        return []
    batches = _meetings(user, today, limit)
    overdue = (
        Milestone.objects.for_user(user)
        .filter(due_on__lt=today, done_on__isnull=True)
        .exclude(project__status=ProjectStatus.DROPPED)
    )
    first = list(overdue.select_related("project").order_by("due_on", "pk")[:limit])
    if first:
        total = len(first) if len(first) < limit else overdue.count()
        batches.append(
            TodoBatch(
                "party_milestone_overdue",
                [
                    TodoItem(
                        module=MODULE,
                        kind="party_milestone_overdue",
                        title=str(milestone),
                        url=reverse("party-milestone-meet", args=[milestone.pk]),
                        due=milestone.due_on,
                        overdue=True,
                        action=_("Record it met"),
                    )
                    for milestone in first
                ],
                total,
                overdue=total,
                url=reverse("party-project-list"),
            )
        )
    return batches
