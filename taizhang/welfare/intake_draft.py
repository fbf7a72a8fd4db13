"""Draft kind of report intake: a hand-out or visits (走访慰问、发放) as a report told them.

"春节前夕，小南头街道走访慰问低保户、五保户等困难群众120户，送去米、面、油等慰问品，发放慰问金3.6万元"
gives one draft: the unit that gave, the year, how many households or people, the amount, the
goods and the groups visited. A person picks the programme it belongs to (the one whose name
shares most words with the sentence is offered first); the draft then shows the ledger's own
figures of that programme within the unit and year beside the report's (hand-outs and payments
delivered, and visits, recorded in the ledger) and where the report's words do not allow them.
Confirming stores PublishedWelfareFigures with its source span.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.models import Unit, User
from taizhang.intake.drafts.compare import compare_row
from taizhang.intake.drafts.published import PublishedFiguresDraft
from taizhang.intake.drafts.registry import DraftField, Proposal, sentence_around
from taizhang.welfare.models import (
    Entitlement,
    Programme,
    PublishedWelfareFigures,
    RecipientKind,
    Visit,
)

GIVING = re.compile(r"慰问|发放|送去|送上|送来|看望|走访")
RECIPIENT_UNITS = {"户": RecipientKind.HOUSEHOLDS, "人": RecipientKind.PEOPLE}
RECIPIENT_UNITS.update({"名": RecipientKind.PEOPLE, "位": RecipientKind.PEOPLE})
MONEY = ("元", "万元", "千元")
CJK = "\u4e00-\u9fff"
ITEMS = re.compile(
    rf"((?:[{CJK}]{{1,6}}、)+[{CJK}]{{1,6}})等(?:慰问品|慰问物资|物资|生活用品|年货|节日用品|礼品)"
)
GROUPS = re.compile(
    rf"((?:[{CJK}]{{2,8}}、)+[{CJK}]{{2,8}})等(?:低收入群体|困难群众|困难群体|困难家庭|群体|人员|群众|对象)"
)
# The verb before the first item of a list belongs to the sentence, not to the item.
LEAD = re.compile(r"^.*(?:慰问|看望|走访|帮扶|送去|送上|发放|为|向|给|对)")
YEAR = re.compile(r"((?:19|20)\d{2})年")


def _listed(pattern: re.Pattern[str], clause: str) -> str:
    found = pattern.search(clause)
    if found is None:
        return ""
    items = found.group(1).split("、")
    items[0] = LEAD.sub("", items[0])
    return "、".join(item for item in items if item)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _yuan(figure: dict[str, Any]) -> Decimal:
    return (Decimal(str(figure["wan"])) * 10000).quantize(Decimal("0.01"))


def _programmes(user: Any) -> list[tuple[str, str]]:
    return [
        (str(pk), name)
        for pk, name in Programme.objects.for_user(user)
        .order_by("-starts_on", "name")
        .values_list("pk", "name")[:200]
    ]


class WelfareHandoutDraft(PublishedFiguresDraft):
    key = "welfare_handout"
    label = gettext_lazy("Hand-out or visits (published)")
    model = PublishedWelfareFigures
    fields = (
        DraftField("unit", gettext_lazy("unit"), "unit", required=True),
        DraftField("year", gettext_lazy("year"), "year", required=True),
        DraftField("programme", gettext_lazy("programme"), "choice", options=_programmes),
        DraftField("recipients", gettext_lazy("recipients"), "int"),
        DraftField(
            "recipient_kind",
            gettext_lazy("counted as"),
            "choice",
            choices=tuple(RecipientKind.choices),
        ),
        DraftField("recipients_qualifier", gettext_lazy("recipients qualifier")),
        DraftField("amount_yuan", gettext_lazy("amount (yuan)"), "decimal"),
        DraftField("items", gettext_lazy("goods")),
        DraftField("groups", gettext_lazy("groups visited")),
        DraftField("remarks", gettext_lazy("remarks"), "textarea"),
    )

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]:
        names = [n for n in result.get("names", []) if n.get("kind") == "unit" and n.get("span")]
        clauses: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for figure in result.get("figures", []):
            clauses.setdefault(sentence_around(text, *figure["span"]), []).append(figure)
        proposals = []
        for (start, end), figures in sorted(clauses.items()):
            clause = text[start:end]
            if not GIVING.search(clause):
                continue
            count = next(
                (f for f in figures if f["unit"] in RECIPIENT_UNITS and "value" in f), None
            )
            money = next((f for f in figures if f["unit"] in MONEY and "wan" in f), None)
            if count is None and money is None:
                continue
            article = figures[0]["article"]
            giver = [
                n for n in names if n["article"] == article and n["span"][0] < figures[0]["span"][0]
            ]
            if not giver:
                continue
            used = [f for f in (count, money) if f is not None]
            data: dict[str, Any] = {
                "unit": giver[-1].get("unit_id"),
                "recipients": int(count["value"]) if count else None,
                "recipient_kind": RECIPIENT_UNITS[count["unit"]] if count else "",
                "recipients_qualifier": count["qualifier"] if count else "",
                "amount_yuan": str(_yuan(money)) if money else None,
                "items": _listed(ITEMS, clause),
                "groups": _listed(GROUPS, clause),
            }
            years = YEAR.findall(text[max(0, start - 200) : end])
            data["year"] = int(years[-1]) if years else None
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
        """This year when the passage names none, and the programme the user reads whose name
        shares most words with the sentence."""
        filled = super().prefill(proposal, user)
        words = _bigrams(proposal.sentence)
        best, best_score = None, 0
        for key, name in _programmes(user):
            score = len(_bigrams(name) & words)
            if score > best_score:
                best, best_score = key, score
        if best is not None:
            filled["programme"] = best
        return filled

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        """The report's figures beside the programme's in the ledger, within the unit and year:
        entitlements handed out or paid, and visits, with their amounts."""
        data = proposal.data
        unit_id, programme_id = str(data.get("unit") or ""), str(data.get("programme") or "")
        year = data.get("year")
        if not (unit_id.isdigit() and programme_id.isdigit() and year):
            return []
        unit = Unit.objects.for_user(user).filter(pk=int(unit_id)).first()
        if unit is None:
            return []
        own = ledger_figures(user, int(programme_id), unit, int(year))
        households = data.get("recipient_kind") == RecipientKind.HOUSEHOLDS
        return [
            compare_row(
                gettext_lazy("recipients"),
                data.get("recipients"),
                data.get("recipients_qualifier") or "",
                Decimal(own["households" if households else "people"]),
            ),
            compare_row(
                gettext_lazy("amount (yuan)"), data.get("amount_yuan"), "", own["amount_yuan"]
            ),
        ]

    def same_subject(self, found: QuerySet[Any], proposal: Proposal) -> QuerySet[Any]:
        """Of the unit's figures of the year, those of the same programme."""
        programme = str(proposal.data.get("programme") or "")
        if programme.isdigit():
            found = found.filter(programme_id=int(programme))
        return found

    def values(self, data: dict[str, Any], *, by: User | None) -> dict[str, Any]:
        if data.get("recipients") is None and data.get("amount_yuan") is None:
            raise ValidationError(
                {"recipients": [_("Give the number of recipients or the amount.")]}
            )
        if data.get("recipients") is not None and not data.get("recipient_kind"):
            raise ValidationError(
                {"recipient_kind": [_("Say whether the recipients are households or people.")]}
            )
        programme = None
        if data.get("programme"):
            programme = Programme.objects.for_user(by).filter(pk=int(data["programme"])).first()
            if programme is None:
                raise ValidationError({"programme": [_("Choose one of the options.")]})
        return {
            "programme": programme,
            "recipients": data.get("recipients"),
            "recipient_kind": data.get("recipient_kind") or "",
            "recipients_qualifier": (data.get("recipients_qualifier") or "")[:10],
            "amount_yuan": data.get("amount_yuan"),
            "items": (data.get("items") or "")[:200],
            "groups": (data.get("groups") or "")[:200],
        }


