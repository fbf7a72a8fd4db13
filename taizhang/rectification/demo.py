"""The demo's hazardous-waste campaign (危险废物专项整治) from the seed passage: 平城区人民检察院
finds that an auto-repair shop north of 古城村 (白登山街道) stores waste engine oil with other
goods, has no separate hazardous-waste store room and no hazardous-waste signs; it sends a
recommendation (检察建议) to 市生态环境局, which investigates, orders rectification, and the shop
completes it; the case is verified and closed. Beside it, a handful of cases in other states,
one of them overdue.

Dates are relative to today: each step runs with the application clock set to its day, so
the timeline, the clocks and the lights read as they would have. Running it again changes
nothing (the campaign is looked up by name first)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from taizhang.core import services as core_services
from taizhang.core.access import SYSTEM
from taizhang.core.demo import DEMO_PASSWORD
from taizhang.core.models import Unit, UnitKind, User
from taizhang.core.roles import Role
from taizhang.lib import clock
from taizhang.rectification.models import Campaign, Case
from taizhang.rectification.services import campaigns, cases, findings

CAMPAIGN = "危险废物专项整治"
PLAN = "《关于开展危险废物专项整治工作实施方案》"
LAW = "《中华人民共和国固体废物污染环境防治法》"
CATEGORIES = (
    ("危险废物与其他物品混存", LAW, "第八十一条"),
    ("未设置独立的危险废物贮存间", LAW, "第八十一条第二款"),
    ("未设置危险废物识别标志", LAW, "第七十七条"),
    ("危险废物去向不明", LAW, "第七十八条"),
)
SEED_FINDINGS = (
    (0, "废机油与其他杂物混合存放"),
    (1, "未设置独立的危险废物贮存间"),
    (2, "贮存场所未设置危险废物识别标志"),
)
PROCURATORATE = ("140213201", "平城区人民检察院")
VERIFIER = ("jcyfuhe", "检察院复核员")


@contextlib.contextmanager
def on_day(day: datetime.date, hour: int = 10) -> Iterator[None]:
    """Run the steps inside as of 10:00 (Shanghai) on `day`."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    with clock.set_to(moment):
        yield


def _unit(code: str, name: str) -> Unit:
    return Unit.objects.filter(code=code).first() or Unit.objects.get(name=name)


def _procuratorate() -> Unit:
    """平城区人民检察院: in the demo tree; added under 平城区 if a district lacks it."""
    found = Unit.objects.filter(name=PROCURATORATE[1]).first()
    if found:
        return found
    district = Unit.objects.get(kind=UnitKind.DISTRICT, depth=1)
    return core_services.create_unit(
        by=SYSTEM,
        parent=district,
        code=PROCURATORATE[0],
        name=PROCURATORATE[1],
        kind=UnitKind.AGENCY,
    )


def _user(username: str, unit: Unit, full_name: str, admin: User) -> User:
    return User.objects.filter(username=username).first() or core_services.create_user(
        by=SYSTEM,  # roles are granted by the security administrator or the platform
        username=username,
        password=DEMO_PASSWORD,
        unit=unit,
        roles=[Role.UNIT_OFFICER],
        full_name=full_name,
    )


def _officer(unit: Unit, admin: User) -> User:
    existing = User.objects.filter(unit=unit, roles__role=Role.UNIT_OFFICER).order_by("pk")
    return existing.first() or admin


def _walk(case: Case, steps: list[tuple[int, User, str, dict[str, Any]]], today: datetime.date):
    """Take (days before today, user, action or finding step, arguments) in order."""
    for days, by, action, kwargs in steps:
        with on_day(today - datetime.timedelta(days=days)):
            if action == "rectified":
                for finding in case.findings.order_by("sequence"):
                    findings.report_rectified(finding, by=by, note=kwargs["note"])
            elif action == "verified":
                for finding in case.findings.order_by("sequence"):
                    findings.verify_finding(finding, by=by, note=kwargs["note"])
            elif action == "extension":
                request = cases.request_extension(case, by=by, **kwargs["ask"])
                cases.decide_extension(request, by=kwargs["decider"], approve=True, note="同意")
            else:
                case = cases.take_step(case, by=by, action=action, **kwargs)
    return case


