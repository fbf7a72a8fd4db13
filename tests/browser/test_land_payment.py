"""A village officer records a land-transfer payment from the workbench (工作台) in Debian
Chromium: the household's payment overdue shows there, the officer opens the payment form
from it, records the payment, and the payment leaves the workbench."""

import datetime
from decimal import Decimal

import pytest

from taizhang.land.models import DuePayment, Payment
from tests.browser.conftest import log_in
from tests.factories import day_setter
from tests.land.factories import make_contract, village_land

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def owing(district, people, monkeypatch):
    # The first year's payment was due on signing, 20 February 2022.
    day_setter(monkeypatch, datetime.date(2022, 3, 10))
    (parcel,) = village_land(district.xiwangzhuang, 1)
    contract = make_contract(district.xiwangzhuang, [(parcel, "10")], number="XWZ-2022-01")
    return DuePayment.objects.filter(contract=contract).order_by("due_on").first()


def test_a_village_officer_records_a_payment_from_the_workbench(page, live_server, owing):
    log_in(page, live_server, "xwz")
    overdue = page.locator("#todo-land-land_overdue")
    assert "XWZ-2022-01" in overdue.inner_text()
    overdue.get_by_role("button", name="Record a payment").click()
    page.wait_for_url(f"**/land/dues/{owing.pk}/pay/")
    assert page.locator("input[name=amount_yuan]").input_value() == "6000.00"
    page.fill("input[name=paid_on]", "2022-03-08")
    page.select_option("select[name=method]", "bank")
    page.fill("input[name=receipt]", "SJ-0308")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/land/contracts/{owing.contract_id}/")
    row = page.locator(f"tr[data-due='{owing.pk}']")
    assert "SJ-0308" in row.inner_text()
    payment = Payment.objects.get()
    assert payment.due_id == owing.pk and payment.amount_yuan == Decimal("6000.00")

    page.click("header a.brand")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("#todo-land-land_overdue").count() == 0
