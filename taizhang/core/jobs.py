"""Background jobs (后台任务) on the task queue: starting an import, the worker's sign of life,
and the cleaning up after workers that died and after the retention period.

A job is queued once its row is committed and run by `taizhang worker` (django-tasks: the
database backend, or RQ; settings.TASKS). While it runs, a heartbeat file is touched every
few seconds; a job that is still waiting or running but whose task failed or is gone, or whose
heartbeat stopped for TAIZHANG_JOB_STALE_MINUTES, died with its worker: it is marked failed and
its files are removed (`fail_dead_jobs`). Finished jobs keep their row, the record, but lose
their stored upload, error copy and progress file after TAIZHANG_JOB_RETENTION_DAYS
(`remove_old_files`). `taizhang cleanup` runs both; the worker runs them as it starts and then
every few minutes.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db.transaction import on_commit
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from taizhang.core import imports
from taizhang.core.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30
UNFINISHED = (ImportStatus.PENDING, ImportStatus.RUNNING)
FINISHED = (ImportStatus.SUCCEEDED, ImportStatus.FAILED)


# Starting ---------------------------------------------------------------------------------------


def start_import(job: ImportJob, *, language: str | None = None) -> None:
    """Queue the job once its row is committed: a worker runs it (the web process never does).
    `language` is the one the job's messages are written in (by default the request's)."""
    language = language or translation.get_language()
    on_commit(partial(enqueue_import, job.pk, language))


def enqueue_import(job_id: uuid.UUID, language: str | None) -> None:
    """Put the job on the queue and note its task; a queue that cannot be reached fails the
    job with a message rather than the request."""
    try:
        result = run_import.enqueue(str(job_id), language)
    except Exception:
        logger.exception("import job %s could not be queued", job_id)
        with translation.override(language):
            message = _("The import could not be queued; nothing was imported. Try again later.")
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(
            status=ImportStatus.FAILED, message=message, finished_at=timezone.now()
        )
        return
    ImportJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))


@task(takes_context=True)
def run_import(context: TaskContext, job_id: str, language: str | None) -> str:
    """The task: run one waiting import job (core/imports.py), with a heartbeat. A job that is
    no longer waiting (found dead and failed meanwhile, or run already) is left alone."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.PENDING:
        return str(job.status) if job else "gone"
    if not job.task_id:
        job.task_id = str(context.task_result.id)
        ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    with translation.override(language), heartbeat(job):
        imports.run_job(job)
    return str(job.status)


# Heartbeat --------------------------------------------------------------------------------------


def heartbeat_path(job: ImportJob) -> Path:
    return imports.imports_dir() / f"{job.pk}.heartbeat"


@contextlib.contextmanager
def heartbeat(job: ImportJob) -> Iterator[None]:
    """While the block runs, touch the job's heartbeat file every HEARTBEAT_SECONDS from a
    thread of its own (a long step of the import reports no progress for a while); the file
    goes when the block ends. A file, not a column: on SQLite the import's transaction may hold
    the write lock."""
    path = heartbeat_path(job)
    stop = threading.Event()

    def beat() -> None:
        while True:
            path.touch()
            if stop.wait(HEARTBEAT_SECONDS):
                return

    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    path.touch()
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        path.unlink(missing_ok=True)


def last_sign_of_life(job: ImportJob) -> datetime:
    """When the job's worker last touched its heartbeat, or else when the job was made."""
    try:
        mtime = heartbeat_path(job).stat().st_mtime
    except OSError:
        return job.created_at
    return max(job.created_at, datetime.fromtimestamp(mtime, tz=timezone.get_current_timezone()))


# Cleaning up ------------------------------------------------------------------------------------


def job_files(job: ImportJob) -> list[Path]:
    """Every file a job has on disk: its stored upload, error copy, progress and heartbeat."""
    folder = imports.imports_dir()
    files = set(folder.glob(f"{job.pk}.*"))
    if job.stored_path:
        stored = Path(job.stored_path)
        if stored.parent.resolve() == folder.resolve():
            files.add(stored)
    return sorted(path for path in files if path.is_file())


def remove_job_files(job: ImportJob) -> int:
    """Remove the job's files and note when; returns how many there were."""
    files = job_files(job)
    for path in files:
        path.unlink(missing_ok=True)
    job.files_removed_at = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(files_removed_at=job.files_removed_at)
    return len(files)


def queue_backend() -> BaseTaskBackend:
    """The task queue's backend the jobs run on (settings.TASKS)."""
    return run_import.get_backend()


def _task_status(job: ImportJob) -> str | None:
    """The task's status as the queue reports it: None when the queue cannot tell, "gone"
    when it has no such task."""
    backend = queue_backend()
    if not job.task_id or not backend.supports_get_result:
        return None
    try:
        return str(backend.get_result(job.task_id).status)
    except TaskResultDoesNotExist:
        return "gone"


