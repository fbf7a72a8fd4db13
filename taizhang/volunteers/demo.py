"""The volunteer demo from the seed's passage 筑牢疫情防线 展现青春担当: in the winter vacation of
2022, at the call of 共青团平城区委, returning university students serve in 水泊寺街道文兴社区:
they visit households door to door (入户走访), mobilise residents to book tests, sort the
community's group-booking data with its staff, and, in teams, sign responsibility letters
(疫情防控责任书) with the property-management companies and nearby shops, whose duties are the
seed's (health monitoring, the rules, disinfection of public areas): every letter signed, a
completion rate of 100%.

A second campaign, of 迎宾街道 in 迎宾东社区 (a community the retirees demo opens), is half done:
sign-ups still to confirm, half of its letters signed.

The students, their ID numbers, shops and outcomes are synthetic and say so (演示); the names
of units and the seed's facts are real. Every write goes through the module's services, on the
days they happened (the clock is set to them). Running it again changes nothing."""

from __future__ import annotations

import base64
import datetime
import io
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from PIL import Image, ImageDraw

from taizhang.core.models import Unit, UnitKind, User
from taizhang.core.roles import Role
from taizhang.lib import clock
from taizhang.lib.idcard import make_id_number
from taizhang.people.models import Household, Organisation, OrganisationKind
from taizhang.people.services.organisations import create_organisation
from taizhang.volunteers import services
from taizhang.volunteers.models import AwardLevel, Campaign, EvaluationRating, VisitOutcome

PREFIX = "演示"
SHANGHAI = ZoneInfo("Asia/Shanghai")
LEAGUE = "共青团平城区委"
COMMUNITY = "文兴社区"
SECOND_SUBDISTRICT = "迎宾街道"
SECOND_COMMUNITY = "140213004001"  # 迎宾东社区
DUTIES = "\n".join(("做好自身健康状况监测", "遵守防疫相关规定", "做好公共区域消毒工作"))
STUDENTS = (
    ("演示张同学", "山西大学"), ("演示李同学", "太原理工大学"), ("演示王同学", "山西医科大学"),
    ("演示赵同学", "中北大学"), ("演示刘同学", "山西财经大学"), ("演示陈同学", "山西师范大学"),
    ("演示杨同学", "山西大同大学"), ("演示周同学", "太原科技大学"),
)  # fmt: skip
SHOPS = ("演示文兴便民超市", "演示文兴药店", "演示文兴早餐店", "演示文兴理发店", "演示文兴水果店")
SECOND_SHOPS = ("演示迎宾东副食店", "演示迎宾东药房", "演示迎宾东物业服务中心", "演示迎宾东快递站")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI)


def _officer(unit: Unit, fallback: User) -> User:
    found = User.objects.filter(unit=unit, roles__role=Role.UNIT_OFFICER, is_active=True)
    return found.order_by("pk").first() or fallback


def load(admin: User) -> None:
    league = Unit.objects.filter(name=LEAGUE).first()
    community = Unit.objects.filter(name=COMMUNITY, kind=UnitKind.COMMUNITY).first()
    if league is None or community is None:
        return
    if Campaign.objects.filter(is_demo=True).exists():
        return
    with transaction.atomic():
        _winter_vacation(league, community, admin)
        second = Unit.objects.filter(code=SECOND_COMMUNITY).first()
        subdistrict = Unit.objects.filter(name=SECOND_SUBDISTRICT).first()
        if second is not None and subdistrict is not None:
            _half_done(subdistrict, second, admin)


def _sign_ups(campaign: Campaign, community: Unit, shifts: list, people: tuple, start: int):
    made = []
    for index, (name, school) in enumerate(people):
        number = make_id_number("140213", datetime.date(2001 + index % 3, 1 + index, 8 + index),
                                start + index * 2)  # fmt: skip
        made += services.sign_up(
            campaign, name=name, id_number=number, phone=f"1380000{start + index:04d}",
            community=community, shifts=shifts, school=school, is_demo=True,
        )  # fmt: skip
    return made


