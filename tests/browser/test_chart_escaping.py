"""Cross-site scripting through chart data: a project or unit named with HTML shows as text in
the dashboard's tooltips, and the Content-Security-Policy would stop a script anyway."""

import pytest

from taizhang.core.models import Unit
from taizhang.projects.models import Project, YearPlan
from tests.browser.conftest import log_in
from tests.projects.stats_data import small_plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EVIL = '<img src=x onerror="window.__xss=1">'


def tooltip_of(page, chart: str, data_index: int) -> str:
    """Show the tooltip of a point the way hovering does, and return its text."""
    page.evaluate(
        """([chart, index]) => {
            const element = document.querySelector(`.chart[data-chart="${chart}"]`);
            echarts.getInstanceByDom(element).dispatchAction(
                {type: "showTip", seriesIndex: 0, dataIndex: index});
        }""",
        [chart, data_index],
    )
    tooltip = page.locator(f'.chart[data-chart="{chart}"] div', has_text="<img").last
    tooltip.wait_for()
    return tooltip.inner_text()


def test_a_project_named_with_html_shows_as_text_in_the_map_and_bar_tooltips(
    page, live_server, district, people
):
    plan = small_plan(district)
    Project.objects.filter(pk=plan.park.pk).update(name=EVIL)
    YearPlan.objects.filter(project=plan.park).update(name=EVIL)
    Unit.objects.filter(pk=district.xiaonantou.pk).update(name=EVIL)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "office")
    response = page.goto(f"{live_server.url}/projects/dashboard/?year=2022&month=10")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector('.chart[data-chart="map"] canvas')
    page.wait_for_selector('.chart[data-chart="subdistricts"] canvas')

    assert EVIL in tooltip_of(page, "map", 0)
    assert EVIL in tooltip_of(page, "subdistricts", 0)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".chart img").count() == 0
    assert errors == []
