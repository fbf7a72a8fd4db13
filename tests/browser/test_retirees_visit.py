"""A community officer records a monthly visit from the workbench (工作台) in Debian Chromium:
the retiree on the 孤寡 list not visited last month shows overdue, the officer opens the visit
form from there, records what was found, and the retiree leaves the workbench."""

import datetime

import pytest

from taizhang.core.access import SYSTEM
from taizhang.people.models import Group
from taizhang.people.services.groups import add_to_group
from taizhang.retirees.models import RetireeVisit
from taizhang.retirees.services.roster import register_retiree
from tests.browser.conftest import log_in
from tests.factories import day_setter, make_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def listed(district, people, monkeypatch):
    day_setter(monkeypatch, datetime.date(2026, 6, 15))
    retiree = register_retiree(
        make_person(district.xiwangzhuang, "赵孤寡", born="1940-03-01"),
        by=SYSTEM,
        employer_name="已破产纺织厂",
        retired_on=datetime.date(2000, 3, 1),
    )
    add_to_group(
        retiree.person,
        Group.objects.get(code="guagua-laoren"),
        by=SYSTEM,
        started_on=datetime.date(2025, 1, 1),
    )
    return retiree


def test_a_community_officer_records_a_monthly_visit_from_the_workbench(page, live_server, listed):
    log_in(page, live_server, "xwz")
    overdue = page.locator("#todo-retirees-visit_overdue")
    assert "赵孤寡" in overdue.inner_text()
    overdue.get_by_role("button", name="Visit").click()
    page.wait_for_url(f"**/retirees/visits/new/?retiree={listed.pk}")
    assert page.locator("select[name=retiree]").input_value() == str(listed.pk)
    page.fill("input[name=visited_on]", "2026-06-12")
    page.fill("input[name=visitors]", "网格员 小李")
    page.fill("textarea[name=findings]", "腿脚不便，需要助餐")
    page.fill("input[name=follow_up]", "联系助餐点")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/retirees/visits/*/")
    assert "腿脚不便" in page.locator("main").inner_text()
    visit = RetireeVisit.objects.get()
    assert visit.retiree_id == listed.pk and visit.visited_on == datetime.date(2026, 6, 12)

    page.click("header a.brand")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("#todo-retirees-visit_overdue").count() == 0
    assert page.locator("#todo-retirees-visit_due").count() == 0
    # Her pension confirmation is still owing: a visit is not a confirmation.
    assert "赵孤寡" in page.locator("#todo-retirees-confirmation_overdue").inner_text()