@transaction.atomic
def load(admin: User) -> None:
    if Campaign.objects.filter(name=CAMPAIGN).exists():
        return
    today = clock.today()
    days = datetime.timedelta
    procuratorate = _procuratorate()
    bureau = _unit("140200101", "市生态环境局")
    baidengshan = _unit("140213002", "白登山街道")
    prosecutor = _officer(procuratorate, admin)
    if prosecutor == admin:
        prosecutor = _user("jianchayuan", procuratorate, "平城区人民检察院干部", admin)
    verifier = _user(VERIFIER[0], procuratorate, VERIFIER[1], admin)
    inspector = _officer(bureau, admin)
    xnt = _unit("140213001", "小南头街道")
    xnt_officer = _officer(xnt, admin)

    with on_day(today - days(150)):
        campaign = campaigns.create_campaign(
            by=prosecutor,
            name=CAMPAIGN,
            plan_document=PLAN,
            lead_unit=procuratorate,
            participants=[bureau, baidengshan, xnt],
            starts_on=today - days(150),
            ends_on=today + days(120),
            categories=CATEGORIES,
        )
        # The district office publishes the notice (the lead unit may not on its own).
        campaigns.update_campaign(campaign, by=admin, is_public=True)
    categories = list(campaign.categories.order_by("pk"))

    def open_case(day: int, by: User, **data: Any) -> Case:
        data.setdefault("agency", bureau)
        data.setdefault("found_by_unit", procuratorate)
        rows = data.pop("rows")
        with on_day(today - days(day)):
            return cases.open_case(
                by=by,
                campaign=campaign,
                findings=[
                    {"category": categories[index], "description": text} for index, text in rows
                ],
                **data,
            )

    # The seed's case, from clue to closure.
    seed = open_case(
        120,
        prosecutor,
        origin="procuratorate",
        origin_reference="公益诉讼线索",
        subject_name="古城村北汽车修理厂",
        subject_kind="business",
        subject_address="白登山街道古城村北",
        village=_unit("140213002201", "古城村"),
        subject_contact="修理厂负责人",
        subject_phone="13903520001",
        summary="区检察院在危险废物专项整治中发现，古城村北一汽车修理厂存在危险废物管理隐患。",
        rows=SEED_FINDINGS,
    )
    _walk(
        seed,
        [
            (
                118,
                prosecutor,
                "issue",
                {
                    "number": "平检行公建〔2022〕1号",
                    "note": "依据《中华人民共和国固体废物污染环境防治法》制发检察建议",
                },
            ),
            (112, inspector, "accept", {"note": "已签收检察建议"}),
            (110, inspector, "investigate", {"note": "派执法人员现场调查核实"}),
            (
                108,
                inspector,
                "order",
                {
                    "deadline": today - days(78),
                    "number": "环责改〔2022〕12号",
                    "note": "责令限期整改",
                },
            ),
            (107, inspector, "start", {"note": "修理厂开始整改"}),
            (
                85,
                inspector,
                "rectified",
                {"note": "废机油单独存放，建成危险废物贮存间并设置识别标志"},
            ),
            (84, inspector, "submit", {"note": "整改完毕，提请复核验收"}),
            (80, verifier, "verified", {"note": "现场复核，整改到位"}),
            (79, inspector, "reply", {"note": "书面回复：三项问题均已整改到位"}),
            (78, verifier, "close", {"note": "办结销号"}),
        ],
        today,
    )

    # Rectifying, past its 规定时限: overdue.
    overdue = open_case(
        60,
        xnt_officer,
        found_by_unit=xnt,
        origin="inspection",
        subject_name="塔儿村废品收购点",
        subject_kind="business",
        subject_address="小南头街道塔儿村东",
        village=_unit("140213001204", "塔儿村"),
        subject_phone="13903520002",
        rows=((0, "废铅蓄电池与废品混放"), (2, "未设置危险废物识别标志")),
    )
    _walk(
        overdue,
        [
            (58, xnt_officer, "issue", {"note": "交办整改"}),
            (55, inspector, "accept", {}),
            (50, inspector, "investigate", {}),
            (
                45,
                inspector,
                "order",
                {"deadline": today - days(10), "number": "环责改〔2022〕20号"},
            ),
            (44, inspector, "start", {}),
        ],
        today,
    )

    # Rectifying, with an extension approved by the campaign's lead unit.
    extended = open_case(
        40,
        prosecutor,
        origin="hotline",
        origin_reference="12345热线",
        subject_name="西王庄村汽车美容店",
        subject_kind="business",
        subject_address="小南头街道西王庄村",
        village=_unit("140213001201", "西王庄村"),
        rows=((1, "废机油桶露天堆放，无贮存间"),),
    )
    _walk(
        extended,
        [
            (38, prosecutor, "issue", {"number": "平检行公建〔2022〕5号"}),
            (36, inspector, "accept", {}),
            (30, inspector, "investigate", {}),
            (28, inspector, "order", {"deadline": today + days(2), "number": "环责改〔2022〕25号"}),
            (27, inspector, "start", {}),
            (
                5,
                inspector,
                "extension",
                {
                    "ask": {
                        "until": today + days(20),
                        "reason": "贮存间施工需时",
                        "clock_code": "order",
                    },
                    "decider": prosecutor,
                },
            ),
        ],
        today,
    )

    # Investigating: the recommendation's reply clock runs.
    open_case_investigating = open_case(
        20,
        prosecutor,
        origin="procuratorate",
        subject_name="文兴社区机修门市",
        subject_kind="business",
        subject_address="水泊寺街道文兴社区",
        village=_unit("140213003001", "文兴社区"),
        rows=((0, "废机油与生活垃圾混放"), (3, "废机油去向无台账记录")),
    )
    _walk(
        open_case_investigating,
        [
            (18, prosecutor, "issue", {"number": "平检行公建〔2022〕8号"}),
            (15, inspector, "accept", {}),
            (14, inspector, "investigate", {}),
        ],
        today,
    )

    # Returned: misrouted, with its reason.
    returned = open_case(
        12,
        prosecutor,
        origin="intake",
        origin_reference="来信2022-031",
        subject_name="小南头村化工原料仓库",
        subject_kind="enterprise",
        subject_address="小南头街道小南头村",
        village=_unit("140213001203", "小南头村"),
        rows=((1, "危险化学品包装物随意堆放"),),
    )
    _walk(
        returned,
        [
            (10, prosecutor, "issue", {}),
            (8, inspector, "return", {"note": "属应急管理部门职责，请改送"}),
        ],
        today,
    )

    # Filed only: the recommendation is being drafted.
    open_case(
        2,
        prosecutor,
        origin="procuratorate",
        subject_name="古城村个体油漆作坊",
        subject_kind="person",
        subject_address="白登山街道古城村西",
        village=_unit("140213002201", "古城村"),
        subject_contact="李某",
        subject_phone="13903520003",
        rows=((2, "废油漆桶无识别标志"),),
    )
