"""403, 404 and 500 with debug off: Chinese pages in the shell with a way back, never the debug
page; the API keeps its JSON error shape."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from taizhang.core.views.errors import server_error

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.core.error_urls"),
]

SHELL = '<header class="site'


@pytest.fixture
def chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def officer_client(people) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(people.xwz_officer)
    return client


@override_settings(DEBUG=False)
def test_an_unknown_address_gives_the_not_found_page_in_the_shell(people, chinese):
    response = officer_client(people).get("/no/such/page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert SHELL in text and "页面不存在" in text
    assert 'href="/"' in text and "返回首页" in text


@override_settings(DEBUG=False)
def test_a_page_the_user_may_not_open_gives_the_forbidden_page_in_the_shell(people, chinese):
    response = officer_client(people).get("/units/new/")
    text = response.content.decode()
    assert response.status_code == 403
    assert SHELL in text and "您无权打开此页面" in text and "返回首页" in text


@override_settings(DEBUG=False)
def test_a_failing_view_gives_the_server_error_page_without_the_debug_page(people, chinese):
    response = officer_client(people).get("/fails/")
    text = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in text and "返回首页" in text
    assert "Traceback" not in text and "a bug in a view" not in text


@override_settings(DEBUG=False)
def test_the_pages_lead_back_to_the_page_the_user_came_from(people):
    response = officer_client(people).get("/no/such/page/", HTTP_REFERER="http://testserver/units/")
    assert 'href="http://testserver/units/"' in response.content.decode()


@override_settings(DEBUG=False)
def test_a_referer_from_another_site_is_not_offered_as_the_way_back(people):
    response = officer_client(people).get(
        "/no/such/page/", HTTP_REFERER="https://elsewhere.example/phish"
    )
    assert "elsewhere.example" not in response.content.decode()


def test_the_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/units/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert b'href="/"' in response.content


@override_settings(DEBUG=False)
def test_the_api_keeps_its_error_shape(people):
    client = officer_client(people)
    missing = client.get("/api/v1/no/such/endpoint")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found.", "errors": []}
    failing = client.get("/api/fails/")
    assert failing.status_code == 500
    assert set(failing.json()) == {"detail", "errors"}


@override_settings(DEBUG=False)
def test_a_form_sent_without_its_security_token_explains_what_to_do(people, chinese):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.admin)
    response = client.post("/units/new/", {"name": "x"})
    text = response.content.decode()
    assert response.status_code == 403
    assert SHELL in text and "表单已过期" in text
