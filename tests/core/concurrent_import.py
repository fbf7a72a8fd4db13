"""An import and sign-ins at once on a real SQLite file, run in a subprocess by
tests/core/test_import_locks.py (the test database is in memory, where SQLite locks otherwise).

    DATABASE_URL=sqlite:////tmp/x.sqlite3 DJANGO_SETTINGS_MODULE=taizhang.settings_test \\
        python -m tests.core.concurrent_import ROWS SECONDS_PER_ROW

Migrates the empty file, makes a small district, then for a dry run and for an import of ROWS
project rows, each row made slower by SECONDS_PER_ROW in the check and again in the write,
tries to take the write lock without waiting and signs a user in five times while the import
runs (once it has passed 100 rows of the phase that matters), and prints, as JSON, whether the
lock was free, how long each sign-in took and how the job ended."""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import django


def main(rows: int, delay: float) -> dict[str, Any]:
    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from taizhang.core import imports
    from taizhang.core.ledgers import get_ledger
    from taizhang.core.models import UnitKind
    from taizhang.core.roles import Role
    from taizhang.projects.ledgers.projects import ProjectLedger
    from taizhang.projects.services import bulk
    from tests.excel_files import write_rows
    from tests.factories import make_unit, make_user

    call_command("migrate", verbosity=0)
    district = make_unit("平城区", UnitKind.DISTRICT, code="140213")
    village = make_unit("西王庄村", UnitKind.VILLAGE, district, code="140213001201")
    office_unit = make_unit("区发改局", UnitKind.DEPARTMENT, district, code="140213100")
    office = make_user("office", Role.PROGRAMME_OFFICE, unit=office_unit)
    make_user("xwz", Role.UNIT_OFFICER, unit=village, password="pass-Word-123")

    check_row, upsert = ProjectLedger.check_row, bulk.upsert_projects

    def slow_check(self: Any, data: Any, context: Any) -> Any:
        time.sleep(delay)
        return check_row(self, data, context)

    def slow_upsert(batch: Any, **options: Any) -> Any:
        time.sleep(delay * len(batch))  # inside the write's transaction
        return upsert(batch, **options)

    ProjectLedger.check_row = slow_check  # type: ignore[method-assign]
    bulk.upsert_projects = slow_upsert  # type: ignore[assignment]

    folder = Path(tempfile.mkdtemp(prefix="concurrent-import-"))
    path = write_rows(
        folder / "projects.xlsx",
        [
            ["项目名称", "项目类别", "责任单位", "总投资（万元）"],
            *([f"项目{n}", "社会民生类", "西王庄村", 100] for n in range(rows)),
        ],
    )
    results: dict[str, Any] = {}
    for mode, phase in (("dry-run", "checking"), ("import", "writing")):
        with path.open("rb") as upload:
            job = imports.create_job(
                ledger=get_ledger("projects"),
                by=office,
                upload=upload,
                file_name=path.name,
                dry_run=mode == "dry-run",
            )

        def run(job: Any = job) -> None:
            try:
                imports.run_job(job)
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            processed, _total, now = imports.read_progress(job)
            if (now == phase and processed >= 100) or not thread.is_alive():
                break
            time.sleep(0.01)
        free = _write_lock_free()
        waits, signed_in = [], []
        for _attempt in range(5):
            started = time.monotonic()
            signed_in.append(Client().login(username="xwz", password="pass-Word-123"))
            waits.append(round(time.monotonic() - started, 3))
            time.sleep(0.1)
        during = thread.is_alive()
        thread.join()
        job.refresh_from_db()
        results[mode] = {
            "waits": waits,
            "signed_in": signed_in,
            "during_import": during,
            "write_lock_free": free,
            "status": job.status,
            "message": job.message,
        }
    connections.close_all()
    return results


def _write_lock_free() -> bool:
    """Whether another connection can take SQLite's write lock right now, without waiting."""
    from django.db import connection

    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), float(sys.argv[2]))))
