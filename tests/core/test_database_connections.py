"""Database connections (README, "Database connections"): each server thread keeps its connection
across requests, health-checked before reuse, or on PostgreSQL takes one from Django's pool when
TAIZHANG_DB_POOL is on; a PostgreSQL connection starts in UTC, so Django sends nothing to set it
up. No request pays for a new connection."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import RequestFactory

from taizhang import settings as taizhang_settings
from tests.factories import make_user

PG_URL = "postgres://taizhang@db.example:5432/taizhang"


@pytest.fixture
def env(monkeypatch):
    for name in ("TAIZHANG_DB_POOL", "TAIZHANG_DB_CONN_MAX_AGE", "TAIZHANG_DB_JIT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_connections_persist_ten_minutes_and_are_checked_before_reuse(env):
    for url in (PG_URL, "sqlite:////tmp/taizhang.sqlite3"):
        config = taizhang_settings.database(url)
        assert config["CONN_MAX_AGE"] == 600
        assert config["CONN_HEALTH_CHECKS"] is True


def test_the_environment_sets_their_age(env):
    env.setenv("TAIZHANG_DB_CONN_MAX_AGE", "0")
    assert taizhang_settings.database(PG_URL)["CONN_MAX_AGE"] == 0


def test_a_postgresql_connection_starts_in_utc_without_jit(env):
    options = taizhang_settings.database(PG_URL)["OPTIONS"]
    assert "-c TimeZone=UTC" in options["options"]
    assert "-c jit=off" in options["options"]
    assert "pool" not in options


def test_jit_is_allowed_when_asked_for(env):
    env.setenv("TAIZHANG_DB_JIT", "on")
    assert "jit" not in taizhang_settings.database(PG_URL)["OPTIONS"]["options"]


def test_the_pool_replaces_persistent_connections_when_asked_for(env):
    env.setenv("TAIZHANG_DB_POOL", "on")
    env.setattr(taizhang_settings, "find_spec", lambda name: object())  # the `pool` extra
    config = taizhang_settings.database(PG_URL)
    assert config["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert config["OPTIONS"]["pool"]["max_size"] >= 4


def test_the_pool_without_its_package_is_refused_with_the_extra_to_install(env):
    env.setenv("TAIZHANG_DB_POOL", "on")
    env.setattr(taizhang_settings, "find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match=r"taizhang\[pool\]"):
        taizhang_settings.database(PG_URL)


def test_sqlite_has_no_pool_even_when_asked_for(env):
    env.setenv("TAIZHANG_DB_POOL", "on")
    config = taizhang_settings.database("sqlite:////tmp/taizhang.sqlite3")
    assert "pool" not in config["OPTIONS"]
    assert config["CONN_MAX_AGE"] == 600


@pytest.mark.django_db(transaction=True)
def test_a_second_request_reuses_the_connection(settings):
    """Through Django's own request handling (not the test client, which keeps connections
    open regardless): the signals at the start and end of each request leave it open."""
    from taizhang.core.tokens import create_token

    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        pytest.skip("a pool hands connections back at each request's end")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("Django never closes an in-memory SQLite database (the suite's)")
    user = make_user("api-reader")
    token = create_token(user, by=user)[1]
    connection.ensure_connection()
    opened = []

    def count(sender, connection, **kwargs):
        opened.append(connection.alias)

    connection_created.connect(count)
    handler = WSGIHandler()
    environ = RequestFactory()._base_environ(
        PATH_INFO="/api/v1/me", REQUEST_METHOD="GET", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    seen = []
    try:
        for _ in range(3):
            response = handler(dict(environ), lambda status, headers: None)
            assert response.status_code == 200
            response.close()  # sends request_finished, as a WSGI server does
            seen.append(id(connection.connection))
    finally:
        connection_created.disconnect(count)
    assert opened == []
    assert seen[0] == seen[1] == seen[2] == id(connection.connection)


@pytest.mark.django_db
def test_a_postgresql_connection_needs_no_time_zone_set_and_has_no_jit(settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's session time zone")
    connection.ensure_connection()
    assert connection.ensure_timezone() is False  # already UTC: Django sent no SET TIME ZONE
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
