"""An import does not hold SQLite's write lock for its whole run, and stays all or nothing
when it writes in short transactions (core/import_batches.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from taizhang.core import audit, import_batches, imports, jobs
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import AuditAction, AuditEntry, ImportStatus
from taizhang.projects.models import PlanProgress, Project, StageEvent, YearPlan
from taizhang.projects.services import bulk
from tests.excel_files import write_rows
from tests.projects.factories import make_project

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ["项目名称", "项目类别", "项目阶段", "责任单位", "配合部门", "总投资（万元）", "年度"]


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite's lock"
)
def test_a_sign_in_during_an_import_or_a_dry_run_waits_less_than_two_seconds(tmp_path):
    """A real SQLite file, in a subprocess: the test database is in memory, where SQLite
    locks otherwise. Each of the 400 rows takes 5 ms more to check and 5 ms more to write, so
    an import in one transaction would keep the lock about 4 s."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'locks.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "taizhang.settings_test",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.core.concurrent_import", "400", "0.005"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    results = json.loads(done.stdout.strip().splitlines()[-1])
    dry, real = results["dry-run"], results["import"]
    assert dry["write_lock_free"], "a dry run must not take the write lock"
    for result in (dry, real):
        assert result["during_import"], "the sign-ins ran after the import ended"
        assert all(result["signed_in"])
        assert max(result["waits"]) < 2, result
        assert result["status"] == ImportStatus.SUCCEEDED, result["message"]
    assert "Imported 400 rows" in real["message"]


def everything():
    """Every row an import of projects may write, as stored, and the audit entries."""
    tables = {
        model.__name__: [audit.snapshot(record) for record in model.objects.order_by("pk")]
        for model in (Project, YearPlan, PlanProgress, StageEvent)
    }
    tables["co_departments"] = sorted(
        Project.co_departments.through.objects.values_list("project_id", "unit_id")
    )
    return tables


@pytest.fixture
def one_row_batches(monkeypatch, settings):
    """Every batch a single row, in its own (short) transaction, on either engine."""
    monkeypatch.setattr(import_batches, "FIRST_BATCH", 1)
    monkeypatch.setattr(import_batches, "PAUSE", 0)
    monkeypatch.setattr(imports, "short_write_transactions", lambda: True)
    settings.TAIZHANG_IMPORT_BATCH_SECONDS = 1e-9


def import_file(path: Path, user, *, dry_run: bool = False):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger("projects"), by=user, upload=upload, file_name=path.name,
            dry_run=dry_run,
        )  # fmt: skip
    return imports.run_job(job)


