"""Draft kind of report intake: a 巡礼 report (平城区"双百工程"巡礼系列报道) as a showcase entry.

An article whose kicker, title or subtitles name 巡礼 gives one draft: its headline as the
entry's title, its body as the text, the figures the intake read in it listed below, and the
party organisation the article names (chosen among those the person may write for). Confirming
it writes an unpublished showcase entry through the module's own service; publishing stays a
separate act (only a named organisation's entry may be published)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write, writes_for
from taizhang.core.models import User
from taizhang.intake.drafts.registry import DraftField, Proposal
from taizhang.party.models import PartyOrg
from taizhang.party.services.showcase import create_entry

MARK = "巡礼"
MAX_BODY = 4000


def _orgs(user: Any) -> list[tuple[str, Any]]:
    orgs = PartyOrg.objects.for_user(user).select_related("unit").order_by("unit__path", "name")
    return [(str(org.pk), org.name) for org in orgs[:500] if writes_for(user, org.unit)]


class ShowcaseDraft:
    key = "party_showcase"
    label = gettext_lazy("Double Hundred showcase entry (巡礼)")
    opens_record = False
    fields = (
        DraftField("title", gettext_lazy("title"), "text", required=True),
        DraftField(
            "org", gettext_lazy("party organisation"), "choice", required=True, options=_orgs
        ),
        DraftField("body", gettext_lazy("text"), "textarea", required=True),
        DraftField("figures", gettext_lazy("figures from the report"), "textarea"),
        DraftField("report_title", gettext_lazy("linked report"), "text"),
    )

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]:
        proposals = []
        for index, article in enumerate(result.get("articles", [])):
            heads = [article.get("kicker") or "", article.get("title") or ""]
            heads += list(article.get("subtitles") or [])
            if not any(MARK in head for head in heads):
                continue
            title = (article.get("title") or heads[0]).strip()
            body = "\n".join(article.get("body") or [])[:MAX_BODY]
            figures = [f for f in result.get("figures", []) if f.get("article") == index]
            named = [n["text"] for n in result.get("names", []) if n.get("article") == index]
            start = max(text.find(title), 0)
            proposals.append(
                Proposal(
                    kind=self.key,
                    key=f"a{index}-{start}",
                    article=index,
                    start=start,
                    end=start + len(title),
                    sentence=title,
                    data={
                        "title": title,
                        "org": "",
                        "body": body,
                        "figures": "\n".join(
                            f"{f['text']}（{f.get('subject', '')}）" for f in figures
                        ),
                        "report_title": " ".join(h for h in heads if h).strip()[:200],
                        "names": named,
                    },
                    figures=[tuple(f["span"]) for f in figures if f.get("span")],
                )
            )
        return proposals

    def prefill(self, proposal: Proposal, user: Any) -> dict[str, Any]:
        """The organisation the article names, among those the person writes for."""
        names = proposal.data.get("names") or []
        for pk, name in _orgs(user):
            if any(name in text or text in name for text in names if len(text) >= 4):
                return {"org": pk}
        return {}

    def may_confirm(self, user: Any) -> bool:
        return can_write(user)

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        return []

    def confirm(
        self, *, report: Any, data: dict[str, Any], by: User | None, proposal: Proposal
    ) -> Any:
        org = PartyOrg.objects.for_user(by).filter(pk=int(data["org"] or 0)).first()
        if org is None:
            raise ValidationError({"org": [_("No such party organisation.")]})
        body = data["body"].strip()
        if (data.get("figures") or "").strip():
            body += "\n\n" + data["figures"].strip()
        return create_entry(
            by=by,
            org=org,
            title=data["title"],
            body=body,
            report_title=data.get("report_title") or "",
        )
