"""A person changes their password from the header and signs in with the new one."""

import pytest

from tests.browser.conftest import PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "Spring-Field-2026"


def test_a_user_changes_their_password_and_signs_in_with_the_new_one(page, live_server, people):
    log_in(page, live_server, "xwz")
    page.click("header >> text=Change password")
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", "xwz-Spring-2026")
    page.fill("input[name=new_password2]", "xwz-Spring-2026")
    page.click("main form button[type=submit]")
    assert "may not contain your user name" in page.content()
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Your password has been changed." in page.content()
    page.click("header >> text=Log out")
    page.wait_for_url(f"{live_server.url}/login/")
    page.fill("input[name=username]", "xwz")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    assert "Wrong user name or password." in page.content()
    page.fill("input[name=username]", "xwz")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "西王庄村" in page.content()