@pytest.mark.django_db
class TestAllOrNothingInShortTransactions:
    @pytest.fixture
    def sheet(self, district, people, tmp_path):
        self.existing = make_project(district.xiwangzhuang, name="老项目")
        self.existing.co_departments.set([district.fagaiju])
        path = write_rows(
            tmp_path / "projects.xlsx",
            [
                HEADERS,
                ["新项目甲", "产业类", "年度建设", "西王庄村", "区发改局", 100, 2024],
                ["老项目", "社会民生类", None, "西王庄村", "白登山街道", 250, 2024],
                ["新项目乙", "社会民生类", None, "塔儿村", None, 80, 2024],
                ["新项目丙", "基础设施类", None, "古城村", "区发改局、古城村", 60, None],
                ["新项目丁", "基础设施类", None, "古城村", None, 70, 2024],
            ],
        )
        return path

    def test_it_imports_every_row_batch_by_batch(self, people, sheet, one_row_batches):
        job = import_file(sheet, people.office)
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        assert (job.created_count, job.updated_count) == (4, 1)
        self.existing.refresh_from_db()
        assert self.existing.total_investment_wan == 250
        assert YearPlan.objects.filter(year=2024).count() == 4

    @pytest.mark.parametrize("failure", ["refused", "crash"])
    def test_a_later_batch_failing_undoes_the_committed_ones(
        self, people, sheet, one_row_batches, monkeypatch, failure
    ):
        before = everything()
        audit_before = AuditEntry.objects.count()
        upsert = bulk.upsert_projects

        def fail_on_the_last_row(rows, **options):
            if rows[0].row == 6:
                if failure == "crash":
                    raise RuntimeError("the disk is full")
                raise bulk.BulkRowError(6, "refused by the service")
            return upsert(rows, **options)

        monkeypatch.setattr(bulk, "upsert_projects", fail_on_the_last_row)
        job = import_file(sheet, people.office)
        assert job.status == ImportStatus.FAILED
        assert "nothing was imported" in job.message
        assert everything() == before
        if failure == "refused":
            assert [(e["row"], e["message"]) for e in job.errors] == [(6, "refused by the service")]
        # The four batches written were undone, each change audited in turn.
        entries = list(AuditEntry.objects.order_by("pk")[audit_before:])
        written = [e for e in entries if e.reason == "Excel import"]
        undone = [e for e in entries if e.reason == "Excel import undone"]
        assert len(written) == len(undone) == 7  # 3 projects and 3 plans created, 1 updated
        for entry in written:
            last = [e for e in undone if (e.content_type_id, e.object_id) == (
                entry.content_type_id, entry.object_id
            )]  # fmt: skip
            assert len(last) == 1
            if entry.action == AuditAction.CREATE:
                assert last[0].action == AuditAction.DELETE
            else:
                assert last[0].after == entry.before

    def test_an_import_whose_process_died_is_undone_from_its_journal(
        self, people, sheet, one_row_batches, monkeypatch
    ):
        before = everything()
        job = die_while_writing(sheet, people.office, monkeypatch)
        assert Project.objects.filter(name__startswith="新项目").count() == 3
        assert imports.undo_unfinished(job)
        assert everything() == before
        assert not imports.journal_path(job).exists()
        assert not imports.undo_unfinished(job)

    def test_the_clean_up_of_a_dead_import_takes_back_what_it_wrote(
        self, people, sheet, one_row_batches, monkeypatch, settings
    ):
        before = everything()
        job = die_while_writing(sheet, people.office, monkeypatch)
        imports.ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
        later = timezone.now() + timedelta(minutes=settings.TAIZHANG_JOB_STALE_MINUTES + 1)
        assert [dead.pk for dead in jobs.fail_dead_jobs(now=later)] == [job.pk]
        assert everything() == before
        assert not imports.journal_path(job).exists()

    def test_a_dead_import_whose_undo_fails_keeps_its_journal_until_a_retry_succeeds(
        self, people, sheet, one_row_batches, monkeypatch
    ):
        def undo_fails(writer):
            raise RuntimeError("disk full")

        before = everything()
        job = die_while_writing(sheet, people.office, monkeypatch)
        imports.ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED)
        monkeypatch.setattr(import_batches.BatchWriter, "undo", undo_fails)
        assert jobs.retry_undos() == []
        job.refresh_from_db()
        assert "could not be taken back" in job.message
        assert imports.journal_path(job).exists() and job.files_removed_at is None
        monkeypatch.setattr(import_batches.BatchWriter, "undo", UNDO)
        assert [done.pk for done in jobs.retry_undos()] == [job.pk]
        assert everything() == before
        assert not imports.journal_path(job).exists()

    def test_a_field_someone_changed_since_keeps_their_value(
        self, people, sheet, one_row_batches, monkeypatch
    ):
        upsert = bulk.upsert_projects

        def someone_edits_then_a_row_is_refused(rows, **options):
            if rows[0].row == 5:  # between the update (row 3) and the refusal
                Project.objects.filter(pk=self.existing.pk).update(total_investment_wan=999)
            if rows[0].row == 6:
                raise bulk.BulkRowError(6, "refused by the service")
            return upsert(rows, **options)

        monkeypatch.setattr(bulk, "upsert_projects", someone_edits_then_a_row_is_refused)
        job = import_file(sheet, people.office)
        assert job.status == ImportStatus.FAILED
        assert "1 records or values that others changed" in job.message
        self.existing.refresh_from_db()
        assert self.existing.total_investment_wan == 999
        assert not Project.objects.filter(name__startswith="新项目").exists()

    @pytest.fixture
    def checked_names(self, monkeypatch) -> list[str]:
        """The names of the rows `check_row` checks, in the order it checks them."""
        ledger = type(get_ledger("projects"))
        names: list[str] = []
        check_row = ledger.check_row

        def count(ledger, data, context):
            names.append(data["name"])
            return check_row(ledger, data, context)

        monkeypatch.setattr(ledger, "check_row", count)
        return names

    def test_the_write_pass_takes_the_checked_rows_without_checking_them_again(
        self, people, sheet, one_row_batches, checked_names
    ):
        job = import_file(sheet, people.office)
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        assert checked_names == ["新项目甲", "老项目", "新项目乙", "新项目丙", "新项目丁"]
        assert Project.objects.filter(name__startswith="新项目").count() == 4

    def test_a_ledger_whose_write_does_not_check_again_is_checked_again_when_written(
        self, people, sheet, one_row_batches, checked_names, monkeypatch
    ):
        monkeypatch.setattr(type(get_ledger("projects")), "write_checks_again", False)
        job = import_file(sheet, people.office)
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        assert len(checked_names) == 10  # the check pass and the write pass

    def test_a_dry_run_writes_in_no_transaction(self, people, sheet, monkeypatch):
        inside = []
        check_row = type(get_ledger("projects")).check_row
        test_transactions = len(connection.savepoint_ids)  # the test's own, if any

        def watch(ledger, data, context):
            inside.append(len(connection.savepoint_ids) > test_transactions)
            return check_row(ledger, data, context)

        monkeypatch.setattr(type(get_ledger("projects")), "check_row", watch)
        job = import_file(sheet, people.office, dry_run=True)
        assert job.status == ImportStatus.SUCCEEDED
        assert inside and not any(inside)


