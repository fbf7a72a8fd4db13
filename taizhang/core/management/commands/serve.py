"""`taizhang serve`: the production server (gunicorn), after collecting static files, with a
`taizhang worker` beside it for the background jobs (unless --no-worker).

gunicorn's threaded workers (gthread), cores + 1 processes of 4 threads: Python runs one thread
of a process at a time, so about one process per core keeps the cores busy (one more covers a
process waiting on the database), and the threads of each overlap their waits on the database.
gunicorn's rule of 2 × cores + 1 is for single-threaded workers; with 4 threads each it means 20
requests at once on two cores, each slower, and as many database connections. Idle
connections are kept 75 s, longer than browsers, proxies (nginx's default is 75 s) and load
testers keep theirs: with gunicorn's default of 2 s the server closes a connection the client
is just sending its next request on, and the client sees a reset (README, "Load (issue 18)").
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from taizhang.core.checks import refuse_development_key
from taizhang.core.management.commands._worker_process import worker_beside
from taizhang.settings import env_bool


def default_workers() -> int:
    return (os.cpu_count() or 1) + 1


def gunicorn_argv(
    gunicorn: str, *, bind: str, workers: int, threads: int, keep_alive: int, access_log: bool
) -> list[str]:
    """gunicorn's command line (threaded workers; see the module's docstring)."""
    argv = [
        gunicorn,
        "taizhang.wsgi:application",
        "--bind",
        bind,
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--keep-alive",
        str(keep_alive),
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
    if access_log:
        argv += ["--access-logfile", "-"]
    return argv


class Command(BaseCommand):
    help = "Run Taizhang with gunicorn (production). Put it behind an HTTPS proxy."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("TAIZHANG_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("TAIZHANG_WORKERS", "0")) or None,
            help="Worker processes (default: cores + 1, or TAIZHANG_WORKERS).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("TAIZHANG_THREADS", "4")),
            help="Threads of each worker process (default: 4, or TAIZHANG_THREADS).",
        )
        parser.add_argument(
            "--keep-alive",
            type=int,
            default=int(os.environ.get("TAIZHANG_KEEP_ALIVE", "75")),
            help="Seconds an idle connection is kept open (default: 75, or TAIZHANG_KEEP_ALIVE).",
        )
        parser.add_argument(
            "--access-log",
            action=argparse.BooleanOptionalAction,
            default=env_bool("TAIZHANG_ACCESS_LOG", True),
            help="One line per request on standard output (default: on; TAIZHANG_ACCESS_LOG).",
        )
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Start no `taizhang worker` beside gunicorn (run workers on their own).",
        )

    def handle(
        self,
        *args: Any,
        bind: str,
        workers: int | None,
        threads: int,
        keep_alive: int = 75,
        access_log: bool = True,
        no_collectstatic: bool = False,
        no_worker: bool = False,
        **options: Any,
    ) -> None:
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
            "gunicorn"
        )
        if gunicorn is None:
            raise CommandError("gunicorn is not installed.")
        try:
            refuse_development_key()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = workers or default_workers()
        argv = gunicorn_argv(
            gunicorn,
            bind=bind,
            workers=workers,
            threads=threads,
            keep_alive=keep_alive,
            access_log=access_log,
        )
        self.stdout.write(f"Serving on http://{bind}/ with {workers} workers of {threads} threads")
        if not no_worker:
            self.stdout.write("A worker runs the background jobs beside it (taizhang worker).")
        with worker_beside(enabled=not no_worker):
            server = subprocess.Popen(argv)  # noqa: S603 (gunicorn, found above)

            def forward(signum: int, frame: Any) -> None:
                server.send_signal(signum)  # gunicorn stops gracefully; then the worker

            for stop_signal in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                signal.signal(stop_signal, forward)
            code = server.wait()
        if code:
            raise CommandError(f"gunicorn exited with status {code}.")
