"""The seed page (平城区"双百工程"巡礼系列报道(六)) read by report intake gives a showcase draft
for 小南头街道党工委; confirming it writes an unpublished entry with the report's figures."""

from pathlib import Path

from taizhang.intake.drafts import get_kind
from taizhang.intake.extraction.pipeline import extract
from taizhang.party.models import ShowcaseEntry

SEED = Path(__file__).resolve().parents[2] / "taizhang" / "intake" / "fixtures" / "seed_report.txt"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_a_xunli_report_becomes_a_showcase_draft_and_entry(party, people):
    text = seed_text()
    kind = get_kind("party_showcase")
    proposals = kind.propose(extract(text).as_dict(), text)
    assert len(proposals) == 1
    proposal = proposals[0]
    assert "巡礼" in proposal.data["report_title"]
    assert kind.prefill(proposal, people.admin) == {"org": str(party.working.pk)}
    data = {**proposal.data, **kind.prefill(proposal, people.admin)}
    entry = kind.confirm(report=None, data=data, by=people.admin, proposal=proposal)
    assert ShowcaseEntry.objects.get() == entry
    assert not entry.is_published and entry.org == party.working
    assert "1+1+1" in entry.body
