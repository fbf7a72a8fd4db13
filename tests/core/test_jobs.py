"""Background jobs on the task queue: the web request only queues an import, `taizhang worker`
runs it; jobs whose worker died are failed and their files removed; finished jobs' files go
after the retention period; the queue is chosen by the settings."""

import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from taizhang.core import imports, jobs
from taizhang.core.management.commands import _worker_process
from taizhang.core.models import ImportJob, ImportStatus, Unit
from taizhang.settings import task_queue
from tests.conftest import client_for
from tests.excel_files import UNIT_HEADERS, write_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_ROW = ["140213007", "新街道", "街道", "140213"]


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def upload(client, tmp_path, rows=None):
    path = write_rows(tmp_path / "u.xlsx", rows or [UNIT_HEADERS, NEW_ROW])
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX)}
    return client.post(reverse("ledger-import", args=["units"]), data)


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_worker():
    """`taizhang worker --batch` in this process, leaving the test's signal handlers as they
    were (the database worker sets its own) and the test's connection open (the worker closes
    connections it finds inside a transaction, as the test's is)."""
    names = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {name: signal.getsignal(name) for name in names}
    try:
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            return run("worker", "--batch")
    finally:
        for name, handler in handlers.items():
            signal.signal(name, handler)


def job_with_files(user, *, status, age=timedelta(hours=1), **fields) -> ImportJob:
    """A job made `age` ago with every file a job can have."""
    made = timezone.now() - age
    job = ImportJob.objects.create(
        ledger="units", user=user, file_name="u.xlsx", status=status, created_at=made, **fields
    )
    stored = imports.imports_dir() / f"{job.pk}.xlsx"
    stored.write_bytes(b"upload")
    job.stored_path = str(stored)
    job.save(update_fields=["stored_path"])
    imports.progress_path(job).write_text(json.dumps({"processed": 1, "total": 2, "phase": "x"}))
    imports.error_copy_path(job).write_bytes(b"copy")
    jobs.heartbeat_path(job).touch()
    return job


def set_heartbeat(job, minutes_ago):
    moment = time.time() - minutes_ago * 60
    os.utime(jobs.heartbeat_path(job), (moment, moment))