UNDO = import_batches.BatchWriter.undo


def die_while_writing(sheet: Path, user, monkeypatch) -> imports.ImportJob:
    """Import the sheet (one row a batch) as a process killed while writing row 6 would: the
    earlier batches are committed and nothing undoes them."""
    upsert = bulk.upsert_projects

    def die_on_the_last_row(rows, **options):
        if rows[0].row == 6:
            raise SystemExit("killed")
        return upsert(rows, **options)

    monkeypatch.setattr(bulk, "upsert_projects", die_on_the_last_row)
    monkeypatch.setattr(import_batches.BatchWriter, "undo", lambda writer: None)
    with pytest.raises(SystemExit):
        import_file(sheet, user)
    monkeypatch.setattr(bulk, "upsert_projects", upsert)
    monkeypatch.setattr(import_batches.BatchWriter, "undo", UNDO)
    return imports.ImportJob.objects.get()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL's locks"
)
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_sign_in_never_waits_for_an_import(district, people, tmp_path, monkeypatch):
    """One transaction for the whole import, which locks only the rows it writes: a sign-in
    in the middle of it (another connection) takes as long as without it."""
    upsert = bulk.upsert_projects

    def slow_upsert(rows, **options):
        time.sleep(0.005 * len(rows))
        return upsert(rows, **options)

    monkeypatch.setattr(bulk, "upsert_projects", slow_upsert)
    path = write_rows(
        tmp_path / "projects.xlsx",
        [
            HEADERS,
            *([f"项目{n}", "社会民生类", None, "西王庄村", None, 100, None] for n in range(400)),
        ],
    )
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger("projects"), by=people.office, upload=upload,
            file_name=path.name, dry_run=False,
        )  # fmt: skip

    def run() -> None:
        try:
            imports.run_job(job)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 60
    while imports.read_progress(job)[0] < 100 and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    waits = []
    for _attempt in range(3):
        started = time.monotonic()
        assert Client().login(username="xwz", password="pass-Word-123")
        waits.append(time.monotonic() - started)
    during = thread.is_alive()
    thread.join()
    job.refresh_from_db()
    assert during and job.status == ImportStatus.SUCCEEDED, job.message
    assert max(waits) < 0.5, waits