def dead_reason(job: ImportJob, *, now: datetime | None = None) -> str:
    """Why a waiting or running job is dead, or "" while it may still be alive: its task failed
    or ended without finishing it, or is gone from the queue; it runs without a heartbeat; it
    waits without a task."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.TAIZHANG_JOB_STALE_MINUTES)
    status = _task_status(job)
    if status == "gone":
        return _("Its task is no longer in the queue.")
    if status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        return _("Its worker stopped before the job ended.")
    if job.status == ImportStatus.RUNNING and last_sign_of_life(job) < stale:
        minutes = settings.TAIZHANG_JOB_STALE_MINUTES
        return ngettext(
            "Its worker gave no sign of life for %(minutes)d minute.",
            "Its worker gave no sign of life for %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    if job.status == ImportStatus.PENDING and not job.task_id and job.created_at < stale:
        return _("It was never queued.")
    return ""


def fail_dead_jobs(*, now: datetime | None = None) -> list[ImportJob]:
    """Mark failed every waiting or running job whose worker died (`dead_reason`), take back
    what it had written (`undo_written_batches`) and remove its files. The message is in the
    site's language (the person's is not known here)."""
    failed = []
    for job in ImportJob.objects.filter(status__in=UNFINISHED).order_by("created_at"):
        with translation.override(settings.LANGUAGE_CODE):
            reason = dead_reason(job, now=now)
            message = _(
                "The import stopped: %(reason)s Nothing was imported; upload the file again."
            )
        if not reason:
            continue
        job.message = (message % {"reason": reason})[:500]
        job.status, job.finished_at = ImportStatus.FAILED, timezone.now()
        changed = ImportJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(
            status=job.status, message=job.message, finished_at=job.finished_at
        )
        if changed and undo_written_batches(job):  # unless it finished meanwhile
            remove_job_files(job)
            _fail_database_task(job, reason)
            logger.warning("import job %s failed: %s", job.pk, reason)
            failed.append(job)
    return failed


def undo_written_batches(job: ImportJob) -> bool:
    """On PostgreSQL a dead import's one transaction died with it; on SQLite it wrote in short
    transactions, and its journal says what they committed: undo that before the files go.
    False (files and journal kept, the job's message says so) when the undo itself fails."""
    try:
        imports.undo_unfinished(job)
    except Exception:
        logger.exception("import job %s: undoing its written batches failed", job.pk)
        with translation.override(settings.LANGUAGE_CODE):
            job.message = _(
                "The import stopped and what it had written could not be taken back; an "
                "administrator can retry with `taizhang cleanup`. Journal: %(path)s"
            ) % {"path": imports.journal_path(job)}
        ImportJob.objects.filter(pk=job.pk).update(message=job.message[:500])
        return False
    return True


def _fail_database_task(job: ImportJob, reason: str) -> None:
    """The database queue keeps the task of a killed worker as running for ever: end it too,
    so that it is pruned with the others."""
    if not job.task_id or not isinstance(queue_backend(), DatabaseBackend):
        return
    DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="taizhang.core.jobs.WorkerDied",
        traceback=reason,
    )


def remove_old_files(*, now: datetime | None = None) -> list[ImportJob]:
    """Remove the files of jobs that finished more than TAIZHANG_JOB_RETENTION_DAYS ago; their
    rows stay, as the record."""
    now = now or timezone.now()
    before = now - timedelta(days=settings.TAIZHANG_JOB_RETENTION_DAYS)
    jobs = list(
        ImportJob.objects.filter(
            status__in=FINISHED, finished_at__lt=before, files_removed_at__isnull=True
        )
    )
    jobs = [job for job in jobs if not imports.journal_path(job).exists()]  # see retry_undos
    for job in jobs:
        remove_job_files(job)
    return jobs


def retry_undos() -> list[ImportJob]:
    """Failed jobs whose undo failed keep their journal (`undo_written_batches`): try again,
    and remove their files once it succeeds."""
    done = []
    for job in ImportJob.objects.filter(
        status=ImportStatus.FAILED, files_removed_at__isnull=True
    ).order_by("created_at"):
        if imports.journal_path(job).exists() and undo_written_batches(job):
            remove_job_files(job)
            done.append(job)
    return done


def remove_orphan_files(*, now: datetime | None = None) -> list[Path]:
    """Remove files of the imports folder older than the retention period that belong to no
    job (its row was deleted with its user, or its upload never became a job)."""
    now = now or timezone.now()
    before = (now - timedelta(days=settings.TAIZHANG_JOB_RETENTION_DAYS)).timestamp()
    old: dict[uuid.UUID, list[Path]] = {}
    for path in imports.imports_dir().iterdir():
        try:
            job_id = uuid.UUID(path.name.split(".", 1)[0])
        except ValueError:
            continue
        if path.is_file() and path.stat().st_mtime < before:
            old.setdefault(job_id, []).append(path)
    known = set(ImportJob.objects.filter(pk__in=old).values_list("pk", flat=True))
    removed = [path for job_id, paths in old.items() if job_id not in known for path in paths]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def cleanup(*, now: datetime | None = None) -> tuple[list[ImportJob], list[ImportJob]]:
    """Every clean-up: (jobs found dead, jobs whose files were removed after retention); the
    files of no job go too."""
    dead = fail_dead_jobs(now=now)
    retry_undos()
    old = remove_old_files(now=now)
    remove_orphan_files(now=now)
    return dead, old
