"""The project dashboard in Debian Chromium: charts draw, and a figure opens its projects."""

import pytest

from tests.browser.conftest import log_in
from tests.projects.stats_data import small_plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_office_opens_the_dashboard_and_a_figure_lists_exactly_that_many_projects(
    page, live_server, district, people
):
    small_plan(district)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "office")
    page.goto(f"{live_server.url}/projects/dashboard/?year=2022&month=10")
    page.wait_for_selector('.chart[data-chart="monthly"] canvas')
    page.wait_for_selector('.chart[data-chart="map"] canvas')
    assert errors == []
    card = page.locator("#figures article", has_text="New").first.locator("a")
    figure = int(card.inner_text())
    assert figure == 2
    card.click()
    page.wait_for_url("**/projects/plans/**")
    assert page.locator("table tbody tr").count() == figure
    assert "nature=new" in page.url
