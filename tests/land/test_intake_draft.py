"""A report's land-transfer figures of a village, as an intake draft checked against the ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditEntry
from taizhang.intake import queries, services
from taizhang.intake.drafts.compare import agrees
from taizhang.intake.models import SourceLink
from taizhang.land.models import PublishedLandFigures
from tests.conftest import client_for
from tests.intake.helpers import take_in
from tests.land.factories import make_contract, village_land

pytestmark = pytest.mark.django_db

# The seed's passage, with a village of the test district in place of 西谷庄村.
TEXT = """塔儿村发展高粱种植

本报讯 塔儿村以全新的理念尝试高粱基地项目建设，村民以土地流转的形式发展规模种植产业。
目前，共流转土地20多亩，农民每亩土地增收600~700元，全村50%的农民从中受益。
"""


def land_draft(report):
    return next(p for p, _link in queries.drafts_of(report) if p.kind == "land_figures")


def confirm(report, user, **changes):
    proposal = land_draft(report)
    raw = {key: "" if value is None else str(value) for key, value in proposal.data.items()}
    raw.update(changes)
    return services.confirm_draft(
        report, kind="land_figures", key=proposal.key, raw=raw, by=user
    ).record


@pytest.mark.parametrize(
    ("published", "qualifier", "ledger", "expected"),
    [
        ("2000", "多", "2036.4", True),
        ("2000", "多", "3100", False),
        ("2000", "多", "1990", False),
        ("80", "余", "89", True),
        ("500", "约", "540", True),
        ("500", "约", "560", False),
        ("80", "近", "75", True),
        ("80", "近", "81", False),
        ("100", "以上", "250", True),
        ("100", "不到", "101", False),
        ("600", "", "600.00", True),
        ("600", "", "650", False),
        ("2.5", "多", "2.55", True),
    ],
)
def test_a_qualified_figure_allows_the_range_its_words_mean(published, qualifier, ledger, expected):
    assert agrees(Decimal(published), qualifier, Decimal(ledger)) is expected


def test_the_draft_reads_village_area_price_range_and_share(people, district):
    proposal = land_draft(take_in(people.taer_officer, TEXT))
    assert proposal.data["unit"] == district.taer.pk
    assert (
        proposal.data["area_mu"],
        proposal.data["area_qualifier"],
        proposal.data["price_min_yuan"],
        proposal.data["price_max_yuan"],
        proposal.data["benefiting_percent"],
    ) == ("20", "多", "600", "700", "50")
    assert "流转土地20多亩" in proposal.sentence
    assert len(proposal.figures) == 3


def test_an_area_that_is_not_transferred_land_gives_no_draft(people):
    report = take_in(people.taer_officer, "塔儿村新建果园30亩，种植苹果树2000株。\n")
    assert [p for p, _link in queries.drafts_of(report) if p.kind == "land_figures"] == []


def test_the_draft_compares_with_the_ledger_and_flags_only_what_disagrees(people, district):
    # Two of the village's four households transfer 12 mu at 600 yuan: 12 is not "20多".
    parcels = village_land(district.taer, households=4)
    make_contract(district.taer, [(parcels[0], "6"), (parcels[1], "6")])
    proposal = land_draft(take_in(people.taer_officer, TEXT))
    proposal.data["year"] = 2022
    rows = {str(row["label"]): row for row in queries_compare(proposal, people.taer_officer)}
    area = rows["area transferred (mu)"]
    assert (area["published"], area["ledger"], area["difference"]) == (
        "20多",
        Decimal("12.00"),
        Decimal("8"),
    )
    assert rows["price per mu, lowest (yuan)"]["difference"] == 0
    assert rows["price per mu, highest (yuan)"]["difference"] == Decimal("100")
    assert rows["villagers benefiting (%)"]["difference"] == 0  # 2 of 4 households


def queries_compare(proposal, user):
    from taizhang.intake.drafts import get_kind

    kind = get_kind("land_figures")
    assert kind is not None
    return kind.compare(proposal, user)


def test_confirming_stores_the_figures_with_their_source_and_audit(people, district):
    report = take_in(people.taer_officer, TEXT)
    figures = confirm(report, people.taer_officer, year="2022")
    assert isinstance(figures, PublishedLandFigures)
    assert (figures.unit, figures.year, figures.area_mu, figures.area_qualifier) == (
        district.taer,
        2022,
        Decimal("20.00"),
        "多",
    )
    assert "20多亩" in report.text[figures.source_start : figures.source_end]
    assert SourceLink.objects.get().record == figures
    assert AuditEntry.objects.filter(
        object_id=str(figures.pk), action="create", reason__contains="Confirmed from report"
    ).exists()


def test_an_officer_may_not_confirm_figures_of_another_village(people, district):
    report = take_in(people.xwz_officer, TEXT)
    with pytest.raises((PermissionDenied, ValidationError)):
        confirm(report, people.xwz_officer, year="2022")
    assert not PublishedLandFigures.objects.exists()
    assert not SourceLink.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"benefiting_percent": "120"}, "A share of villagers is at most 100%"),
        ({"price_min_yuan": "800"}, "The lowest price is above the highest."),
        ({"area_mu": "", "benefiting_percent": ""}, "Give the area transferred"),
    ],
)
def test_impossible_figures_are_refused_and_nothing_is_written(people, changes, field):
    report = take_in(people.taer_officer, TEXT)
    with pytest.raises(ValidationError, match=field):
        confirm(report, people.taer_officer, year="2022", **changes)
    assert not PublishedLandFigures.objects.exists()
    assert not SourceLink.objects.exists()


def test_the_pages_show_the_figures_beside_the_ledger_only_within_scope(people, district):
    figures = confirm(take_in(people.taer_officer, TEXT), people.taer_officer, year="2022")
    own = client_for(people.taer_officer)
    listed = own.get("/land/published/").content.decode()
    assert "塔儿村" in listed and figures.get_absolute_url() in listed
    detail = own.get(figures.get_absolute_url()).content.decode()
    assert "20多" in detail and "流转土地20多亩" in detail
    other = client_for(people.xwz_officer)
    assert figures.get_absolute_url() not in other.get("/land/published/").content.decode()
    assert other.get(figures.get_absolute_url()).status_code in (403, 404)