@pytest.mark.django_db
class TestQueue:
    def test_the_web_request_only_queues_the_import_and_the_worker_runs_it(
        self, district, as_admin, database_queue, tmp_path
    ):
        response = upload(as_admin, tmp_path)
        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert job.status == ImportStatus.PENDING
        assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.READY
        assert not Unit.objects.filter(code=NEW_ROW[0]).exists()
        page = as_admin.get(response.url).content.decode()
        assert "Waiting to start" in page and "hx-trigger" in page

        run_worker()
        job.refresh_from_db()
        assert job.status == ImportStatus.SUCCEEDED
        assert Unit.objects.filter(code=NEW_ROW[0]).exists()
        assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL
        assert not jobs.heartbeat_path(job).exists()

    def test_the_api_answers_with_the_waiting_job(self, district, people, database_queue, tmp_path):
        path = write_rows(tmp_path / "u.xlsx", [UNIT_HEADERS, NEW_ROW])
        with path.open("rb") as file:
            response = client_for(people.admin).post(
                "/api/v1/ledgers/units/imports", {"file": file, "dry_run": "false"}
            )
        assert response.status_code == 202
        assert response.json()["status"] == "pending"
        assert not Unit.objects.filter(code=NEW_ROW[0]).exists()

    def test_the_task_is_queued_only_once_the_job_row_commits(
        self, district, as_admin, database_queue, tmp_path, monkeypatch,
        django_capture_on_commit_callbacks,
    ):  # fmt: skip
        monkeypatch.setattr(jobs, "on_commit", transaction.on_commit)
        with django_capture_on_commit_callbacks(execute=True):
            upload(as_admin, tmp_path)
            assert ImportJob.objects.count() == 1
            assert not DBTaskResult.objects.exists()
        assert DBTaskResult.objects.count() == 1
        assert ImportJob.objects.get().task_id

    def test_a_queue_out_of_reach_fails_the_job_with_a_message(
        self, district, as_admin, tmp_path, monkeypatch
    ):
        def refuse(*args):
            raise ConnectionError("no queue")

        monkeypatch.setattr(jobs, "run_import", SimpleNamespace(enqueue=refuse))
        response = upload(as_admin, tmp_path)
        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert job.status == ImportStatus.FAILED
        assert "could not be queued" in job.message

    def test_the_worker_leaves_a_job_that_no_longer_waits(
        self, district, as_admin, database_queue, tmp_path
    ):
        upload(as_admin, tmp_path)
        ImportJob.objects.update(status=ImportStatus.FAILED, message="failed meanwhile")
        run_worker()
        assert ImportJob.objects.get().message == "failed meanwhile"
        assert not Unit.objects.filter(code=NEW_ROW[0]).exists()

    def test_the_worker_refuses_a_backend_it_cannot_run(self, db):
        with pytest.raises(CommandError, match="ImmediateBackend has no worker"):
            run("worker", "--batch")

    def test_the_worker_runs_rq_when_the_queue_is_on_redis(self, db, settings, monkeypatch):
        pytest.importorskip("django_tasks_rq")
        from taizhang.core.management.commands import worker

        settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6399/0"}}
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
        calls = []
        monkeypatch.setattr(worker, "call_command", lambda *a, **kw: calls.append((a, kw)))
        monkeypatch.setattr(jobs, "cleanup", lambda: ([], []))
        run("worker", "--batch")
        assert calls == [
            (("rqworker", "default"), {"job_class": "django_tasks_rq.Job", "burst": True})
        ]

    def test_the_heartbeat_file_lives_as_long_as_the_job_runs(self, people):
        job = ImportJob.objects.create(ledger="units", user=people.admin, file_name="u.xlsx")
        with jobs.heartbeat(job):
            assert jobs.heartbeat_path(job).exists()
        assert not jobs.heartbeat_path(job).exists()