def ledger_figures(user: Any, programme_id: int, unit: Unit, year: int) -> dict[str, Any]:
    """What the ledger holds of a programme within a unit in a year (four queries): people and
    households reached by a delivered entitlement (handed out or paid) or a visit, and the
    amount; one reached both ways counts once in each of the two, so twice at most."""
    delivered = (
        Entitlement.objects.for_user(user)
        .filter(
            programme_id=programme_id,
            cycle__period__year=year,
            unit__path__startswith=unit.path,
        )
        .filter(Q(handout__isnull=False) | Q(paid_on__isnull=False))
        .aggregate(
            people=Count("person", distinct=True),
            households=Count("household", distinct=True),
            amount=Sum("amount_yuan", default=Decimal(0)),
        )
    )
    visits = (
        Visit.objects.for_user(user)
        .filter(
            programme_id=programme_id,
            visited_on__year=year,
            person__unit__path__startswith=unit.path,
        )
        .aggregate(
            people=Count("person", distinct=True),
            households=Count("household", distinct=True),
            amount=Sum("amount_yuan", default=Decimal(0)),
        )
    )
    return {
        "people": delivered["people"] + visits["people"],
        "households": delivered["households"] + visits["households"],
        "amount_yuan": (Decimal(delivered["amount"]) + Decimal(visits["amount"])).quantize(
            Decimal("0.01")
        ),
    }
