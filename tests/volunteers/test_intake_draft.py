"""A report's responsibility letters of a community, as an intake draft checked against the
rate the letter campaign's own targets give."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.intake import queries, services
from taizhang.intake.drafts import get_kind
from taizhang.intake.models import SourceLink
from taizhang.volunteers import services as volunteer_services
from taizhang.volunteers.published import PublishedLetterFigures
from tests.conftest import client_for
from tests.intake.helpers import take_in
from tests.volunteers.conftest import signature
from tests.volunteers.test_letters import letters  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# The seed's two paragraphs: the community is named in the one before the letters.
TEXT = (
    "返乡大学生志愿者\n\n本报讯 在水泊寺街道文兴社区，根据安排，多名大学生志愿者积极配合社区"
    "工作人员进行入户走访。\n同时，志愿者们分队与小区物业及周边商铺签订疫情防控责任书，内容包括做好自身健康状况"
    "监测、遵守防疫相关规定等，签订完成率达到了100%。\n"
)


def letters_draft(report):
    return next(p for p, _link in queries.drafts_of(report) if p.kind == "volunteer_letters")


def confirm(report, user, **changes):
    kind = get_kind("volunteer_letters")
    proposal = letters_draft(report)
    data = {**proposal.data, **kind.prefill(proposal, user)}
    raw = {key: "" if value is None else str(value) for key, value in data.items()}
    raw.update(changes)
    return services.confirm_draft(
        report, kind="volunteer_letters", key=proposal.key, raw=raw, by=user
    ).record


def test_the_draft_reads_the_community_of_the_paragraph_before_and_the_rate(letters):  # noqa: F811
    proposal = letters_draft(take_in(letters.wenxing_officer, TEXT))
    assert proposal.data["unit"] == letters.wenxing.pk
    assert (proposal.data["rate_percent"], proposal.data["rate_qualifier"]) == ("100", "")
    assert "签订完成率达到了100%" in proposal.sentence


def test_the_communitys_letter_campaign_is_offered_first(letters):  # noqa: F811
    proposal = letters_draft(take_in(letters.wenxing_officer, TEXT))
    filled = get_kind("volunteer_letters").prefill(proposal, letters.wenxing_officer)
    assert filled == {"year": 2022, "letter_campaign": str(letters.letters.pk)}


def test_the_draft_flags_a_rate_the_targets_do_not_give(letters):  # noqa: F811
    volunteer_services.sign_target(
        letters.targets[0],
        by=letters.wenxing_officer,
        signed_on=datetime.date(2022, 1, 18),
        signed_by="吴经理",
        signature=signature(),
    )
    proposal = letters_draft(take_in(letters.wenxing_officer, TEXT))
    proposal.data["letter_campaign"] = str(letters.letters.pk)
    rows = {
        str(row["label"]): row
        for row in get_kind("volunteer_letters").compare(proposal, letters.wenxing_officer)
    }
    rate = rows["signing rate (%)"]
    assert (rate["ledger"], rate["difference"]) == (Decimal("50.00"), Decimal("50"))


def test_confirming_stores_the_figures_with_their_source(letters):  # noqa: F811
    report = take_in(letters.wenxing_officer, TEXT)
    figures = confirm(report, letters.wenxing_officer)
    assert isinstance(figures, PublishedLetterFigures)
    assert (figures.unit, figures.year, figures.letter_campaign, figures.rate_percent) == (
        letters.wenxing,
        2022,
        letters.letters,
        Decimal("100.00"),
    )
    assert SourceLink.objects.get().record == figures
    page = client_for(letters.wenxing_officer).get(figures.get_absolute_url())
    assert page.status_code == 200 and "签订完成率达到了100%" in page.content.decode()


def test_another_village_may_not_confirm_and_bad_figures_are_refused(letters, people):  # noqa: F811
    report = take_in(letters.wenxing_officer, TEXT)
    with pytest.raises((PermissionDenied, ValidationError)):
        confirm(report, people.taer_officer)
    with pytest.raises(ValidationError, match="at most 100"):
        confirm(report, letters.wenxing_officer, rate_percent="120")
    with pytest.raises(ValidationError, match="signing rate or the letters signed"):
        confirm(report, letters.wenxing_officer, rate_percent="", signed="")
    assert not PublishedLetterFigures.objects.exists()
    assert not SourceLink.objects.exists()
