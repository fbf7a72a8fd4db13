"""Output of the welfare figures (the dashboard's feed and the statistics endpoint)."""

from decimal import Decimal

from ninja import Schema


class FiguresOut(Schema):
    key: int
    name: str
    unit: str = ""
    kind: str = ""
    enrolled_people: int
    enrolled_households: int
    paid_yuan: Decimal
    handouts_planned: int
    handouts_done: int
    reviews_overdue: int
    links: dict[str, str] = {}


class OverviewOut(Schema):
    year: int
    programmes: list[FiguresOut]
    villages: list[FiguresOut]
    subdistricts: list[FiguresOut]
    totals: FiguresOut
    labels: dict[str, str] = {}
