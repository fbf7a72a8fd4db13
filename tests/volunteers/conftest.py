"""A small world for the volunteer module: 共青团平城区委 (a party organisation of the
district) organises a campaign in 文兴社区 of 水泊寺街道; 塔儿村 stands for another community."""

from __future__ import annotations

import base64
import datetime
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageDraw

from taizhang.core.models import UnitKind
from taizhang.core.roles import Role
from taizhang.volunteers import services
from tests.factories import day_setter, make_unit, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour, minute), SHANGHAI
    )


@pytest.fixture
def world(district, people, monkeypatch) -> SimpleNamespace:
    w = SimpleNamespace(district=district, people=people)
    w.set_day = day_setter(monkeypatch, datetime.date(2022, 1, 20))
    w.shuibosi = make_unit("水泊寺街道", UnitKind.SUBDISTRICT, district.pingcheng, code="140213003")
    w.wenxing = make_unit("文兴社区", UnitKind.COMMUNITY, w.shuibosi, code="140213003001")
    w.league = make_unit("共青团平城区委", UnitKind.PARTY_ORG, district.pingcheng, code="140213301")
    for unit in (w.shuibosi, w.wenxing, w.league):
        unit.refresh_from_db()
    w.organiser = make_user("tuanquwei", Role.UNIT_OFFICER, unit=w.league)
    w.wenxing_officer = make_user("wenxing", Role.UNIT_OFFICER, unit=w.wenxing)
    w.campaign = services.create_campaign(
        by=w.organiser,
        unit=w.league,
        places=[w.wenxing],
        title="寒假返乡大学生疫情防控志愿服务",
        purpose="入户走访、动员预约核酸检测、整理团体预约数据",
        requirements="在校大学生，身体健康",
        starts_on=datetime.date(2022, 1, 15),
        ends_on=datetime.date(2022, 2, 20),
    )
    w.shift = services.add_shift(
        w.campaign,
        by=w.organiser,
        task="入户走访",
        place=w.wenxing,
        starts_at=at("2022-01-20", 9),
        ends_at=at("2022-01-20", 12),
        needed=1,
        cap=2,
    )
    return w


# A valid ID number of region 140213 (check character computed) and the same with a wrong one.
def id_number(sequence: int = 123, born: str = "2001-03-07") -> str:
    from taizhang.lib.idcard import make_id_number

    return make_id_number("140213", datetime.date.fromisoformat(born), sequence)


def wrong_check(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("1" if last != "1" else "2")


def sign_up(w, number=None, name="张同学", shifts=None):
    return services.sign_up(
        w.campaign,
        name=name,
        id_number=number or id_number(),
        phone="13800001234",
        community=w.wenxing,
        shifts=shifts or [w.shift],
        school="山西大学",
    )


def signature(*, blank: bool = False, size=(600, 200), fmt="PNG") -> str:
    """A signature as the signature pad sends it: a PNG data URL of a stroke (none if blank)."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line([(20, 150), (90, 40), (200, 160), (400, 50)], "black", 4)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, fmt) if fmt != "PNG" else image.save(buffer, fmt)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
