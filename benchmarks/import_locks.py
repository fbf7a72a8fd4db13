"""How long others wait to write while a big import runs (issue 10, defect 3).

    .venv/bin/python benchmarks/import_locks.py [--projects 100000] [--every 0.1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/...

In a throw-away database (a temporary SQLite file, or a fresh PostgreSQL database as
`projects_bench.py` makes one), loads the demo district and writes the district-style xlsx of
`projects_bench.py`, then runs the real import job of --projects rows in one thread while
another, every --every seconds, alternately signs a user in (the test client's login: session,
last login, audit) and saves an org unit through its service (audited). Prints the import's
time, its batches (how many, the longest transaction) and, for each phase of the import
(checking, writing), how many sign-ins and saves ran and the longest, the 99th percentile and
the median wait. With --fail the service refuses the last row, so every batch written is undone
(in short transactions too): the figures then include the undo.

Never run as a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))

from benchmarks import projects_bench  # noqa: E402


def measure(rows: int, every: float, fail: bool) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="taizhang-locks-"))
    env, database = projects_bench.make_database(folder)
    try:
        prepared = projects_bench.child(env, "prepare", str(folder), str(rows))
        done = projects_bench.subprocess.run(
            [sys.executable, str(HERE), "--step", prepared["path"], "--every", str(every)]
            + ["--projects", str(rows)]
            + (["--fail"] if fail else []),
            env=env,
            check=True,
            stdout=projects_bench.subprocess.PIPE,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        if database:
            projects_bench.drop_database(database)


def step(path: str, every: float, fail: bool, rows_in_file: int) -> dict:
    projects_bench.setup_django()
    from django.conf import settings
    from django.db import OperationalError, connection, connections
    from django.test import Client

    from taizhang.core import import_batches, imports, services
    from taizhang.core.ledgers import get_ledger
    from taizhang.core.models import Unit, User
    from taizhang.core.roles import Role
    from taizhang.projects.services import bulk
    from tests.factories import make_user

    office = User.objects.get(username="office")
    admin = make_user("bench-admin", Role.DISTRICT_ADMIN, unit=office.unit, password="x-Bench-1")
    unit = Unit.objects.get(name="西王庄村")
    with open(path, "rb") as upload:
        job = imports.create_job(
            ledger=get_ledger("projects"), by=office, upload=upload, file_name="p.xlsx",
            dry_run=False,
        )  # fmt: skip
    waits: dict[str, list[float]] = {}
    failed: list[str] = []
    running = threading.Event()
    running.set()

    def probe() -> None:
        client, turn = Client(), 0
        try:
            while running.is_set():
                phase = imports.read_progress(job)[2]
                started = time.monotonic()
                kind = "sign-in" if turn % 2 == 0 else "save"
                try:
                    if kind == "sign-in":
                        assert client.login(username="bench-admin", password="x-Bench-1")
                    else:
                        services.update_unit(unit, by=admin, remarks=f"probe {turn}")
                except OperationalError:  # "database is locked" after the busy timeout
                    failed.append(kind)
                waits.setdefault(f"{phase} {kind}", []).append(time.monotonic() - started)
                turn += 1
                time.sleep(every)
        finally:
            connections.close_all()

    batches: dict[str, float] = {}
    write = import_batches.BatchWriter.write

    def counted(writer: import_batches.BatchWriter, rows: Any) -> Any:
        try:
            return write(writer, rows)
        finally:
            batches.update(
                count=writer.batches,
                longest_ms=round(writer.longest * 1000),
                longest_undo_ms=round(writer.longest_undo * 1000),
            )

    if fail:  # the service refuses the last row: every batch written is undone
        upsert = bulk.upsert_projects

        def refuse_the_last(rows: Any, **options: Any) -> Any:
            if any(row.row == rows_in_file + 3 for row in rows):  # 3 rows above the data
                raise bulk.BulkRowError(rows[-1].row, "refused for the benchmark")
            return upsert(rows, **options)

        bulk.upsert_projects = refuse_the_last

    import_batches.BatchWriter.write = counted  # type: ignore[method-assign, assignment]
    prober = threading.Thread(target=probe)
    prober.start()
    started = time.monotonic()
    job = imports.run_job(job)
    seconds = time.monotonic() - started
    running.clear()
    prober.join()
    assert job.status == ("failed" if fail else "succeeded"), (job.message, job.errors[:3])

    def figures(values: list[float]) -> dict:
        values = sorted(values)
        return {
            "count": len(values),
            "longest_ms": round(values[-1] * 1000),
            "p99_ms": round(values[int(len(values) * 0.99)] * 1000),
            "median_ms": round(statistics.median(values) * 1000),
        }

    return {
        "engine": connection.vendor,
        "rows": job.processed_rows,
        "import_seconds": round(seconds, 1),
        "batch_seconds": settings.TAIZHANG_IMPORT_BATCH_SECONDS,
        "batches": batches,
        "failed": len(failed),
        "waits": {name: figures(values) for name, values in sorted(waits.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--every", type=float, default=0.1)
    parser.add_argument(
        "--fail", action="store_true", help="refuse the last row: measure the undo too"
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        print(json.dumps(step(options.step, options.every, options.fail, options.projects)))
        return
    print(json.dumps(measure(options.projects, options.every, options.fail), indent=2))


if __name__ == "__main__":
    main()
