"""Draft kind of report intake: a village's small works (村级小微工程) as a project.

A clause that names a village or community and counts works ("东王庄村新硬化巷道1000多平方米，植绿
500多平方米，新建花池40多个") gives one project draft with those physical quantities. Confirming
it files the project through the project bank's own service (create_project), as a reserve
(储备) of that village, so the pipeline, scoping and audit are the project bank's.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.models import User
from taizhang.intake.drafts.registry import (
    MAX_DUPLICATES,
    DraftField,
    Proposal,
    sentence_around,
)
from taizhang.projects.models import Project
from taizhang.projects.services.projects import create_project

PHYSICAL_UNITS = {
    "平方米",
    "万平方米",
    "米",
    "公里",
    "千米",
    "个",
    "盏",
    "座",
    "处",
    "户",
    "棵",
    "株",
    "条",
    "间",
    "亩",
    "套",
    "台",
    "眼",
    "口",
    "立方米",
    "块",
    "根",
    "组",
}
WORKS = re.compile(
    r"硬化|新建|修建|新修|修缮|维修|安装|改造|植绿|绿化|铺设|建设|建成|栽植|种植|亮化|美化|"
    r"清理|疏浚|修复|整治|拆除|粉刷|打造|新增|更换"
)
MONEY = ("元", "万元", "亿元", "千元")
LEADING = re.compile(r"^(?:并|还|共|已|再|同时|其中|村里|全村)+")
# "新硬化巷道" is 硬化巷道; "新建花池" keeps its verb
NEW_BEFORE_VERB = re.compile(r"^新(?=硬化|安装|改造|铺设|栽植|种植|植绿|绿化|亮化|修缮)")
PLACE_KINDS = ("village", "community")


def _item(subject: str, place: str) -> str:
    item = NEW_BEFORE_VERB.sub("", LEADING.sub("", subject.replace(place, "")))
    return item or subject


class VillageWorksDraft:
    key = "village_works"
    label = gettext_lazy("Village small works (project)")
    fields = (
        DraftField("name", gettext_lazy("project name"), "text", required=True),
        DraftField(
            "unit", gettext_lazy("responsible unit"), "unit", required=True, unit_kinds=PLACE_KINDS
        ),
        DraftField(
            "category",
            gettext_lazy("category"),
            "choice",
            required=True,
            choices=(
                ("infrastructure", gettext_lazy("Infrastructure")),
                ("livelihood", gettext_lazy("Livelihood")),
                ("industry", gettext_lazy("Industry")),
            ),
        ),
        DraftField(
            "total_investment_wan",
            gettext_lazy("total investment (10k yuan)"),
            "decimal",
            required=True,
        ),
        DraftField("content", gettext_lazy("scale and content"), "textarea"),
        DraftField("quantities", gettext_lazy("quantities"), "quantities"),
    )

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]:
        places = [
            n
            for n in result.get("names", [])
            if n.get("unit_kind") in PLACE_KINDS and n["kind"] == "unit"
        ]
        clauses: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for figure in result.get("figures", []):
            span = sentence_around(text, *figure["span"])
            clauses.setdefault(span, []).append(figure)
        proposals = []
        for (start, end), figures in sorted(clauses.items()):
            clause = text[start:end]
            works = [
                f
                for f in figures
                if f["unit"] in PHYSICAL_UNITS and "value" in f and WORKS.search(f["subject"])
            ]
            article = figures[0]["article"]
            place = next(
                (p for p in places if p["article"] == article and p["text"] in clause),
                None,
            )
            if not works or place is None:
                continue
            money = next(
                (
                    f
                    for f in figures
                    if f["unit"] in MONEY
                    and "value" in f
                    and re.search("投入|投资|资金", f["subject"])
                ),
                None,
            )
            quantities = [
                {
                    "item": _item(f["subject"], place["text"]),
                    "value": str(f["value"]),
                    "unit_of_measure": f["unit"],
                    "qualifier": f["qualifier"],
                }
                for f in works
            ]
            name = place.get("unit_name") or place["text"]
            data = {
                "name": _("%(place)s: %(item)s and other small works")
                % {"place": name, "item": quantities[0]["item"]},
                "unit": place.get("unit_id"),
                "category": "infrastructure",
                "total_investment_wan": str(Decimal(str(money["wan"])).quantize(Decimal("0.01")))
                if money
                else "0.00",
                "content": clause.strip(),
                "quantities": quantities,
            }
            spans = [tuple(f["span"]) for f in works] + ([tuple(money["span"])] if money else [])
            proposals.append(
                Proposal(
                    kind=self.key,
                    key=f"a{article}-{start}",
                    article=article,
                    start=start,
                    end=end,
                    sentence=clause,
                    data=data,
                    figures=spans,
                )
            )
        return proposals

    def may_confirm(self, user: Any) -> bool:
        return can_write(user)

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        return []

    def duplicates(self, proposal: Proposal, user: Any, *, report: Any) -> list[Any]:
        """Projects of the same name and unit (confirmed from another report, or filed by
        hand)."""
        name, unit = (proposal.data.get("name") or "").strip(), str(proposal.data.get("unit") or "")
        if not name or not unit.isdigit():
            return []
        found = Project.objects.for_user(user).filter(name=name, unit_id=int(unit))
        return list(found.order_by("-id")[:MAX_DUPLICATES])

    def confirm(
        self, *, report: Any, data: dict[str, Any], by: User | None, proposal: Proposal
    ) -> Any:
        return create_project(
            by=by,
            unit=data["unit"],
            name=data["name"],
            category=data["category"],
            total_investment_wan=data["total_investment_wan"],
            content=data.get("content") or "",
            quantities=data.get("quantities") or [],
        )
