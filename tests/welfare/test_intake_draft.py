"""A report's hand-out or visits, as an intake draft checked against the welfare ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditEntry
from taizhang.intake import queries, services
from taizhang.intake.drafts import get_kind
from taizhang.intake.models import SourceLink
from taizhang.welfare.models import PublishedWelfareFigures
from tests.conftest import client_for
from tests.intake.helpers import take_in
from tests.welfare.figures_data import year_2022  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

TEXT = (
    "小南头街道春节走访慰问\n\n本报讯 春节前夕，小南头街道走访慰问低保户、五保户等困难群众3户，"
    "送去大米、面粉、食用油等慰问品，发放慰问金600元。\n"
)


def handout_draft(report):
    return next(p for p, _link in queries.drafts_of(report) if p.kind == "welfare_handout")


def confirm(report, user, **changes):
    proposal = handout_draft(report)
    raw = {key: "" if value is None else str(value) for key, value in proposal.data.items()}
    raw.update(changes)
    return services.confirm_draft(
        report, kind="welfare_handout", key=proposal.key, raw=raw, by=user
    ).record


def test_the_draft_reads_giver_recipients_amount_goods_and_groups(people, district):
    proposal = handout_draft(take_in(people.subdistrict_officer, TEXT))
    data = proposal.data
    assert data["unit"] == district.xiaonantou.pk
    assert (data["recipients"], data["recipient_kind"], data["amount_yuan"]) == (
        3,
        "households",
        "600.00",
    )
    assert data["items"] == "大米、面粉、食用油"
    assert data["groups"] == "低保户、五保户"


def test_a_sentence_that_gives_nothing_is_no_draft(people):
    report = take_in(people.subdistrict_officer, "小南头街道今年新建公园2个，面积3000平方米。\n")
    assert [p for p, _link in queries.drafts_of(report) if p.kind == "welfare_handout"] == []


def test_the_programme_sharing_most_words_is_offered_first(people, spring_goods, allowance):
    proposal = handout_draft(take_in(people.admin, TEXT))
    kind = get_kind("welfare_handout")
    assert kind is not None
    assert kind.prefill(proposal, people.admin)["programme"] == str(spring_goods.pk)


def test_the_draft_compares_with_the_programmes_deliveries(people, spring_goods, year_2022):  # noqa: F811
    # year_2022: three of the four households collected their Spring Festival goods, none in
    # 塔儿村's share is counted twice; the goods have no money amount.
    proposal = handout_draft(take_in(people.admin, TEXT))
    proposal.data.update(year=2022, programme=str(spring_goods.pk))
    kind = get_kind("welfare_handout")
    assert kind is not None
    rows = {str(row["label"]): row for row in kind.compare(proposal, people.admin)}
    assert (rows["recipients"]["ledger"], rows["recipients"]["difference"]) == (Decimal(3), 0)
    assert rows["amount (yuan)"]["difference"] == Decimal("600")


def test_confirming_stores_the_figures_with_their_programme_source_and_audit(
    people, district, spring_goods
):
    report = take_in(people.subdistrict_officer, TEXT)
    figures = confirm(
        report, people.subdistrict_officer, year="2022", programme=str(spring_goods.pk)
    )
    assert isinstance(figures, PublishedWelfareFigures)
    assert (figures.unit, figures.programme, figures.recipients, figures.amount_yuan) == (
        district.xiaonantou,
        spring_goods,
        3,
        Decimal("600.00"),
    )
    assert "慰问金600元" in report.text[figures.source_start : figures.source_end]
    assert SourceLink.objects.get().record == figures
    assert AuditEntry.objects.filter(object_id=str(figures.pk), action="create").exists()


def test_a_village_officer_may_not_confirm_the_subdistricts_hand_out(people):
    report = take_in(people.admin, TEXT)
    with pytest.raises((PermissionDenied, ValidationError)):
        confirm(report, people.xwz_officer, year="2022")
    assert not PublishedWelfareFigures.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"recipients": "", "amount_yuan": ""}, "Give the number of recipients or the amount"),
        ({"recipient_kind": ""}, "households or people"),
        ({"programme": "999999"}, "Choose one of the options"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_written(people, changes, message):
    report = take_in(people.subdistrict_officer, TEXT)
    with pytest.raises(ValidationError, match=message):
        confirm(report, people.subdistrict_officer, year="2022", **changes)
    assert not PublishedWelfareFigures.objects.exists()
    assert not SourceLink.objects.exists()


def test_the_pages_show_the_figures_only_within_scope(people, spring_goods):
    figures = confirm(
        take_in(people.subdistrict_officer, TEXT),
        people.subdistrict_officer,
        year="2022",
        programme=str(spring_goods.pk),
    )
    own = client_for(people.subdistrict_officer)
    assert figures.get_absolute_url() in own.get("/welfare/published/").content.decode()
    detail = own.get(figures.get_absolute_url()).content.decode()
    assert "大米、面粉、食用油" in detail and "春节慰问品" in detail
    other = client_for(people.taer_officer)
    assert figures.get_absolute_url() not in other.get("/welfare/published/").content.decode()
    assert other.get(figures.get_absolute_url()).status_code in (403, 404)
