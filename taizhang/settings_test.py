"""Settings for the test suite: fast hashing, tasks run at once, a throw-away data folder."""

import tempfile
from pathlib import Path

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
# The second factor is required of no role unless a test (or the environment) says so.
TAIZHANG_OTP_REQUIRED_ROLES = env_list("TAIZHANG_OTP_REQUIRED_ROLES")
ALLOWED_HOSTS = ["*"]
# Tests assert the English source texts; the tests of the Chinese UI set zh-hans themselves.
LANGUAGE_CODE = "en"
