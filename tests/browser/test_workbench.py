"""The workbench (工作台) in Debian Chromium: a village officer sees the monthly report owing,
files it from there and sees it leave the list; the programme office sees it arrive."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from taizhang.projects.models import Stage
from taizhang.projects.services import plans
from tests.browser.conftest import log_in
from tests.projects.factories import make_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# March's report was due on 5 April.
TODAY = datetime.datetime(2022, 4, 6, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def planned(district, people, monkeypatch):
    monkeypatch.setattr("taizhang.lib.clock.now", lambda: TODAY)
    project = make_project(
        district.taer, name="塔儿村巷道硬化", stage=Stage.ANNUAL, total_investment_wan=500
    )
    plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=120)
    return project


def test_a_village_officer_files_the_report_owing_and_the_office_sees_it_arrive(
    browser, page, live_server, planned
):
    log_in(page, live_server, "taer")
    due = page.locator("#todo-projects-report_due")
    assert "塔儿村巷道硬化" in due.inner_text()
    assert "overdue" in due.inner_text()
    due.get_by_role("button", name="File the report").click()
    page.wait_for_url("**/projects/reports/file/?project=*&year=2022&month=3")
    page.fill("input[name=completed_wan]", "12.5")
    page.fill("textarea[name=progress_text]", "路基完成")
    page.click("button[name=submit]")
    page.wait_for_url("**/projects/reports/*/")
    assert "Submitted" in page.locator("main").inner_text()

    page.click("header a.brand")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("#todo-projects-report_due").count() == 0
    assert "塔儿村巷道硬化" in page.locator("#waiting").inner_text()

    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    office = context.new_page()
    office.set_default_timeout(10_000)
    log_in(office, live_server, "office")
    approve = office.locator("#todo-projects-report_approve")
    assert "塔儿村巷道硬化" in approve.inner_text()
    approve.get_by_role("link", name="塔儿村巷道硬化").click()
    office.wait_for_url("**/projects/reports/*/")
    assert "路基完成" in office.locator("main").inner_text()
    context.close()


def test_the_workbench_and_the_search_fit_a_phone_screen(phone, live_server, planned):
    log_in(phone, live_server, "taer")
    assert phone.locator("#todo-projects-report_due li").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    phone.fill("header input[name=q]", "巷道")
    phone.press("header input[name=q]", "Enter")
    phone.wait_for_url("**/search/?q=*")
    assert phone.locator("main a", has_text="塔儿村巷道硬化").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