@pytest.mark.django_db
class TestDeadJobs:
    def test_a_running_job_without_a_heartbeat_for_too_long_fails_and_loses_its_files(
        self, people, settings
    ):
        job = job_with_files(people.admin, status=ImportStatus.RUNNING)
        set_heartbeat(job, settings.TAIZHANG_JOB_STALE_MINUTES + 1)
        files = jobs.job_files(job)
        assert len(files) == 4
        output = run("cleanup")
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED and job.finished_at
        assert "no sign of life for 10 minutes" in job.message
        assert "upload the file again" in job.message
        assert str(job.pk) in output
        assert not any(path.exists() for path in files)
        assert job.files_removed_at is not None

    def test_the_database_queue_ends_the_task_of_a_worker_that_was_killed(
        self, people, database_queue, settings
    ):
        job = job_with_files(people.admin, status=ImportStatus.RUNNING)
        result = jobs.run_import.enqueue(str(job.pk), "en")
        DBTaskResult.objects.get(id=result.id).claim("killed-worker")
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
        set_heartbeat(job, settings.TAIZHANG_JOB_STALE_MINUTES + 1)
        assert [dead.pk for dead in jobs.fail_dead_jobs()] == [job.pk]
        task = DBTaskResult.objects.get(id=result.id)
        assert task.status == TaskResultStatus.FAILED and "no sign of life" in task.traceback

    def test_a_running_job_with_a_recent_heartbeat_is_left_alone(self, people):
        job = job_with_files(people.admin, status=ImportStatus.RUNNING)
        set_heartbeat(job, 2)
        run("cleanup")
        job.refresh_from_db()
        assert job.status == ImportStatus.RUNNING
        assert Path(job.stored_path).exists()

    def test_a_job_whose_worker_was_killed_mid_import_fails(
        self, district, as_admin, database_queue, tmp_path, monkeypatch
    ):
        """The worker stopped by force (a second SIGTERM raises SystemExit in the task): the
        queue marks the task failed; the job, left running, is failed by the next check."""
        upload(as_admin, tmp_path)
        job = ImportJob.objects.get()

        def killed(job, **kwargs):
            job.status = ImportStatus.RUNNING
            job.save(update_fields=["status"])
            raise SystemExit(1)

        monkeypatch.setattr(imports, "run_job", killed)
        run_worker()  # the worker that is killed
        run_worker()  # the next one, which checks as it starts
        job.refresh_from_db()
        assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.FAILED
        assert job.status == ImportStatus.FAILED
        assert "worker stopped before the job ended" in job.message
        assert not Path(job.stored_path).exists()
        assert not Unit.objects.filter(code=NEW_ROW[0]).exists()

    def test_a_waiting_job_whose_task_is_gone_fails(self, people, database_queue):
        job = job_with_files(people.admin, status=ImportStatus.PENDING, task_id=str(uuid.uuid4()))
        jobs.fail_dead_jobs()
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED
        assert "no longer in the queue" in job.message

    def test_a_job_waiting_in_the_queue_for_a_worker_is_left_alone(
        self, district, as_admin, database_queue, tmp_path
    ):
        upload(as_admin, tmp_path)
        ImportJob.objects.update(created_at=timezone.now() - timedelta(days=1))
        assert jobs.fail_dead_jobs() == []
        assert ImportJob.objects.get().status == ImportStatus.PENDING

    def test_a_waiting_job_that_was_never_queued_fails(self, people):
        job = job_with_files(people.admin, status=ImportStatus.PENDING)
        jobs.fail_dead_jobs()
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED
        assert "never queued" in job.message

    def test_the_worker_fails_dead_jobs_as_it_starts(self, people, database_queue, settings):
        job = job_with_files(people.admin, status=ImportStatus.RUNNING)
        set_heartbeat(job, settings.TAIZHANG_JOB_STALE_MINUTES + 5)
        output = run_worker()
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED
        assert f"Job {job.pk} failed" in output

    def test_a_job_that_finished_meanwhile_is_not_failed(self, people, monkeypatch):
        job = job_with_files(people.admin, status=ImportStatus.RUNNING)

        def finished_meanwhile(job, **kwargs):
            ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.SUCCEEDED)
            return "It died."

        monkeypatch.setattr(jobs, "dead_reason", finished_meanwhile)
        assert jobs.fail_dead_jobs() == []
        job.refresh_from_db()
        assert job.status == ImportStatus.SUCCEEDED
        assert Path(job.stored_path).exists()


