"""The security administrator, a clock the tests move, and signing in through the page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from taizhang.core.roles import Role
from tests.factories import make_user

PASSWORD = "pass-Word-123"


@pytest.fixture
def security_admin(district):
    return make_user("security", Role.SECURITY_ADMIN, unit=district.pingcheng)


class Clock:
    """The application's clock (taizhang.lib.clock.now), stopped; tests move it on."""

    def __init__(self, monkeypatch) -> None:
        self.now = timezone.now()
        monkeypatch.setattr("taizhang.lib.clock.now", lambda: self.now)

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
