"""Production never runs on the development secret key: the server refuses to start and
`taizhang check --deploy` reports it as an error. There is no switch to allow it."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from taizhang.core.checks import refuse_development_key

REAL_KEY = "k" * 20 + "0123456789-abcdefghijklmnopqrstuvwxyz"


def test_the_server_refuses_the_development_key_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="TAIZHANG_SECRET_KEY"):
        refuse_development_key()
    with pytest.raises(CommandError, match="TAIZHANG_SECRET_KEY"):
        call_command("serve", "--no-collectstatic")


def test_a_real_key_or_debug_mode_starts(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = REAL_KEY
    refuse_development_key()
    settings.DEBUG = True
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    refuse_development_key()


def test_the_deploy_check_reports_the_development_key_as_an_error(settings):
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    with pytest.raises(SystemCheckError, match=r"taizhang\.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_the_server_runs_gunicorn_with_a_worker_beside_it(settings, monkeypatch):
    import contextlib

    from taizhang.core.management.commands import serve

    settings.SECRET_KEY = REAL_KEY
    steps = []

    @contextlib.contextmanager
    def worker_beside(*, enabled):
        steps.append(f"worker {enabled}")
        yield
        steps.append("worker stopped")

    class Gunicorn:
        def __init__(self, argv):
            steps.append(f"gunicorn {argv[1]}")

        def wait(self):
            steps.append("gunicorn stopped")
            return 0

    monkeypatch.setattr(serve, "worker_beside", worker_beside)
    monkeypatch.setattr(serve.subprocess, "Popen", Gunicorn)
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)
    call_command("serve", "--no-collectstatic", stdout=io.StringIO())
    assert steps == [
        "worker True",
        "gunicorn taizhang.wsgi:application",
        "gunicorn stopped",
        "worker stopped",
    ]
