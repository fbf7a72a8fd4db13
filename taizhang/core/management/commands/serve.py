"""`taizhang serve`: the production server (gunicorn), after collecting static files, with a
`taizhang worker` beside it for the background jobs (unless --no-worker)."""

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


class Command(BaseCommand):
    help = "Run Taizhang with gunicorn (production). Put it behind an HTTPS proxy."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("TAIZHANG_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("TAIZHANG_WORKERS", "0")) or None,
            help="Worker processes (default: 2 × cores + 1, or TAIZHANG_WORKERS).",
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("TAIZHANG_THREADS", "4"))
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
        no_collectstatic: bool,
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
        workers = workers or (2 * (os.cpu_count() or 1) + 1)
        argv = [
            gunicorn,
            "taizhang.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        self.stdout.write(f"Serving on http://{bind}/ with {workers} workers")
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
