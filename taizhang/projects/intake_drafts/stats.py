"""Draft kind of report intake: the project bank's figures for a year as a bulletin published them.

A paragraph such as "2022年，全区建设项目共有223个，总投资809.68亿元。其中：新建项目85个，续建项目
138个……投资10亿元以上项目19个。" gives one snapshot. Confirming it stores a PublishedProjectStats;
the draft shows the ledger's own year statistics (projects.queries.year_stats) beside it, with
the difference, so that a person sees where the bulletin and the ledger disagree.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import audit
from taizhang.core.access import is_district_writer, require
from taizhang.core.models import User
from taizhang.intake.drafts.registry import (
    MAX_DUPLICATES,
    DraftField,
    Proposal,
    sentence_around,
)
from taizhang.projects.models import PublishedProjectStats
from taizhang.projects.queries import year_stats

YEAR = re.compile(r"((?:19|20)\d{2})年")
MONEY = ("元", "万元", "亿元", "千元")
COUNT_FIELDS = {
    "new_count": re.compile(r"新建"),
    "continued_count": re.compile(r"续建"),
    "industry_count": re.compile(r"产业"),
    "infrastructure_count": re.compile(r"基础设施"),
    "livelihood_count": re.compile(r"民生"),
    "over_1bn_count": re.compile(r"(?:10|十)亿元?以上|亿元以上"),
}
# (field, label, key in year_stats, sub-key)
COMPARED = (
    ("count", gettext_lazy("projects"), "count", None),
    (
        "total_investment_wan",
        gettext_lazy("total investment (10k yuan)"),
        "total_investment_wan",
        None,
    ),
    ("new_count", gettext_lazy("new projects"), "by_nature", "new"),
    ("continued_count", gettext_lazy("continued projects"), "by_nature", "continued"),
    ("industry_count", gettext_lazy("industry projects"), "by_category", "industry"),
    (
        "infrastructure_count",
        gettext_lazy("infrastructure projects"),
        "by_category",
        "infrastructure",
    ),
    ("livelihood_count", gettext_lazy("livelihood projects"), "by_category", "livelihood"),
    ("over_1bn_count", gettext_lazy("1 billion yuan and more"), "count_over_1bn", None),
)


def _count(figure: dict[str, Any]) -> int | None:
    value = figure.get("value")
    if figure["unit"] != "个" or value is None or figure["qualifier"]:
        return None
    return int(Decimal(str(value)))


class ProjectStatsDraft:
    key = "project_stats"
    label = gettext_lazy("Project statistics of a year (published)")
    opens_record = True
    fields = (
        DraftField("year", gettext_lazy("year"), "year", required=True),
        DraftField("count", gettext_lazy("projects"), "int"),
        DraftField("total_investment_wan", gettext_lazy("total investment (10k yuan)"), "decimal"),
        DraftField("new_count", gettext_lazy("new projects"), "int"),
        DraftField("continued_count", gettext_lazy("continued projects"), "int"),
        DraftField("industry_count", gettext_lazy("industry projects"), "int"),
        DraftField("infrastructure_count", gettext_lazy("infrastructure projects"), "int"),
        DraftField("livelihood_count", gettext_lazy("livelihood projects"), "int"),
        DraftField("over_1bn_count", gettext_lazy("1 billion yuan and more"), "int"),
        DraftField("remarks", gettext_lazy("remarks"), "textarea"),
    )

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]:
        proposals = []
        by_article: dict[int, list[dict[str, Any]]] = {}
        for figure in result.get("figures", []):
            by_article.setdefault(figure["article"], []).append(figure)
        for article, figures in by_article.items():
            total = next(
                (
                    f
                    for f in figures
                    if f["unit"] in MONEY and "投资" in f["subject"] and "value" in f
                ),
                None,
            )
            count = next(
                (
                    f
                    for f in figures
                    if _count(f) is not None
                    and "项目" in f["subject"]
                    and not any(p.search(f["subject"]) for p in COUNT_FIELDS.values())
                ),
                None,
            )
            if total is None or count is None:
                continue
            used = [count, total]
            data: dict[str, Any] = {
                "count": _count(count),
                "total_investment_wan": str(Decimal(str(total["wan"])).quantize(Decimal("0.01"))),
            }
            for name, pattern in COUNT_FIELDS.items():
                figure = next(
                    (
                        f
                        for f in figures
                        if _count(f) is not None
                        and f is not count
                        and f["span"][0] > count["span"][0]
                        and pattern.search(f["subject"])
                    ),
                    None,
                )
                if figure is not None:
                    data[name] = _count(figure)
                    used.append(figure)
            start = min(f["span"][0] for f in used)
            end = max(f["span"][1] for f in used)
            before = text[max(0, start - 200) : start]
            years = YEAR.findall(before) or YEAR.findall(text[start:end])
            data["year"] = int(years[-1]) if years else None
            start, end = sentence_around(text, start, end)
            proposals.append(
                Proposal(
                    kind=self.key,
                    key=f"a{article}-{start}",
                    article=article,
                    start=start,
                    end=end,
                    sentence=text[start:end],
                    data=data,
                    figures=[tuple(f["span"]) for f in used],
                )
            )
        return proposals

    def may_confirm(self, user: Any) -> bool:
        return is_district_writer(user)

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        """The bulletin's figures beside the ledger's own year statistics, and the difference."""
        year = proposal.data.get("year")
        if not year:
            return []
        try:
            ledger = year_stats(year=int(year), user=user)
        except ValidationError:
            return []
        rows = []
        for name, label, key, sub in COMPARED:
            published = proposal.data.get(name)
            own = ledger[key][sub] if sub else ledger[key]
            difference = None if published is None else Decimal(str(published)) - Decimal(str(own))
            rows.append(
                {"label": label, "published": published, "ledger": own, "difference": difference}
            )
        return rows

    def duplicates(self, proposal: Proposal, user: Any, *, report: Any) -> list[Any]:
        """Figures of the same year already published for the report's unit."""
        year = proposal.data.get("year")
        if not year:
            return []
        found = PublishedProjectStats.objects.for_user(user).filter(year=year, unit=report.unit)
        return list(found.order_by("-id")[:MAX_DUPLICATES])

    def confirm(
        self, *, report: Any, data: dict[str, Any], by: User | None, proposal: Proposal
    ) -> Any:
        require(self.may_confirm(by))
        if data.get("year") is None:
            raise ValidationError({"year": [_("This field is required.")]})
        stats = PublishedProjectStats(
            unit=report.unit,
            source_report=report,
            source_start=proposal.start,
            source_end=proposal.end,
            **{f.name: data.get(f.name) for f in self.fields if f.name != "remarks"},
            remarks=data.get("remarks") or "",
        )
        stats.full_clean()
        stats.save()
        audit.record_create(stats, by=by, reason=_("Confirmed from report “%(r)s”") % {"r": report})
        return stats
