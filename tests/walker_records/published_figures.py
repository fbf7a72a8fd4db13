"""Figures that a report of 塔儿村 published, confirmed into the welfare, land and volunteer
modules' records (each beside its ledger), carrying the canary, for the scoping walker."""

from decimal import Decimal

from taizhang.intake.models import IntakeReport
from taizhang.land.models import PublishedLandFigures
from taizhang.volunteers.published import PublishedLetterFigures
from taizhang.welfare.models import PublishedWelfareFigures


def make(district, people, canary):
    text = f"塔儿村简报 {canary}\n\n目前，塔儿村共流转土地20多亩。塔儿村走访慰问困难群众3户。"
    report = IntakeReport.objects.create(
        unit=district.taer, title=f"塔儿村简报 {canary}", text=text, result={}
    )
    common = {
        "unit": district.taer,
        "year": 2022,
        "source_report": report,
        "source_start": 0,
        "source_end": len(text),
        "remarks": canary,
    }
    land = PublishedLandFigures.objects.create(area_mu=Decimal("20"), area_qualifier="多", **common)
    welfare = PublishedWelfareFigures.objects.create(
        recipients=3, recipient_kind="households", items=canary[:200], **common
    )
    letters = PublishedLetterFigures.objects.create(rate_percent=Decimal("100"), **common)
    return [report, land, welfare, letters]
