"""Draft kind of report intake: a volunteer campaign's responsibility letters, checked against
the letter campaign's own rate.

The seed's passage names 文兴社区 and then "志愿者们分队与小区物业及周边商铺签订疫情防控责任书……签订
完成率达到了100%": one draft with the community, the year, the signing rate and the letters
signed (where counted). A person picks the letter campaign (one of the community's is offered
first); the draft shows the rate its targets in that community give beside the report's,
and a difference only where the report's words do not allow it (intake.drafts.compare).
Confirming stores PublishedLetterFigures with its source span.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.models import User
from taizhang.intake.drafts.compare import compare_row
from taizhang.intake.drafts.published import PublishedFiguresDraft
from taizhang.intake.drafts.registry import DraftField, Proposal, sentence_around
from taizhang.volunteers.models import LetterCampaign, LetterTarget, TargetState
from taizhang.volunteers.published import PublishedLetterFigures

PLACE_KINDS = ("village", "community")
LETTERS = re.compile(r"责任书|承诺书")
SIGNED_UNITS = ("份", "家", "户")
VOLUNTEER_UNITS = ("名", "人", "位")
YEAR = re.compile(r"((?:19|20)\d{2})年")
# How far before the sentence the community it tells of may be named (the paragraph before).
REACH = 400


def _letter_campaigns(user: Any) -> list[tuple[str, str]]:
    return [
        (str(pk), title)
        for pk, title in LetterCampaign.objects.for_user(user)
        .order_by("-starts_on", "title")
        .values_list("pk", "title")[:200]
    ]


class LetterFiguresDraft(PublishedFiguresDraft):
    key = "volunteer_letters"
    label = gettext_lazy("Responsibility letters of a community (published)")
    model = PublishedLetterFigures
    fields = (
        DraftField(
            "unit", gettext_lazy("community"), "unit", required=True, unit_kinds=PLACE_KINDS
        ),
        DraftField("year", gettext_lazy("year"), "year", required=True),
        DraftField(
            "letter_campaign",
            gettext_lazy("letter campaign"),
            "choice",
            options=_letter_campaigns,
        ),
        DraftField("rate_percent", gettext_lazy("signing rate (%)"), "decimal"),
        DraftField("rate_qualifier", gettext_lazy("rate qualifier")),
        DraftField("signed", gettext_lazy("letters signed"), "int"),
        DraftField("volunteers", gettext_lazy("volunteers"), "int"),
        DraftField("remarks", gettext_lazy("remarks"), "textarea"),
    )

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]:
        places = [
            n
            for n in result.get("names", [])
            if n.get("kind") == "unit" and n.get("unit_kind") in PLACE_KINDS and n.get("span")
        ]
        clauses: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for figure in result.get("figures", []):
            clauses.setdefault(sentence_around(text, *figure["span"]), []).append(figure)
        proposals = []
        for (start, end), figures in sorted(clauses.items()):
            clause = text[start:end]
            if not LETTERS.search(clause):
                continue
            rate = next((f for f in figures if f["unit"] == "%" and "value" in f), None)
            signed = next((f for f in figures if f["unit"] in SIGNED_UNITS and "value" in f), None)
            if rate is None and signed is None:
                continue
            article = figures[0]["article"]
            before = [
                p for p in places if p["article"] == article and start - REACH <= p["span"][0] < end
            ]
            if not before:
                continue
            volunteers = next(
                (
                    f
                    for f in figures
                    if f["unit"] in VOLUNTEER_UNITS and "value" in f and "志愿" in f["subject"]
                ),
                None,
            )
            used = [f for f in (rate, signed, volunteers) if f is not None]
            years = YEAR.findall(text, max(0, start - REACH), end)
            data: dict[str, Any] = {
                "unit": before[-1].get("unit_id"),
                "year": int(years[-1]) if years else None,
                "rate_percent": str(rate["value"]) if rate else None,
                "rate_qualifier": rate["qualifier"] if rate else "",
                "signed": int(signed["value"]) if signed else None,
                "volunteers": int(volunteers["value"]) if volunteers else None,
            }
            proposals.append(
                Proposal(
                    kind=self.key,
                    key=f"a{article}-{start}",
                    article=article,
                    start=start,
                    end=end,
                    sentence=clause,
                    data=data,
                    figures=[tuple(f["span"]) for f in used],
                )
            )
        return proposals

    def prefill(self, proposal: Proposal, user: Any) -> dict[str, Any]:
        """This year when the passage names none, and the latest letter campaign the user reads
        among the community's."""
        filled = super().prefill(proposal, user)
        unit = str(proposal.data.get("unit") or "")
        if unit.isdigit():
            found = (
                LetterCampaign.objects.for_user(user)
                .filter(places=int(unit))
                .order_by("-starts_on", "-id")
                .values_list("pk", flat=True)
                .first()
            )
            if found is not None:
                filled["letter_campaign"] = str(found)
        return filled

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        """The report's rate and count beside what the letter campaign's targets in the
        community give."""
        data = proposal.data
        unit, letters = str(data.get("unit") or ""), str(data.get("letter_campaign") or "")
        if not (unit.isdigit() and letters.isdigit()):
            return []
        counted = (
            LetterTarget.objects.for_user(user)
            .filter(letter_campaign_id=int(letters), community_id=int(unit))
            .aggregate(targets=Count("pk"), signed=Count("pk", filter=Q(state=TargetState.SIGNED)))
        )
        own_rate = (
            (Decimal(counted["signed"]) * 100 / counted["targets"]).quantize(Decimal("0.01"))
            if counted["targets"]
            else None
        )
        return [
            compare_row(
                gettext_lazy("signing rate (%)"),
                data.get("rate_percent"),
                data.get("rate_qualifier") or "",
                own_rate,
            ),
            compare_row(
                gettext_lazy("letters signed"), data.get("signed"), "", Decimal(counted["signed"])
            ),
        ]

    def values(self, data: dict[str, Any], *, by: User | None) -> dict[str, Any]:
        if data.get("rate_percent") is None and data.get("signed") is None:
            raise ValidationError(
                {"rate_percent": [_("Give the signing rate or the letters signed.")]}
            )
        letters = None
        if data.get("letter_campaign"):
            letters = (
                LetterCampaign.objects.for_user(by).filter(pk=int(data["letter_campaign"])).first()
            )
            if letters is None:
                raise ValidationError({"letter_campaign": [_("Choose one of the options.")]})
        return {
            "letter_campaign": letters,
            "rate_percent": data.get("rate_percent"),
            "rate_qualifier": (data.get("rate_qualifier") or "")[:10],
            "signed": data.get("signed"),
            "volunteers": data.get("volunteers"),
        }
