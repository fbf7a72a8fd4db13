"""Sessions end after 30 minutes without activity and 12 hours after signing in, for pages
and for the API's session calls; the sign-in time is kept in the session."""

import pytest
from django.test import Client

from taizhang.core.models import AuditAction, AuditEntry, User
from taizhang.security import sessions
from tests.security.conftest import sign_in, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(people, clock) -> Client:
    client = Client()
    sign_in(client, "xwz")
    assert signed_in(client)
    return client


def test_the_sign_in_time_is_kept_in_the_session(client, clock):
    assert client.session[sessions.LOGIN_AT] == int(clock.now.timestamp())


def test_a_session_idle_for_thirty_minutes_ends_and_the_page_asks_to_sign_in(client, clock):
    clock.advance(minutes=29)
    assert client.get("/units/").status_code == 200
    clock.advance(minutes=29)  # active 29 minutes ago: still alive
    assert client.get("/units/").status_code == 200
    clock.advance(minutes=30)
    response = client.get("/units/", follow=True)
    assert response.redirect_chain[0][0].startswith("/login/")
    assert "without activity" in response.content.decode()
    assert not signed_in(client)
    logout = AuditEntry.objects.get(action=AuditAction.LOGOUT)
    assert "30 minutes without activity" in logout.reason


def test_a_session_ends_twelve_hours_after_signing_in_however_active(client, clock):
    for _ in range(24):
        clock.advance(minutes=29)
        assert client.get("/units/").status_code == 200
    clock.advance(minutes=25)  # 12 hours and 1 minute
    assert client.get("/units/").status_code == 302
    assert not signed_in(client)


def test_an_idle_session_gets_401_from_the_api_in_its_error_shape(client, clock):
    assert client.get("/api/v1/me").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_the_idle_limit_is_configurable(client, clock, settings):
    settings.TAIZHANG_SESSION_IDLE_MINUTES = 10
    clock.advance(minutes=11)
    assert client.get("/units/").status_code == 302


def test_an_idle_session_of_a_deactivated_account_ends_without_an_error(client, clock):
    User.objects.filter(username="xwz").update(is_active=False)
    clock.advance(minutes=31)
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not client.session.get("_auth_user_id")
    assert not AuditEntry.objects.filter(action=AuditAction.LOGOUT).exists()  # nobody to name
