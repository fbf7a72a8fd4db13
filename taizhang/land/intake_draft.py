"""Draft kind of report intake: a village's land-transfer figures, checked against the ledger.

"目前，共流转土地2000多亩，农民每亩土地增收600~700元，全村80%的农民从中受益" gives one draft: the
village named before it, the year, the area transferred with its qualifier (多), the price per
mu (a range or one figure) and the share of villagers who benefit. The draft shows the land
ledger's own figures of that village and year beside them (queries.figures) and whether each
agrees (intake.drafts.compare: "2000多亩" agrees with 2,036.4 mu, not with 3,100).
Confirming stores PublishedLandFigures with its source span.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.models import Unit, User
from taizhang.intake.drafts.compare import compare_row
from taizhang.intake.drafts.published import PublishedFiguresDraft
from taizhang.intake.drafts.registry import DraftField, Proposal, sentence_around
from taizhang.land import queries
from taizhang.land.published import PublishedLandFigures
from taizhang.lib import clock

PLACE_KINDS = ("village", "community")
TRANSFER = re.compile(r"流转")
AREA_UNITS = ("亩", "万亩")
PRICE = re.compile(r"每亩|亩均|租金|流转费|增收")
BENEFIT = re.compile(r"受益|增收|农户|农民|村民|群众")
YEAR = re.compile(r"((?:19|20)\d{2})年")
# How far after the area figure a price or share still belongs to it (the same passage).
REACH = 120


def _mu(figure: dict[str, Any]) -> Decimal:
    return Decimal(str(figure["value"])) * (10000 if figure["unit"] == "万亩" else 1)


class LandFiguresDraft(PublishedFiguresDraft):
    key = "land_figures"
    label = gettext_lazy("Land-transfer figures of a village (published)")
    model = PublishedLandFigures
    fields = (
        DraftField("unit", gettext_lazy("village"), "unit", required=True, unit_kinds=PLACE_KINDS),
        DraftField("year", gettext_lazy("year"), "year", required=True),
        DraftField("area_mu", gettext_lazy("area transferred (mu)"), "decimal"),
        DraftField("area_qualifier", gettext_lazy("area qualifier")),
        DraftField("price_min_yuan", gettext_lazy("price per mu, lowest (yuan)"), "decimal"),
        DraftField("price_max_yuan", gettext_lazy("price per mu, highest (yuan)"), "decimal"),
        DraftField("benefiting_percent", gettext_lazy("villagers benefiting (%)"), "decimal"),
        DraftField("remarks", gettext_lazy("remarks"), "textarea"),
    )

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]:
        figures = result.get("figures", [])
        places = [
            n
            for n in result.get("names", [])
            if n.get("kind") == "unit" and n.get("unit_kind") in PLACE_KINDS and n.get("span")
        ]
        proposals = []
        for area in figures:
            if area["unit"] not in AREA_UNITS or "value" not in area:
                continue
            start, end = sentence_around(text, *area["span"])
            if not TRANSFER.search(area["subject"]) and not TRANSFER.search(text[start:end]):
                continue
            place = self._place(places, area)
            if place is None:
                continue
            used = [area]
            later = [
                f
                for f in figures
                if f["article"] == area["article"]
                and area["span"][1] <= f["span"][0] <= area["span"][1] + REACH
            ]
            data: dict[str, Any] = {
                "unit": place.get("unit_id"),
                "area_mu": str(_mu(area)),
                "area_qualifier": area["qualifier"],
            }
            price = next(
                (f for f in later if f["unit"] in ("元", "元/亩") and PRICE.search(f["subject"])),
                None,
            )
            if price is not None:
                low, high = price.get("low", price.get("value")), price.get("high")
                data["price_min_yuan"] = str(low)
                data["price_max_yuan"] = str(high if high is not None else low)
                used.append(price)
            share = next(
                (
                    f
                    for f in later
                    if f["unit"] == "%"
                    and "value" in f
                    and (BENEFIT.search(f["subject"]) or "受益" in text[f["span"][1] : end + 40])
                ),
                None,
            )
            if share is not None:
                data["benefiting_percent"] = str(share["value"])
                used.append(share)
            years = YEAR.findall(text[max(0, place["span"][0] - 200) : area["span"][1]])
            data["year"] = int(years[-1]) if years else None
            start = min(start, place["span"][0])
            end = max(f["span"][1] for f in used)
            start, end = sentence_around(text, start, end)
            proposals.append(
                Proposal(
                    kind=self.key,
                    key=f"a{area['article']}-{area['span'][0]}",
                    article=area["article"],
                    start=start,
                    end=end,
                    sentence=text[start:end],
                    data=data,
                    figures=[tuple(f["span"]) for f in used],
                )
            )
        return proposals

    @staticmethod
    def _place(places: list[dict[str, Any]], area: dict[str, Any]) -> dict[str, Any] | None:
        """The village named last before the figure in its article (within the passage)."""
        before = [
            p
            for p in places
            if p["article"] == area["article"]
            and p["span"][1] <= area["span"][0]
            and area["span"][0] - p["span"][1] <= 4 * REACH
        ]
        return before[-1] if before else None

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        """The report's figures beside the ledger's for the village and year; a difference
        only where the report's words do not allow the ledger's figure."""
        unit_id, year = str(proposal.data.get("unit") or ""), proposal.data.get("year")
        if not unit_id.isdigit() or not year:
            return []
        unit = Unit.objects.for_user(user).filter(pk=int(unit_id)).first()
        if unit is None:
            return []
        own = queries.figures(user, year=int(year), today=clock.today(), unit=unit)
        data = proposal.data
        rows = []
        for label, published, qualifier, ledger in (
            (
                gettext_lazy("area transferred (mu)"),
                data.get("area_mu"),
                data.get("area_qualifier") or "",
                own.area_mu,
            ),
            (
                gettext_lazy("price per mu, lowest (yuan)"),
                data.get("price_min_yuan"),
                "",
                own.price_per_mu_min_yuan,
            ),
            (
                gettext_lazy("price per mu, highest (yuan)"),
                data.get("price_max_yuan"),
                "",
                own.price_per_mu_max_yuan,
            ),
            (
                gettext_lazy("villagers benefiting (%)"),
                data.get("benefiting_percent"),
                "",
                own.benefiting_share * 100,
            ),
        ):
            rows.append(compare_row(label, published, qualifier, ledger))
        return rows

    def values(self, data: dict[str, Any], *, by: User | None) -> dict[str, Any]:
        if data.get("area_mu") is None and data.get("benefiting_percent") is None:
            raise ValidationError(
                {"area_mu": [_("Give the area transferred or the share of villagers.")]}
            )
        return {
            "area_mu": data.get("area_mu"),
            "area_qualifier": (data.get("area_qualifier") or "")[:10],
            "price_min_yuan": data.get("price_min_yuan"),
            "price_max_yuan": data.get("price_max_yuan"),
            "benefiting_percent": data.get("benefiting_percent"),
        }
