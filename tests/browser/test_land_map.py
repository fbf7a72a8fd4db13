"""The land dashboard's map of parcels in Debian Chromium: drawn from the page's json_script
under the Content-Security-Policy, one series per state, at equal scale (a kilometre as long
across as up), and a parcel named with HTML shows as text in its tooltip."""

import datetime
import math
from decimal import Decimal

import pytest

from taizhang.core.access import SYSTEM
from taizhang.land import services
from taizhang.land.models import Parcel
from tests.browser.conftest import log_in
from tests.factories import day_setter
from tests.land.factories import make_contract, village_land

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EVIL = '<img src=x onerror="window.__xss=1">'


@pytest.fixture
def mapped(district, people, monkeypatch):
    day_setter(monkeypatch, datetime.date(2023, 6, 1))
    transferred, kept = village_land(district.xiwangzhuang, 2)
    make_contract(district.xiwangzhuang, [(transferred, "10")])  # its dues are overdue
    for parcel, (lat, lon) in ((transferred, ("40.000", "113.300")), (kept, ("40.010", "113.320"))):
        services.update_parcel(parcel, by=SYSTEM, latitude=Decimal(lat), longitude=Decimal(lon))
    Parcel.objects.filter(pk=kept.pk).update(name=EVIL)


def test_the_map_draws_each_state_at_equal_scale_and_escapes_names(page, live_server, mapped):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "xwz")
    page.goto(f"{live_server.url}/land/dashboard/")
    page.wait_for_selector('.chart[data-chart="parcels"] canvas')
    shape = page.evaluate(
        """() => {
            const element = document.querySelector('.chart[data-chart="parcels"]');
            const chart = echarts.getInstanceByDom(element);
            const option = chart.getOption();
            const grid = option.grid[0];
            return {
                counts: option.series.map((s) => s.data.length),
                x: [option.xAxis[0].min, option.xAxis[0].max],
                y: [option.yAxis[0].min, option.yAxis[0].max],
                width: chart.getWidth() - grid.left - grid.right,
                height: chart.getHeight() - grid.top - grid.bottom,
            };
        }"""
    )
    assert shape["counts"] == [0, 1, 1]  # transferred, overdue, not transferred
    across = (shape["x"][1] - shape["x"][0]) * math.cos(math.radians(40.005)) / shape["width"]
    up = (shape["y"][1] - shape["y"][0]) / shape["height"]
    assert across == pytest.approx(up, rel=0.01)

    page.evaluate(
        """() => {
            const element = document.querySelector('.chart[data-chart="parcels"]');
            echarts.getInstanceByDom(element).dispatchAction(
                {type: "showTip", seriesIndex: 2, dataIndex: 0});
        }"""
    )
    tooltip = page.locator('.chart[data-chart="parcels"] div', has_text="<img").last
    tooltip.wait_for()
    assert EVIL in tooltip.inner_text() and "H2" in tooltip.inner_text()
    assert page.evaluate("window.__xss") is None
    assert errors == []