def _winter_vacation(league: Unit, community: Unit, admin: User) -> None:
    rng = random.Random("volunteers-2022")
    organiser = _officer(league, admin)
    staff = _officer(community, admin)
    with clock.set_to(_at(datetime.date(2022, 1, 14), 9)):
        campaign = services.create_campaign(
            by=organiser, unit=league, places=[community],
            title="2022年寒假返乡大学生疫情防控志愿服务（文兴社区）",
            purpose="入户走访，动员居民预约核酸检测，宣传科学防疫知识；与社区合作整理团体预约核酸检测数据；"
            "分队与小区物业及周边商铺签订疫情防控责任书。",
            requirements="寒假返乡的在校大学生，身体健康，服从社区安排。",
            starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 20),
            is_demo=True,
        )  # fmt: skip
        days = [datetime.date(2022, 1, 17) + datetime.timedelta(days=d) for d in range(3)]
        visits = [
            services.add_shift(
                campaign,
                by=organiser,
                task="入户走访、动员预约核酸检测",
                place=community,
                starts_at=_at(day, 9),
                ends_at=_at(day, 12),
                needed=4,
                cap=6,
            )
            for day in days
        ]
        data = services.add_shift(
            campaign, by=organiser, task="整理团体预约核酸检测数据", place=community,
            starts_at=_at(days[-1], 14), ends_at=_at(days[-1], 17, 30), needed=3, cap=4,
        )  # fmt: skip
    with clock.set_to(_at(datetime.date(2022, 1, 15), 20)):
        # The first three also sort the booking data on the third afternoon.
        participations = _sign_ups(campaign, community, [visits[0], data], STUDENTS[:3], 611)
        participations += _sign_ups(campaign, community, [visits[0]], STUDENTS[3:4], 617)
        participations += _sign_ups(campaign, community, [visits[1]], STUDENTS[4:6], 621)
        participations += _sign_ups(campaign, community, [visits[2]], STUDENTS[6:], 631)
    with clock.set_to(_at(datetime.date(2022, 1, 16), 9)):
        for participation in participations:
            services.confirm(participation, by=staff)
    with clock.set_to(_at(datetime.date(2022, 1, 21), 9)):
        for participation in participations:
            shift = participation.shift
            arrive = shift.starts_at - datetime.timedelta(minutes=rng.randint(0, 10))
            leave = shift.ends_at + datetime.timedelta(minutes=rng.randint(0, 15))
            services.check_in(participation, by=staff, at=arrive)
            services.check_out(participation, by=staff, at=leave)
    households = list(Household.objects.filter(unit=community).order_by("number", "pk"))
    outcomes = (
        [VisitOutcome.VISITED] * 28 + [VisitOutcome.NOT_AT_HOME] * 4
        + [VisitOutcome.FOLLOW_UP] * 3 + [VisitOutcome.REFUSED]
    )  # fmt: skip
    volunteers = list(dict.fromkeys(p.volunteer for p in participations))
    with clock.set_to(_at(datetime.date(2022, 1, 21), 9)):
        for index, household in enumerate(households):
            services.record_visit(
                campaign, by=staff, household=household, visited_on=days[index % 3],
                outcome=outcomes[index % len(outcomes)],
                volunteer=volunteers[index % len(volunteers)],
                note="演示：已宣传科学防疫知识" if index % 5 else "演示：已动员预约核酸检测",
                is_demo=True,
            )  # fmt: skip
        for index, records in enumerate((420, 385, 455)):
            services.record_data_task(
                campaign, by=staff, description=f"整理团体预约核酸检测数据（第{index + 1}批）",
                records=records, done_on=days[-1], volunteer=volunteers[index], is_demo=True,
            )  # fmt: skip
    _record(league, organiser, volunteers)
    _letters(campaign, league, community, organiser, staff, volunteers, rng)


def _record(league: Unit, organiser: User, volunteers: list) -> None:
    """The rest of the service record: the training before the first shift, the evaluation of
    the winter vacation by the league, and one commendation."""
    ratings = (EvaluationRating.EXCELLENT, EvaluationRating.GOOD)
    with clock.set_to(_at(datetime.date(2022, 2, 21), 10)):
        for index, volunteer in enumerate(volunteers):
            services.record_training(
                volunteer, by=organiser, trained_on=datetime.date(2022, 1, 16),
                title="演示：疫情防控志愿服务岗前培训", hours=Decimal("2"), organiser=LEAGUE,
                note="个人防护、入户走访要求", is_demo=True,
            )  # fmt: skip
            services.record_evaluation(
                volunteer, by=organiser, period="2022年寒假", rating=ratings[index % 2],
                unit=league, is_demo=True,
            )  # fmt: skip
        services.record_award(
            volunteers[0], by=organiser, awarded_on=datetime.date(2022, 2, 21),
            title="演示：寒假返乡大学生优秀志愿者", level=AwardLevel.DISTRICT, body=LEAGUE,
            is_demo=True,
        )  # fmt: skip