@pytest.mark.django_db
class TestRetention:
    def finished(self, people, days):
        return job_with_files(
            people.admin,
            status=ImportStatus.FAILED,
            age=timedelta(days=days),
            finished_at=timezone.now() - timedelta(days=days),
            error_count=2,
            errors=[{"row": 3, "column": "名称", "message": "必填"}],
        )

    def test_files_of_jobs_finished_before_the_retention_period_are_removed(self, people):
        old, recent = self.finished(people, 31), self.finished(people, 29)
        old_files = jobs.job_files(old)
        output = run("cleanup")
        assert "files of 1 jobs finished more than 30 days ago removed" in output
        assert not any(path.exists() for path in old_files)
        assert len(jobs.job_files(recent)) == 4
        old.refresh_from_db()
        recent.refresh_from_db()
        assert old.files_removed_at and not recent.files_removed_at
        assert old.error_count == 2 and old.errors  # the record stays

    def test_old_files_of_no_job_are_removed_and_recent_ones_kept(self, people):
        folder = imports.imports_dir()
        orphan, recent, other = (
            folder / f"{uuid.uuid4()}.xlsx",
            folder / f"{uuid.uuid4()}.xlsx",
            folder / "README.txt",
        )
        for path in (orphan, recent, other):
            path.write_bytes(b"x")
        moment = time.time() - 31 * 86400
        os.utime(orphan, (moment, moment))
        os.utime(other, (moment, moment))
        job = self.finished(people, 1)
        for path in jobs.job_files(job):
            os.utime(path, (moment, moment))
        run("cleanup")
        assert not orphan.exists()
        assert recent.exists() and other.exists() and len(jobs.job_files(job)) == 4

    def test_the_retention_period_is_a_setting(self, people, settings):
        settings.TAIZHANG_JOB_RETENTION_DAYS = 7
        job = self.finished(people, 8)
        assert jobs.remove_old_files() == [job]

    def test_the_job_page_says_the_error_copy_was_removed_instead_of_linking_it(
        self, people, as_admin
    ):
        job = self.finished(people, 31)
        url = reverse("import-job", args=[job.pk])
        errors_url = reverse("import-job-errors", args=[job.pk])
        assert errors_url in as_admin.get(url).content.decode()
        run("cleanup")
        page = as_admin.get(url).content.decode()
        assert errors_url not in page
        assert "The file with an error column was removed after 30 days." in page
        assert "<td>3</td><td>名称</td>" in page
        assert as_admin.get(errors_url).status_code == 404
        api = client_for(people.admin).get(f"/api/v1/imports/{job.pk}").json()
        assert api["files_removed_at"] and api["error_count"] == 2

    def test_the_cleanup_prunes_old_finished_tasks_of_the_database_queue(
        self, people, database_queue
    ):
        result = jobs.run_import.enqueue(str(uuid.uuid4()), "en")
        DBTaskResult.objects.filter(id=result.id).update(
            status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - timedelta(days=40)
        )
        run("cleanup")
        assert not DBTaskResult.objects.exists()


class TestSettings:
    def test_the_database_backend_is_the_default(self):
        tasks, rq_queues = task_queue("")
        assert tasks["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
        assert rq_queues == {}

    def test_a_redis_url_chooses_rq(self, monkeypatch):
        monkeypatch.setattr("taizhang.settings.find_spec", lambda name: object())
        tasks, rq_queues = task_queue("redis://queue.internal:6379/2")
        assert tasks["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
        assert rq_queues["default"]["URL"] == "redis://queue.internal:6379/2"
        assert rq_queues["default"]["DEFAULT_TIMEOUT"] >= 3600

    def test_a_redis_url_without_the_rq_extra_says_what_to_install(self, monkeypatch):
        from django.core.exceptions import ImproperlyConfigured

        monkeypatch.setattr("taizhang.settings.find_spec", lambda name: None)
        with pytest.raises(ImproperlyConfigured, match=r"taizhang\[rq\]"):
            task_queue("redis://queue.internal:6379/2")

    def test_the_environment_variable_reaches_the_settings(self):
        env = {**os.environ, "TAIZHANG_TASKS_REDIS_URL": "redis://queue.internal:6379/2"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        code = (
            "from taizhang import settings as s; "
            "print(s.TASKS['default']['BACKEND'], 'django_rq' in s.INSTALLED_APPS)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
        )
        try:
            import django_tasks_rq  # noqa: F401
        except ImportError:
            assert "taizhang[rq]" in result.stderr
        else:
            assert result.stdout.split() == ["django_tasks_rq.RQBackend", "True"]


class TestWorkerBeside:
    def test_it_starts_the_worker_restarts_it_when_it_dies_and_stops_it_after(self, monkeypatch):
        sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
        monkeypatch.setattr(_worker_process, "worker_command", lambda: sleeper)
        monkeypatch.setattr(_worker_process, "RESTART_SECONDS", 0.05)
        with _worker_process.worker_beside() as worker:
            first = worker.process
            assert first.poll() is None
            first.kill()
            first.wait()
            for _attempt in range(100):
                if worker.process is not first:
                    break
                time.sleep(0.05)
            second = worker.process
            assert second is not first and second.poll() is None
        assert second.poll() is not None

    def test_nothing_is_started_when_it_is_not_wanted(self, monkeypatch):
        monkeypatch.setattr(_worker_process.subprocess, "Popen", pytest.fail)
        with _worker_process.worker_beside(enabled=False) as worker:
            assert worker is None
