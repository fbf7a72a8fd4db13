"""A village clerk at the Spring Festival distribution site, on a 375-pixel phone: finds 王老汉's
household by a member's name, has 王小 sign on the screen (drawn with the mouse on the canvas),
records the hand-out and sees the household leave the not-collected list; a hand-out recorded
by another clerk meanwhile leaves it too, by the page's live refresh. In Debian Chromium."""

import re
from importlib import import_module

import pytest

from taizhang.welfare.models import Handout, Stock
from taizhang.welfare.services import handouts
from tests.browser.conftest import _refused_by_csp, log_in
from tests.welfare.conftest import spring_goods, villagers  # noqa: F401 - fixtures
from tests.welfare.factories import make_cycle, make_entitlement, stock_up
from tests.welfare.test_handouts import signature_png

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
WIDTH = 375


@pytest.fixture(autouse=True)
def standard_groups(transactional_db):
    """The groups (低保户 …) the people migration seeds, again: an earlier browser test's
    transaction test emptied the database."""
    from django.apps import apps

    import_module("taizhang.people.migrations.0002_standard_groups").add_groups(apps, None)


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": WIDTH, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = _refused_by_csp(page)
    yield page
    context.close()
    assert refused == []


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH + 1


def test_a_clerk_records_a_signed_hand_out_on_a_phone_and_it_leaves_the_list(
    small_phone, live_server, district, people, request
):
    residents = request.getfixturevalue("villagers")
    goods = request.getfixturevalue("spring_goods")
    phone = small_phone
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    cycle = make_cycle(goods)
    stock_up(cycle, district.xiwangzhuang, 5)
    wang = make_entitlement(cycle, residents.wang, residents.wang_household)
    zhao = make_entitlement(cycle, residents.zhao, residents.zhao_household)

    log_in(phone, live_server, "xwz")
    phone.goto(f"{live_server.url}/welfare/cycles/{cycle.pk}/handout/")
    waiting = phone.locator("#not-collected")
    assert waiting.locator(f"li[data-entitlement='{wang.pk}']").count() == 1
    assert fits(phone)

    # Another clerk hands 赵奶奶's basket out meanwhile: the list refreshes by itself.
    handouts.record_handout(
        zhao, by=people.subdistrict_officer, received_by="赵奶奶", signature=signature_png()
    )
    phone.locator(f"#not-collected li[data-entitlement='{zhao.pk}']").wait_for(state="detached")

    phone.fill("form.handout-search input[name=q]", "王小")
    with phone.expect_navigation():
        phone.click("form.handout-search button[type=submit]")
    assert re.search(r"/handout/\?q=", phone.url), phone.url
    phone.click(f"#results li[data-entitlement='{wang.pk}'] a")
    phone.wait_for_url(f"**/welfare/entitlements/{wang.pk}/handout/")
    assert fits(phone)
    phone.select_option("#sign-form select[name=received_by]", "王小")

    canvas = phone.locator("canvas[data-signature]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None and box["width"] <= WIDTH
    phone.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    phone.mouse.down()
    for x, y in ((0.3, 0.2), (0.5, 0.8), (0.7, 0.3), (0.9, 0.6)):
        phone.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y, steps=5)
    phone.mouse.up()
    phone.click("button[data-action=confirm-signature]")

    phone.wait_for_url(f"**/welfare/cycles/{cycle.pk}/handout/")
    assert phone.locator("p.message.success").count() == 1
    assert phone.locator(f"#not-collected li[data-entitlement='{wang.pk}']").count() == 0
    assert "2" in phone.locator("#handout-progress").inner_text()  # 2 of 2 collected
    assert fits(phone)

    handout = Handout.objects.select_related("signature").get(entitlement=wang)
    assert (handout.method, handout.received_by) == ("signature", "王小")
    assert handout.signature is not None and handout.signature.mime_type == "image/png"
    rice = Stock.objects.get(cycle=cycle, unit=district.xiwangzhuang, item__name="大米")
    assert rice.remaining == 30
    assert errors == []
