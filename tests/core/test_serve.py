"""`taizhang serve` runs gunicorn's threaded workers, cores + 1 of them, and keeps idle
connections longer than clients do, so that a client never sends on a connection the server has
just closed (README, "Load (issue 18)")."""

import io

import pytest
from django.core.management import call_command

from taizhang.core.management.commands import serve

REAL_KEY = "k" * 20 + "0123456789-abcdefghijklmnopqrstuvwxyz"


def option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


@pytest.fixture
def gunicorn_argv(settings, monkeypatch):
    """Run `taizhang serve` with gunicorn and the worker replaced; the argv gunicorn got."""
    settings.SECRET_KEY = REAL_KEY
    started: list[list[str]] = []

    class Gunicorn:
        def __init__(self, argv):
            started.append(argv)

        def wait(self):
            return 0

    monkeypatch.setattr(serve.subprocess, "Popen", Gunicorn)
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)
    for name in ("TAIZHANG_WORKERS", "TAIZHANG_THREADS", "TAIZHANG_KEEP_ALIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TAIZHANG_ACCESS_LOG", raising=False)

    def run(*args: str) -> list[str]:
        call_command("serve", "--no-collectstatic", "--no-worker", *args, stdout=io.StringIO())
        return started[-1]

    return run


def test_it_runs_threaded_workers_one_more_than_the_cores(gunicorn_argv, monkeypatch):
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 2)
    argv = gunicorn_argv()
    assert option(argv, "--worker-class") == "gthread"
    assert option(argv, "--workers") == "3"
    assert option(argv, "--threads") == "4"


def test_it_keeps_idle_connections_longer_than_clients_do(gunicorn_argv):
    assert int(option(gunicorn_argv(), "--keep-alive")) >= 75


def test_it_logs_each_request_unless_told_not_to(gunicorn_argv):
    assert option(gunicorn_argv(), "--access-logfile") == "-"
    assert "--access-logfile" not in gunicorn_argv("--no-access-log")


def test_its_options_set_workers_threads_and_keep_alive(gunicorn_argv):
    argv = gunicorn_argv("--workers", "5", "--threads", "8", "--keep-alive", "30")
    assert (option(argv, "--workers"), option(argv, "--threads")) == ("5", "8")
    assert option(argv, "--keep-alive") == "30"


def test_the_environment_sets_them_too(settings, monkeypatch):
    settings.SECRET_KEY = REAL_KEY
    monkeypatch.setenv("TAIZHANG_WORKERS", "6")
    monkeypatch.setenv("TAIZHANG_THREADS", "2")
    monkeypatch.setenv("TAIZHANG_KEEP_ALIVE", "120")
    monkeypatch.setenv("TAIZHANG_ACCESS_LOG", "off")
    started: list[list[str]] = []
    monkeypatch.setattr(serve.subprocess, "Popen", lambda argv: started.append(argv) or Done())
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)
    call_command("serve", "--no-collectstatic", "--no-worker", stdout=io.StringIO())
    argv = started[0]
    assert (option(argv, "--workers"), option(argv, "--threads")) == ("6", "2")
    assert option(argv, "--keep-alive") == "120"
    assert "--access-logfile" not in argv


class Done:
    def wait(self):
        return 0
