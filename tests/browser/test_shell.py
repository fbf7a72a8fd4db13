"""What a person clicks through in the UI shell, in Debian Chromium."""

import pytest
from PIL import Image

from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_user_logs_in_switches_language_filters_the_list_and_opens_a_unit(
    page, live_server, district, people, settings
):
    settings.LANGUAGE_CODE = "zh-hans"
    log_in(page, live_server, "xnt")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("text=Org units")
    assert page.locator("table tbody tr").count() == 3
    page.fill("main input[name=q]", "塔儿")
    page.click("main form[role=search] button[type=submit]")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    rows.first.locator("a").first.click()
    assert page.locator("h1").inner_text() == "塔儿村"
    assert "Attachments" in page.content()


def test_the_admin_uploads_a_photo_edits_a_unit_and_sees_it_in_the_history(
    page, live_server, district, people, tmp_path
):
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/units/tree/")
    page.click("nav.tree >> text=古城村")
    assert page.locator("h1").inner_text() == "古城村"
    photo = tmp_path / "village.png"
    Image.new("RGB", (40, 30), "green").save(photo)
    page.set_input_files("input[type=file]", str(photo))
    page.fill("input[name=caption]", "村委会")
    page.click("#attachments button[type=submit]")
    assert page.locator(".gallery img").count() == 1
    page.click("a[href$='/edit/']")
    page.fill("input[name=address]", "白登山街道古城村北")
    page.click("main form button[type=submit]")
    assert "白登山街道古城村北" in page.locator("dl.fields").inner_text()
    page.click("#history a")
    history = page.locator("main").inner_text()
    assert "白登山街道古城村北" in history
    assert "admin" in history


def test_the_shell_fits_a_phone_screen(phone, live_server, district, people):
    log_in(phone, live_server, "admin")
    phone.goto(f"{live_server.url}/units/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    assert phone.locator("table tbody tr").count() >= 1
