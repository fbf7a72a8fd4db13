"""Draft kind of report intake: a community's outreach activity for its retirees.

"5月12日，文兴社区开展“关爱退休老人”健康讲座，为辖区60余名退休人员讲解慢性病预防知识" gives one
draft: the community, the kind of activity (宣传, 学习, 健康讲座, 生日慰问 by its words), its
title (what follows 开展/举办, or the community and the kind), the day it was held and the people it
reached. Confirming records the activity through the module's own service (record_activity),
with no attendees: the community ticks them from its roster afterwards on the activity's page.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.models import User
from taizhang.intake.drafts.registry import (
    MAX_DUPLICATES,
    DraftField,
    Proposal,
    sentence_around,
)
from taizhang.retirees.models import Activity, ActivityKind
from taizhang.retirees.services.activities import record_activity

PLACE_KINDS = ("village", "community")
RETIREES = re.compile(r"退休|离退休|老年人|老人")
ACTIVITY = re.compile(r"开展|举办|组织|举行|走进|送去")
KINDS = (
    (ActivityKind.HEALTH_TALK, re.compile(r"健康|讲座|义诊|体检|保健")),
    (ActivityKind.BIRTHDAY, re.compile(r"生日|寿")),
    (ActivityKind.STUDY, re.compile(r"学习|培训|读书|党课")),
    (ActivityKind.PUBLICITY, re.compile(r"宣传|宣讲|普法|防诈")),
)
REACHED_UNITS = ("人", "名", "位", "人次")
# The activity's name: what follows the verb up to the next comma ("开展“关爱退休老人”健康讲座").
NAMED = re.compile(r"(?:开展|举办|组织|举行)(?:了)?([^，。；,;！!？?]{2,40})")
DAY = re.compile(r"(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日")
YEAR = re.compile(r"((?:19|20)\d{2})年")
# How far before the sentence a day or a community still belongs to it.
REACH = 200


def _kind(clause: str) -> str:
    return next((kind for kind, words in KINDS if words.search(clause)), ActivityKind.OTHER)


def _held_on(text: str, start: int, end: int) -> str | None:
    """The last day named in the sentence or just before it, its year from the same place or
    the report; None when no day is named (the person gives it)."""
    days = list(DAY.finditer(text, max(0, start - REACH), end))
    if not days:
        return None
    found = days[-1]
    year = found.group(1)
    if year is None:
        years = YEAR.findall(text, 0, found.start()) or YEAR.findall(text)
        if not years:
            return None
        year = years[-1]
    try:
        return datetime.date(int(year), int(found.group(2)), int(found.group(3))).isoformat()
    except ValueError:
        return None


class ActivityDraft:
    key = "retiree_activity"
    label = gettext_lazy("Outreach activity for retirees")
    opens_record = True
    fields = (
        DraftField(
            "unit", gettext_lazy("community"), "unit", required=True, unit_kinds=PLACE_KINDS
        ),
        DraftField(
            "kind",
            gettext_lazy("kind of activity"),
            "choice",
            required=True,
            choices=tuple(ActivityKind.choices),
        ),
        DraftField("title", gettext_lazy("title"), required=True),
        DraftField("held_on", gettext_lazy("held on"), "date", required=True),
        DraftField("reached", gettext_lazy("people reached"), "int", required=True),
        DraftField("description", gettext_lazy("description"), "textarea"),
    )

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]:
        places = [
            n
            for n in result.get("names", [])
            if n.get("kind") == "unit" and n.get("unit_kind") in PLACE_KINDS and n.get("span")
        ]
        proposals = []
        for figure in result.get("figures", []):
            if figure["unit"] not in REACHED_UNITS or "value" not in figure:
                continue
            start, end = sentence_around(text, *figure["span"])
            clause = text[start:end]
            if not (RETIREES.search(clause) and ACTIVITY.search(clause)):
                continue
            before = [
                p
                for p in places
                if p["article"] == figure["article"]
                and p["span"][1] <= figure["span"][0]
                and figure["span"][0] - p["span"][1] <= REACH
            ]
            if not before:
                continue
            place = before[-1]
            kind = _kind(clause)
            named = NAMED.search(clause)
            title = (
                named.group(1)
                if named
                else f"{place.get('unit_name') or place['text']}{ActivityKind(kind).label}"
            )
            proposals.append(
                Proposal(
                    kind=self.key,
                    key=f"a{figure['article']}-{start}",
                    article=figure["article"],
                    start=start,
                    end=end,
                    sentence=clause,
                    data={
                        "unit": place.get("unit_id"),
                        "kind": str(kind),
                        "title": title[:200],
                        "held_on": _held_on(text, start, end),
                        "reached": int(figure["value"]),
                        "description": clause.strip(),
                    },
                    figures=[tuple(figure["span"])],
                )
            )
        return proposals

    def may_confirm(self, user: Any) -> bool:
        return can_write(user)

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        return []

    def duplicates(self, proposal: Proposal, user: Any, *, report: Any) -> list[Any]:
        """Activities of the same community on the same day (recorded by hand or from another
        report)."""
        unit, day = str(proposal.data.get("unit") or ""), proposal.data.get("held_on")
        if not unit.isdigit() or not day:
            return []
        found = Activity.objects.for_user(user).filter(unit_id=int(unit), held_on=day)
        return list(found.order_by("-id")[:MAX_DUPLICATES])

    def confirm(
        self, *, report: Any, data: dict[str, Any], by: User | None, proposal: Proposal
    ) -> Any:
        return record_activity(
            by=by,
            unit=data["unit"],
            kind=data["kind"],
            title=data["title"],
            held_on=data["held_on"],
            reached=data["reached"],
            description=data.get("description") or "",
        )
