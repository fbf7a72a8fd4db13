"""The rectification case draft kind: its fields and their choices for a person, proposing
drafts from what `reading` finds, filling in campaign and categories when a draft is shown,
and confirming through `rectification.services.cases.open_case`."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.models import Unit, User
from taizhang.intake.drafts.registry import MAX_DUPLICATES, DraftField, Proposal
from taizhang.lib import clock
from taizhang.lib.cn_numbers import parse_cn_integer
from taizhang.rectification.intake_draft import reading

# A case filed this long before a report about it counts as the same case (with its subject
# and village); an open one always does.
DUPLICATE_DAYS = datetime.timedelta(days=30)
# A finding line of the form: its category, a bar, its description.
CATEGORY_MARK = re.compile(r"^(?P<category>[^｜|]{1,100})[｜|](?P<description>.*)$")


def _campaigns(user: Any) -> list[tuple[str, str]]:
    from taizhang.rectification.models import Campaign

    rows = (
        Campaign.objects.for_user(user)
        .filter(ends_on__gte=clock.today())
        .order_by("-starts_on", "-id")
        .values_list("pk", "name")
    )
    return [(str(pk), name) for pk, name in rows[:200]]


def _categories(user: Any) -> list[tuple[str, str]]:
    from taizhang.rectification.models import HazardCategory

    rows = (
        HazardCategory.objects.filter(campaign__in=[int(pk) for pk, _name in _campaigns(user)])
        .select_related("campaign")
        .order_by("campaign_id", "id")
    )
    return [(str(c.pk), f"{c.campaign.name} · {c.name}") for c in rows]


def _agencies(user: Any) -> list[tuple[str, str]]:
    from taizhang.rectification.forms import addressable_agencies

    return [(str(pk), name) for pk, name in addressable_agencies().values_list("pk", "name")]


def _villages(user: Any) -> list[tuple[str, str]]:
    rows = (
        Unit.objects.filter(is_active=True, kind__in=reading.PLACE_KINDS)
        .order_by("code")
        .values_list("pk", "name")
    )
    return [(str(pk), name) for pk, name in rows]


def _origins(user: Any) -> list[tuple[str, Any]]:
    from taizhang.rectification.models import Origin

    return list(Origin.choices)


def _subject_kinds(user: Any) -> list[tuple[str, Any]]:
    from taizhang.rectification.models import SubjectKind

    return list(SubjectKind.choices)


class RectificationCaseDraft:
    key = "rectification_case"
    label = gettext_lazy("Rectification case")
    fields = (
        DraftField(
            "campaign", gettext_lazy("campaign"), "choice", required=True, options=_campaigns
        ),
        DraftField("origin", gettext_lazy("origin"), "choice", required=True, options=_origins),
        DraftField("origin_reference", gettext_lazy("origin reference"), "text"),
        DraftField("subject_name", gettext_lazy("subject"), "text", required=True),
        DraftField(
            "subject_kind",
            gettext_lazy("kind of subject"),
            "choice",
            required=True,
            options=_subject_kinds,
        ),
        DraftField("subject_address", gettext_lazy("address"), "text", required=True),
        DraftField(
            "village",
            gettext_lazy("village or community"),
            "choice",
            required=True,
            options=_villages,
        ),
        DraftField("found_by_unit", gettext_lazy("found by"), "unit", required=True),
        DraftField(
            "agency",
            gettext_lazy("responsible agency"),
            "choice",
            required=True,
            options=_agencies,
        ),
        DraftField(
            "category",
            gettext_lazy("category of findings without one"),
            "choice",
            options=_categories,
        ),
        DraftField(
            "findings",
            gettext_lazy("findings, one a line (category｜finding)"),
            "textarea",
            required=True,
        ),
        DraftField("legal_basis", gettext_lazy("legal basis"), "text"),
        DraftField("summary", gettext_lazy("summary"), "textarea"),
    )

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]:
        proposals = []
        for index, (body, offsets) in enumerate(reading.article_texts(text)):
            if not offsets or not reading.ACTION.search(body):
                continue
            sentence = next(
                (
                    (s, e)
                    for s, e in reading.sentences(body)
                    if reading.FOUND.search(body, s, e) and reading.PROBLEM.search(body, s, e)
                ),
                None,
            )
            if sentence is None:
                continue
            start, end = sentence
            # numbered findings may run on in the sentences after ("一是…。二是…。")
            for s, e in reading.sentences(body):
                if s == end and reading.ORDINAL.match(body[s:e].lstrip()):
                    end = e
            words = body[start:end].replace("\n", "")
            count_match = reading.COUNT.search(words)
            count = None
            if count_match:
                number = count_match.group(1)
                try:
                    count = int(number) if number.isdigit() else parse_cn_integer(number)
                except ValueError:
                    count = None
            findings = reading.findings(body[start:end], start, count)
            if not findings:
                continue
            names = [
                n
                for n in result.get("names", [])
                if n.get("article") == index and n.get("kind") == "unit" and n.get("unit_id")
            ]
            units = reading.units_in(body, names)
            agency = reading.agency(body, units)
            finder = reading.finder(body, (start, end), units, agency)
            subject_name, address = reading.subject(body[start:end])
            for _s, _e, name in units:
                # "西王庄村一加油站": the place goes to the address
                if subject_name.startswith(name["text"]) and len(subject_name) > len(name["text"]):
                    address = address or name["text"]
                    subject_name = re.sub(
                        r"^(?:一家|一处|一)", "", subject_name[len(name["text"]) :]
                    )
            villages = [
                (s, name) for s, _e, name in units if name.get("unit_kind") in reading.PLACE_KINDS
            ]
            village = next(
                (name for s, name in villages if start <= s < end),
                villages[0][1] if villages else None,
            )
            context = "".join(
                body[s:e]
                for s, e in reading.sentences(body)
                if reading.CONTEXT_WORDS.search(body[s:e])
            )
            articles = result.get("articles") or []
            heading = (articles[index].get("title") or "") if index < len(articles) else ""
            report_start = offsets[start]
            report_end = offsets[end - 1] + 1
            while report_end > report_start and text[report_end - 1] in "\n ":
                report_end -= 1
            data = {
                "campaign": "",
                "origin": "intake",
                "origin_reference": "",
                "subject_name": subject_name[:200],
                "subject_kind": reading.subject_kind(subject_name),
                "subject_address": (address or (village or {}).get("text", ""))[:200],
                "village": str(village["unit_id"]) if village else "",
                "found_by_unit": finder["unit_id"] if finder else None,
                "agency": str(agency["unit_id"]) if agency else "",
                "category": "",
                "findings": "\n".join(description for description, _s, _e in findings),
                "legal_basis": reading.legal_basis(body),
                "summary": words.strip(),
                "context": (heading + context)[:1000],
            }
            proposals.append(
                Proposal(
                    kind=self.key,
                    key=f"a{index}-{report_start}",
                    article=index,
                    start=report_start,
                    end=report_end,
                    sentence=text[report_start:report_end],
                    data=data,
                    figures=[(offsets[s], offsets[e - 1] + 1) for _d, s, e in findings if e > s],
                )
            )
        return proposals

    def may_confirm(self, user: Any) -> bool:
        """Whoever may file a case (the case form's rule)."""
        return can_write(user)

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        return []

    def duplicates(self, proposal: Proposal, user: Any, *, report: Any) -> list[Any]:
        """Cases against the same subject in the same village opened around the same date:
        within DUPLICATE_DAYS before today (reports come days after a case is filed), or
        still open."""
        from taizhang.rectification.models import Case

        name, village = proposal.data.get("subject_name", "").strip(), proposal.data["village"]
        if not name or not str(village).isdigit():
            return []
        since = timezone.make_aware(
            datetime.datetime.combine(clock.today() - DUPLICATE_DAYS, datetime.time.min)
        )
        found = Case.objects.for_user(user).filter(
            Q(opened_at__gte=since) | Q(item__closed_at__isnull=True),
            subject_name=name,
            village_id=int(village),
        )
        return list(found.order_by("-opened_at", "-id")[:MAX_DUPLICATES])

    def prefill(self, proposal: Proposal, user: Any) -> dict[str, Any]:
        """The campaign that shares most words with the article, and for each finding the
        category of that campaign it resembles most."""
        from taizhang.rectification.models import Campaign

        context = proposal.data.get("context", "") + proposal.sentence
        campaigns = Campaign.objects.for_user(user).filter(ends_on__gte=clock.today())
        best, best_score = None, 0
        for campaign in campaigns.order_by("-starts_on", "-id")[:200]:
            plan = campaign.plan_document.strip("《》 ")
            score = (100 if plan and plan in context else 0) + len(
                reading.bigrams(campaign.name) & reading.bigrams(context)
            )
            if score > best_score:
                best, best_score = campaign, score
        if best is None or best_score < 4:
            return {}
        categories = list(best.categories.all())
        lines = []
        for line in proposal.data.get("findings", "").splitlines():
            scores = sorted(
                ((reading.shared(c.name, line), c.pk) for c in categories), reverse=True
            )
            best_category = next((c for c in categories if scores and c.pk == scores[0][1]), None)
            unique = len(scores) == 1 or (scores and scores[0][0] > scores[1][0])
            if best_category is not None and scores[0][0] >= 2 and unique:
                lines.append(f"{best_category.name}｜{line}")
            else:
                lines.append(line)
        return {"campaign": str(best.pk), "findings": "\n".join(lines)}

    def confirm(
        self, *, report: Any, data: dict[str, Any], by: User | None, proposal: Proposal
    ) -> Any:
        from taizhang.rectification.forms import addressable_agencies
        from taizhang.rectification.models import Campaign
        from taizhang.rectification.services.cases import open_case

        campaign = Campaign.objects.for_user(by).filter(pk=int(data["campaign"])).first()
        if campaign is None:
            raise ValidationError({"campaign": [_("No such campaign.")]})
        agency = addressable_agencies().filter(pk=int(data["agency"])).first()
        if agency is None:
            raise ValidationError({"agency": [_("Choose an agency a case may be addressed to.")]})
        village = Unit.objects.filter(
            pk=int(data["village"]), is_active=True, kind__in=reading.PLACE_KINDS
        ).first()
        if village is None:
            raise ValidationError({"village": [_("Choose a village or community.")]})
        return open_case(
            by=by,
            campaign=campaign,
            found_by_unit=data["found_by_unit"],
            agency=agency,
            origin=data["origin"],
            origin_reference=(data.get("origin_reference") or str(report))[:100],
            subject_name=data["subject_name"],
            subject_kind=data["subject_kind"],
            subject_address=data["subject_address"],
            village=village,
            summary=data.get("summary") or "",
            findings=self._findings(campaign, data),
        )

    def _findings(self, campaign: Any, data: dict[str, Any]) -> list[dict[str, Any]]:
        categories = {c.name: c for c in campaign.categories.all()}
        default = None
        if data.get("category"):
            default = campaign.categories.filter(pk=int(data["category"])).first()
            if default is None:
                raise ValidationError(
                    {"category": [_("The category is not one of the campaign's.")]}
                )
        findings = []
        lines = [line.strip() for line in (data.get("findings") or "").splitlines()]
        for number, line in enumerate((line for line in lines if line), start=1):
            marked = CATEGORY_MARK.match(line)
            category, description = default, line
            if marked:
                name = marked.group("category").strip()
                category = categories.get(name)
                description = marked.group("description").strip()
                if category is None:
                    raise ValidationError(
                        {
                            "findings": [
                                _("Finding %(n)d: “%(c)s” is not a category of the campaign.")
                                % {"n": number, "c": name}
                            ]
                        }
                    )
            if category is None:
                raise ValidationError(
                    {
                        "findings": [
                            _(
                                "Finding %(n)d has no category: start the line with one "
                                "or choose a default category."
                            )
                            % {"n": number}
                        ]
                    }
                )
            if not description:
                raise ValidationError(
                    {"findings": [_("Finding %(n)d has no description.") % {"n": number}]}
                )
            # the category's law and article, unless the report cites another law
            basis = (data.get("legal_basis") or "").strip()
            if not basis or basis in category.legal_basis:
                basis = category.legal_basis
            findings.append(
                {"category": category, "description": description, "legal_basis": basis}
            )
        return findings
