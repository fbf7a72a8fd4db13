"""The rectification dashboard in Debian Chromium: its ECharts charts draw from the JSON feed."""

import pytest

from tests.rectification.conftest import clock, open_seed_case, rect  # noqa: F401
from tests.rectification.test_pages import close_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_dashboard_draws_its_charts(browser, live_server, request):
    people_of_case = request.getfixturevalue("rect")
    open_case = request.getfixturevalue("open_seed_case")
    close_case(open_case(), people_of_case)
    open_case(subject_name="城北洗车场")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "jcy")
    page.fill("input[name=password]", "pass-Word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/rectification/dashboard/")
    for chart in ("agencies", "subdistricts", "ranking"):
        page.wait_for_selector(f'.chart[data-chart="{chart}"] canvas')
    assert page.locator('[data-figure="findings"]').inner_text() == "6"
    assert errors == []
    context.close()
