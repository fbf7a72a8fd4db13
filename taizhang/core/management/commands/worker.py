"""`taizhang worker`: run the background jobs of the configured task queue (README,
"Background jobs"): the database backend's worker, or RQ's when a Redis URL is configured.

As it starts, and then every few minutes, it also does `taizhang cleanup`'s work: jobs whose
worker died are marked failed, and finished jobs' files are removed after the retention period."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django_tasks_db import DatabaseBackend

from taizhang.core import jobs

logger = logging.getLogger(__name__)


def is_rq(backend: object) -> bool:
    """Whether the backend is RQ's (the optional `rq` extra)."""
    try:
        from django_tasks_rq import RQBackend
    except ImportError:
        return False
    return isinstance(backend, RQBackend)


class Command(BaseCommand):
    help = "Run the background jobs (imports) of the configured task queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="run the jobs waiting now, then exit"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between looks at an empty database queue (default 1)",
        )
        parser.add_argument(
            "--cleanup-minutes",
            type=float,
            default=5.0,
            help="minutes between clean-ups of dead jobs and old files (default 5)",
        )

    def handle(
        self, *args: Any, batch: bool, interval: float, cleanup_minutes: float, **options: Any
    ) -> None:
        backend = jobs.queue_backend()
        self.clean_up()
        stop = threading.Event()
        if not batch:
            threading.Thread(
                target=self.clean_up_every,
                args=(cleanup_minutes * 60, stop),
                name="cleanup",
                daemon=True,
            ).start()
        try:
            if isinstance(backend, DatabaseBackend):
                call_command(
                    "db_worker",
                    batch=batch,
                    interval=interval,
                    reload=False,
                    startup_delay=False,
                    verbosity=options["verbosity"],
                )
            elif is_rq(backend):
                call_command("rqworker", "default", job_class="django_tasks_rq.Job", burst=batch)
            else:
                raise CommandError(
                    f"The task backend {type(backend).__name__} has no worker to run: "
                    "set TASKS to the database backend or TAIZHANG_TASKS_REDIS_URL."
                )
        finally:
            stop.set()

    def clean_up(self) -> None:
        """Fail dead jobs and remove old files; a failure is logged, never stops the worker."""
        try:
            dead, old = jobs.cleanup()
        except Exception:
            logger.exception("the clean-up of jobs failed")
            return
        for job in dead:
            self.stdout.write(f"Job {job.pk} failed: {job.message}")
        if old:
            self.stdout.write(f"Files of {len(old)} finished jobs removed after retention.")

    def clean_up_every(self, seconds: float, stop: threading.Event) -> None:
        while not stop.wait(seconds):
            self.clean_up()
            connections.close_all()  # this thread's own connections
