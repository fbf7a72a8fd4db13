"""Settings for the test suite: fast hashing, tasks run at once, a throw-away data folder."""

import tempfile
from pathlib import Path
from typing import Any

from taizhang.settings import *  # noqa: F403
from taizhang.settings import STORAGES, env_list

DATA_DIR = Path(tempfile.mkdtemp(prefix="taizhang-test-"))
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir()
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Tasks run at once, in the test's thread and transaction (tests/conftest.py starts them at
# once rather than on a commit that never comes); the tests of the queue choose the database.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The suite makes about 10⁵ requests a pass, each reading its session: from the process's cache
# (the tests' local-memory one) before the database, which still keeps every session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The second factor is required of no role unless a test (or the environment) says so.
TAIZHANG_OTP_REQUIRED_ROLES = env_list("TAIZHANG_OTP_REQUIRED_ROLES")
ALLOWED_HOSTS = ["*"]
# Tests assert the English source texts; the tests of the Chinese UI set zh-hans themselves.
LANGUAGE_CODE = "en"
# A cached aggregate that reads a table it does not declare fails its test (core/aggregates.py).
TAIZHANG_AGGREGATES_STRICT = True


def _through_local_socket(database: Any) -> Any:
    """PostgreSQL on this machine (127.0.0.1, as in CI): through its unix socket when that
    connects, since a query's round trip there is cheaper than over TCP, and the suite makes
    hundreds of thousands; TCP as given otherwise (no socket, or the socket wants another
    authentication). Commits need not wait for the disk either: a test database is thrown away
    (migrations and transactional tests commit)."""
    if not database["ENGINE"].endswith("postgresql"):
        return database
    options = {**database.get("OPTIONS", {})}
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
    database = {**database, "OPTIONS": options}
    if database.get("HOST") not in ("127.0.0.1", "localhost"):
        return database
    import psycopg

    socket_dir = "/var/run/postgresql"
    if not Path(socket_dir, f".s.PGSQL.{database.get('PORT') or 5432}").exists():
        return database
    try:
        psycopg.connect(
            host=socket_dir,
            port=database.get("PORT") or 5432,
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=2,
        ).close()
    except psycopg.Error:
        return database
    return {**database, "HOST": socket_dir}


DATABASES = {**DATABASES, "default": _through_local_socket(DATABASES["default"])}  # noqa: F405
