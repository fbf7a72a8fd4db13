"""A village clerk on a phone opens a household with a new head and registers a second member
in it, in Debian Chromium."""

import datetime

import pytest

from taizhang.lib.idcard import make_id_number
from taizhang.people.models import Household, Relation
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_village_officer_on_a_phone_opens_a_household_and_adds_a_member(
    phone, live_server, district, people
):
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    head_number = make_id_number("140213", datetime.date(1968, 3, 14), 611)
    child_number = make_id_number("140213", datetime.date(1995, 11, 2), 612)
    log_in(phone, live_server, "xwz")
    phone.goto(f"{live_server.url}/people/households/")
    phone.click("a[data-action=new-household]")
    phone.wait_for_url("**/people/households/new/")
    assert phone.locator("select[name=unit]").input_value() == str(district.xiwangzhuang.pk)
    phone.fill("input[name=number]", "XW-088")
    phone.fill("input[name=address]", "西王庄村东街8号")
    phone.check("input[name=head][value=new]")
    phone.fill("input[name=head-name]", "王建国")
    phone.fill("input[name=head-id_number]", head_number)
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/people/households/*/")
    phone.click("a[data-action=new-member]")
    phone.wait_for_url("**/members/new/")
    phone.select_option("select[name=relation]", "child")
    phone.fill("input[name=name]", "王小明")
    phone.fill("input[name=id_number]", child_number)
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/people/households/*/")
    members = phone.locator("#members").inner_text()
    assert "王建国" in members and "王小明" in members
    # the page fits the phone's width: no sideways scrolling of the whole page
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    household = Household.objects.get(number="XW-088")
    relations = dict(household.members.values_list("person__name", "relation"))
    assert relations == {"王建国": Relation.HEAD, "王小明": Relation.CHILD}
    assert errors == []
