"""The seed's campaign and case, a set clock and the people of a rectification case.

平城区人民检察院 (under 平城区) finds the case and supervises it; 市生态环境局 (outside the
district tree) is the responsible agency; the procuratorate also leads the campaign."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from taizhang.core.models import UnitKind
from taizhang.core.roles import Role
from taizhang.rectification.services import campaigns, cases
from tests.factories import day_setter, make_unit, make_user

DAY = datetime.date(2022, 3, 1)
LAW = "《中华人民共和国固体废物污染环境防治法》"
CATEGORIES = (
    ("危险废物混存", LAW, "第八十一条"),
    ("无危险废物贮存间", LAW, "第八十一条第二款"),
    ("无危险废物标识", LAW, "第七十七条"),
)
FINDINGS = (
    "废机油与其他物品混存",
    "未设置独立的危险废物贮存间",
    "未设置危险废物识别标志",
)


@pytest.fixture
def clock(monkeypatch):
    """Set the application's clock to 10:00 in Shanghai on a given day (2022-03-01 first)."""
    return day_setter(monkeypatch, DAY)


@pytest.fixture
def rect(district, people, clock) -> SimpleNamespace:
    r = SimpleNamespace()
    r.procuratorate = make_unit(
        "平城区人民检察院", UnitKind.AGENCY, district.pingcheng, code="140213201"
    )
    r.procuratorate.refresh_from_db()
    r.prosecutor = make_user("jcy", Role.UNIT_OFFICER, unit=r.procuratorate)
    r.verifier = make_user("jcy2", Role.UNIT_OFFICER, unit=r.procuratorate)
    r.bureau = district.eco_bureau
    r.inspector = make_user("sthj", Role.UNIT_OFFICER, unit=r.bureau)
    r.inspector2 = make_user("sthj2", Role.UNIT_OFFICER, unit=r.bureau)
    r.campaign = campaigns.create_campaign(
        by=r.prosecutor,
        name="危险废物专项整治",
        plan_document="《关于开展危险废物专项整治工作实施方案》",
        lead_unit=r.procuratorate,
        participants=[r.bureau, district.baidengshan],
        starts_on=datetime.date(2022, 2, 1),
        ends_on=datetime.date(2022, 12, 31),
        categories=CATEGORIES,
    )
    r.categories = list(r.campaign.categories.order_by("pk"))
    return r


@pytest.fixture
def open_seed_case(district, rect):
    def make(**overrides):
        data = dict(
            by=rect.prosecutor,
            campaign=rect.campaign,
            found_by_unit=rect.procuratorate,
            agency=rect.bureau,
            origin="procuratorate",
            subject_name="古城村北汽车修理厂",
            subject_kind="business",
            subject_address="白登山街道古城村北",
            village=district.guchengcun,
            subject_contact="王某",
            subject_phone="13800001111",
            findings=[
                {"category": category, "description": text}
                for category, text in zip(rect.categories, FINDINGS, strict=True)
            ],
        )
        data.update(overrides)
        return cases.open_case(**data)

    return make


def walk_to(case, rect, clock, state, *, order_deadline=datetime.date(2022, 4, 30)):
    """Take the seed case step by step up to `state` (the days advance as they would)."""
    steps = [
        ("issued", rect.prosecutor, "issue", {"number": "平检行建〔2022〕1号"}),
        ("accepted", rect.inspector, "accept", {}),
        ("investigating", rect.inspector, "investigate", {"note": "派执法人员现场核查"}),
        (
            "ordered",
            rect.inspector,
            "order",
            {"deadline": order_deadline, "number": "平环责改〔2022〕3号"},
        ),
        ("rectifying", rect.inspector, "start", {}),
    ]
    order = ["filed", *(step[0] for step in steps)]
    start, stop = order.index(case.assignment.state), order.index(state)
    for _target, by, action, kwargs in steps[start:stop]:
        case = cases.take_step(case, by=by, action=action, **kwargs)
    return case