def _drawn_signature(seed: str) -> str:
    """A synthetic signature, as the page's signature pad gives it (a PNG data URL): a letter is
    recorded signed only with its proof."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    stroke = [(20 + step * 26, rng.randint(25, 75)) for step in range(10)]
    ImageDraw.Draw(image).line(stroke, fill="black", width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _shops(community: Unit, names: tuple, by: User) -> list[Organisation]:
    found = []
    for name in names:
        shop = Organisation.objects.filter(name=name, unit=community).first()
        if shop is None:
            kind = OrganisationKind.PROPERTY_MANAGER if "物业" in name else OrganisationKind.SHOP
            shop = create_organisation(
                by=by, unit=community, name=name, kind=kind, notes="演示数据", is_demo=True
            )
        found.append(shop)
    return found


def _letters(campaign, league, community, organiser, staff, volunteers, rng) -> None:
    with clock.set_to(_at(datetime.date(2022, 1, 15), 10)):
        letters = services.create_letter_campaign(
            by=organiser, unit=league, places=[community], campaign=campaign,
            title="文兴社区疫情防控责任书", duties=DUTIES,
            text="为落实落细常态化疫情防控工作，签订本责任书，双方共同遵守。",
            starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 20),
            is_demo=True,
        )  # fmt: skip
    _shops(community, SHOPS, staff)
    counterparties = list(
        Organisation.objects.filter(unit=community, is_active=True).order_by("kind", "name")
    )
    targets = []
    with clock.set_to(_at(datetime.date(2022, 1, 16), 9)):
        # Three teams of the league for the campaign, the first student of each its leader.
        first, second, third = (
            services.create_team(
                by=organiser, unit=league, name=name, campaign=campaign,
                members=volunteers[start::3], leader=volunteers[start], is_demo=True,
            )
            for start, name in enumerate(("第一分队", "第二分队", "第三分队"))
        )  # fmt: skip
        for index, organisation in enumerate(counterparties):
            team = first if organisation.kind == OrganisationKind.PROPERTY_MANAGER else (
                second if index % 2 else third
            )  # fmt: skip
            targets.append(
                services.add_target(
                    letters,
                    by=staff,
                    organisation=organisation,
                    team=team,
                    volunteer=volunteers[index % len(volunteers)],
                    is_demo=True,
                )
            )
    with clock.set_to(_at(datetime.date(2022, 1, 22), 18)):
        for index, target in enumerate(targets):
            services.sign_target(
                target, by=staff, signed_on=datetime.date(2022, 1, 18 + index % 4),
                signed_by=getattr(target.organisation, "legal_representative", "") or "演示负责人",
                signature=_drawn_signature(f"volunteers-demo-letter-{target}"),
            )  # fmt: skip


def _half_done(subdistrict: Unit, community: Unit, admin: User) -> None:
    organiser = _officer(subdistrict, admin)
    with clock.set_to(_at(datetime.date(2022, 1, 20), 9)):
        campaign = services.create_campaign(
            by=organiser, unit=subdistrict, places=[community],
            title="2022年寒假青年志愿者疫情防控服务（迎宾东社区）",
            purpose="协助社区核酸检测秩序维护与信息登记。", requirements="年满18周岁。",
            starts_on=datetime.date(2022, 1, 20), ends_on=datetime.date(2022, 2, 28),
            is_demo=True,
        )  # fmt: skip
        shift = services.add_shift(
            campaign, by=organiser, task="核酸检测秩序维护", place=community,
            starts_at=_at(datetime.date(2022, 1, 24), 8),
            ends_at=_at(datetime.date(2022, 1, 24), 11),
            needed=4, cap=6,
        )  # fmt: skip
        students = (("演示吴同学", "山西大学"), ("演示郑同学", "中北大学"),
                    ("演示孙同学", "山西农业大学"), ("演示钱同学", "太原师范学院"))  # fmt: skip
        made = _sign_ups(campaign, community, [shift], students, 641)
        for participation in made[:2]:
            services.confirm(participation, by=organiser)
        letters = services.create_letter_campaign(
            by=organiser, unit=subdistrict, places=[community], campaign=campaign,
            title="迎宾东社区疫情防控责任书", duties=DUTIES,
            starts_on=datetime.date(2022, 1, 20), ends_on=datetime.date(2022, 2, 28),
            is_demo=True,
        )  # fmt: skip
    shops = _shops(community, SECOND_SHOPS, organiser)
    with clock.set_to(_at(datetime.date(2022, 1, 21), 9)):
        volunteers = [participation.volunteer for participation in made[:2]]
        team = services.create_team(
            by=organiser, unit=subdistrict, name="迎宾东分队", campaign=campaign,
            members=volunteers, leader=volunteers[0], is_demo=True,
        )  # fmt: skip
        targets = [
            services.add_target(letters, by=organiser, organisation=shop, team=team, is_demo=True)
            for shop in shops
        ]
    with clock.set_to(_at(datetime.date(2022, 1, 25), 18)):
        for target in targets[: len(targets) // 2]:
            services.sign_target(
                target, by=organiser, signed_on=datetime.date(2022, 1, 25), signed_by="演示负责人",
                signature=_drawn_signature(f"volunteers-demo-letter-{target}"),
            )  # fmt: skip
