"""`taizhang cleanup`: mark failed the jobs whose worker died and remove their files; remove the
files of jobs finished more than TAIZHANG_JOB_RETENTION_DAYS ago (the rows stay); prune the
database queue's finished tasks as old. Safe to run at any time, e.g. daily from cron."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tasks_db import DatabaseBackend

from taizhang.core import jobs


class Command(BaseCommand):
    help = "Fail jobs whose worker died; remove job files after the retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        dead, old = jobs.cleanup()
        for job in dead:
            self.stdout.write(f"Job {job.pk} ({job.file_name}) failed: {job.message}")
        self.stdout.write(
            f"{len(dead)} dead jobs failed; files of {len(old)} jobs finished more than "
            f"{settings.TAIZHANG_JOB_RETENTION_DAYS} days ago removed."
        )
        if isinstance(jobs.queue_backend(), DatabaseBackend):
            call_command(
                "prune_db_task_results",
                min_age_days=settings.TAIZHANG_JOB_RETENTION_DAYS,
                queue_name="*",
                verbosity=options["verbosity"],
            )
