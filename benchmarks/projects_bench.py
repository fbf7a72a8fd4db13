"""Project bank at district scale: import, year statistics and the project list.

    .venv/bin/python benchmarks/projects_bench.py [--projects 100000] [--reports 1200000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/...

Runs against a throw-away database: a temporary SQLite file, or, when DATABASE_URL names a
PostgreSQL server, a fresh database `taizhang_bench_<pid>` it creates there and drops at the
end. Prints:

1. import of a district-style xlsx of --projects rows (title rows, 亿元 header, plan of 2022)
   through the real import job (check pass + write pass, all or nothing, audited): rows per
   second and the import process's peak RSS; and the baseline — read the same file with
   python-calamine and bulk-insert its projects and plan rows, nothing else — and the ratio;
2. with --reports approved monthly reports added (and the plan rows' progress rebuilt from
   them, as `taizhang refresh_progress` does): `queries.year_stats(year=2022)` against one
   hand-written GROUP BY query over the same plan rows and reports (median of 5 runs);
3. the project list page with several filters: server time and the number of queries.

Never run as a test. Each measurement runs in a fresh process so that peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
HEADERS = [
    "序号", "项目代码", "项目名称", "建设性质", "项目类别", "项目阶段", "建设单位", "责任单位",
    "所在街道", "牵头部门", "配合部门", "建设内容及规模", "总投资（亿元）", "年度",
    "年度计划投资（万元）", "计划开工时间", "计划竣工时间", "是否重点项目", "包联领导",
    "资金来源", "项目地址",
]  # fmt: skip
UNITS = ["小南头街道", "白登山街道", "水泊寺街道", "迎宾街道", "永泰街道", "区发改局"]
CATEGORIES = ["产业类", "基础设施类", "社会民生类"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taizhang.settings")
    import django

    django.setup()
    from django.conf import settings

    # The bench's users need no strong hashing; the demo district hashes ~20 passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]  # the test client's, for the list page
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {  # no collectstatic manifest in a throw-away data folder
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def cpu_seconds() -> float:
    """This process's CPU time: what its own work costs, which other load on the machine
    changes far less than the time on the clock (SQLite's pauses and the server's work are
    not in it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Database ---------------------------------------------------------------------------------------


def make_database(folder: Path) -> tuple[dict[str, str], str | None]:
    """Environment for the child processes, and the PostgreSQL database to drop (or None)."""
    env = {**os.environ, "TAIZHANG_DATA_DIR": str(folder), "PYTHONPATH": str(HERE.parents[1])}
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        env.pop("DATABASE_URL", None)
        return env, None
    import psycopg

    name = f"taizhang_bench_{os.getpid()}"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"{base}/{name}"
    return env, name


def drop_database(name: str) -> None:
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child(env: dict[str, str], step: str, *args: str, script: Path = HERE) -> dict:
    """Run one step of `script` (this one by default; the other benchmarks' too) in a fresh
    process; it prints one JSON line last."""
    done = subprocess.run(
        [sys.executable, str(script), "--step", step, *args],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# Steps (each in its own process) ----------------------------------------------------------------


def step_prepare(folder: str, rows: int) -> dict:
    """Migrate, load the demo district, write the xlsx."""
    setup_django()
    from django.core.management import call_command

    from taizhang.core import demo

    call_command("migrate", verbosity=0)
    demo.load_demo_district()
    path = Path(folder) / "projects.xlsx"
    started = time.perf_counter()
    write_ledger(path, rows)
    return {"path": str(path), "seconds": time.perf_counter() - started}


def write_ledger(path: Path, rows: int, code: str = "2021-140213-48-01") -> None:
    """A district-style projects ledger of `rows` projects of 2022, their codes `code`-NNNNNN."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("项目台账")
    sheet.append(["平城区2022年建设项目台账（基准测试）"])
    sheet.append(["单位：亿元、万元"])
    sheet.append(HEADERS)
    for i in range(rows):
        category = CATEGORIES[i % 3]
        total = f"{(i % 5000 + 1) * 0.0137:.4f}"
        sheet.append(
            [
                i + 1, f"{code}-{i:06d}", f"基准项目{i}", "新建", category,
                "年度建设", "某建设单位", UNITS[i % 6], "小南头街道", "区住建局",
                "区发改局、区委组织部" if i % 4 == 0 else None, "建设内容及规模" * 3,
                total, 2022, f"{(i % 500 + 1) * 2}", "2022年3月", "2023.10" if i % 2 else
                "2023-10", "是" if i % 50 == 0 else "否", "张三", "财政资金", "平城区某路",
            ]
        )  # fmt: skip
    book.save(path)


def step_baseline(path: str) -> dict:
    """Read the file with python-calamine and bulk-insert projects and plan rows; undo it."""
    setup_django()
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from taizhang.core.models import Unit
    from taizhang.projects.models import Project, YearPlan

    units = dict(Unit.objects.values_list("name", "pk"))
    kinds = {"产业类": "industry", "基础设施类": "infrastructure", "社会民生类": "livelihood"}
    started = time.perf_counter()
    with transaction.atomic():
        book = CalamineWorkbook.from_path(path)
        rows = book.get_sheet_by_index(0).iter_rows()
        for _ in range(3):
            next(rows)
        batch: list[Project] = []
        count = 0

        def flush() -> None:
            Project.objects.bulk_create(batch)
            YearPlan.objects.bulk_create(
                YearPlan(
                    year=2022,
                    project=p,
                    nature="new",
                    name=p.name,
                    category=p.category,
                    total_investment_wan=p.total_investment_wan,
                    unit_id=p.unit_id,
                )
                for p in batch
            )
            batch.clear()

        for values in rows:
            if not values[2]:
                continue
            batch.append(
                Project(
                    code=values[1],
                    name=values[2],
                    category=kinds[values[4]],
                    unit_id=units[values[7]],
                    total_investment_wan=float(values[12]) * 10000,
                )
            )
            count += 1
            if len(batch) == 1000:
                flush()
        flush()
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"rows": count, "seconds": elapsed, "peak_mib": peak_mib()}


def step_import(path: str, profile: str = "") -> dict:
    """The real thing: an import job (check pass, write pass) as the programme office. With
    `profile`, a cProfile of the job is written there and its top functions printed."""
    setup_django()
    from taizhang.core import imports
    from taizhang.core.ledgers import get_ledger
    from taizhang.core.models import User

    office = User.objects.get(username="office")
    started, cpu = time.perf_counter(), cpu_seconds()
    with open(path, "rb") as upload:
        job = imports.create_job(
            ledger=get_ledger("projects"), by=office, upload=upload, file_name="p.xlsx",
            dry_run=False,
        )  # fmt: skip
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        job = profiler.runcall(imports.run_job, job)
        profiler.dump_stats(profile)
        stats = pstats.Stats(profile, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
    else:
        job = imports.run_job(job)
    elapsed = time.perf_counter() - started
    assert job.status == "succeeded", (job.message, job.errors[:3])
    return {
        "rows": job.created_count,
        "seconds": elapsed,
        "cpu": cpu_seconds() - cpu,
        "peak_mib": peak_mib(),
    }


def step_read(path: str) -> dict:
    """The floor: read the file through `XlsxReader` (header found, rows numbered), nothing
    else."""
    setup_django()
    from taizhang.core.ledgers import get_ledger
    from taizhang.lib.excel import XlsxReader

    ledger = get_ledger("projects")
    started = time.perf_counter()
    count = 0
    with XlsxReader(Path(path)) as reader:
        table = reader.table(ledger.header_score)
        assert table is not None
        for _row in table.rows:
            count += 1
    return {"rows": count, "seconds": time.perf_counter() - started, "peak_mib": peak_mib()}


def step_reports(count: int) -> dict:
    """Approved monthly reports of 2022 for the imported projects (straight inserts)."""
    setup_django()
    from django.db import connection, transaction

    from taizhang.projects.models import MonthlyReport, YearPlan
    from taizhang.projects.services import progress

    started = time.perf_counter()
    ids = list(YearPlan.objects.filter(year=2022).values_list("project_id", flat=True))
    per_project = max(1, min(12, count // max(len(ids), 1)))
    with transaction.atomic():
        batch = []
        for month in range(1, per_project + 1):
            for project_id in ids:
                batch.append(
                    MonthlyReport(
                        project_id=project_id,
                        year=2022,
                        month=month,
                        completed_wan=1,
                        status="approved",
                    )
                )
                if len(batch) == 5000:
                    MonthlyReport.objects.bulk_create(batch)
                    batch.clear()
        MonthlyReport.objects.bulk_create(batch)
    inserted = time.perf_counter()
    progress.rebuild(2022)  # the services keep it when they approve; this insert bypassed them
    rebuilt = time.perf_counter()
    with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather them
        cursor.execute("ANALYZE")
    return {
        "rows": len(ids) * per_project,
        "seconds": inserted - started,
        "progress_seconds": rebuilt - inserted,
    }


GROUP_BY = """
SELECT COUNT(*), SUM(p.total_investment_wan),
       SUM(CASE WHEN p.nature = 'new' THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.category = 'industry' THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.category = 'infrastructure' THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.total_investment_wan >= 100000 THEN 1 ELSE 0 END),
       SUM(p.planned_investment_wan), SUM(r.done)
FROM projects_yearplan p
LEFT JOIN (SELECT project_id, SUM(completed_wan) AS done FROM projects_monthlyreport
           WHERE year = %s AND status = 'approved' GROUP BY project_id) r
       ON r.project_id = p.project_id
WHERE p.year = %s
"""


def _median_ms(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def step_queries() -> dict:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from taizhang.core.models import Unit, User

    def group_by() -> None:
        with connection.cursor() as cursor:
            cursor.execute(GROUP_BY, [2022, 2022])
            cursor.fetchall()

    result: dict = {"group_by_ms": _median_ms(group_by)}
    admin = User.objects.get(username="admin")
    try:
        from taizhang.projects.queries import year_stats
    except ImportError:
        result["year_stats_ms"] = None
    else:
        result["year_stats_ms"] = _median_ms(lambda: year_stats(year=2022, user=admin))
    client = Client()
    client.force_login(admin)
    xnt = Unit.objects.get(name="小南头街道").pk
    pages = {}
    for label, params in (
        ("no filter", {}),
        ("category", {"category": "industry"}),
        ("subdistrict", {"subdistrict": xnt}),
        ("search", {"q": "基准项目4242"}),
        ("over 10亿 + sort", {"over_1bn": "true", "ordering": "-investment"}),
        ("page 200", {"page": 200}),
    ):
        client.get("/projects/", params)  # warm up
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/projects/", params)
            elapsed = (time.perf_counter() - started) * 1000
        pages[label] = {
            "status": response.status_code,
            "ms": elapsed,
            "queries": len(queries.captured_queries),
        }
    result["pages"] = pages
    return result


# Main -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=1_200_000)
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="only the import: the read-only floor, the import job's rows/s and peak RSS",
    )
    parser.add_argument("--profile", default="", help="with --import-only: cProfile to this file")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        steps = {
            "prepare": lambda folder, n: step_prepare(folder, int(n)),
            "baseline": step_baseline,
            "import": step_import,
            "read": step_read,
            "reports": lambda n: step_reports(int(n)),
            "queries": step_queries,
        }
        print(json.dumps(steps[options.step](*options.args)))
        return
    with tempfile.TemporaryDirectory() as folder:
        env, database = make_database(Path(folder))
        engine = "PostgreSQL" if database else "SQLite"
        try:
            if options.import_only:
                run_import(env, folder, options.projects, engine, options.profile)
            else:
                run(env, folder, options.projects, options.reports, engine)
        finally:
            if database:
                drop_database(database)


def run_import(env: dict[str, str], folder: str, projects: int, engine: str, profile: str) -> None:
    """The import alone against the read-only floor: the same file read by `XlsxReader`."""
    print(f"== {engine}: import of {projects:,} projects, load average {os.getloadavg()[0]:.2f}")
    prepared = child(env, "prepare", folder, str(projects))
    floor = child(env, "read", prepared["path"])
    print(
        f"read-only floor:      {floor['seconds']:.2f} s, "
        f"{floor['rows'] / floor['seconds']:,.0f} rows/s, peak {floor['peak_mib']:.0f} MiB"
    )
    done = child(env, "import", prepared["path"], *([profile] if profile else []))
    print(
        f"import job:           {done['seconds']:.2f} s, {done['rows'] / done['seconds']:,.0f} "
        f"rows/s, peak {done['peak_mib']:.0f} MiB, {done['seconds'] / floor['seconds']:.1f}× "
        f"the floor; load average {os.getloadavg()[0]:.2f}"
    )
    print(f"import process CPU:   {done['cpu']:.2f} s ({done['rows'] / done['cpu']:,.0f} rows/s)")


def run(env: dict[str, str], folder: str, projects: int, reports: int, engine: str) -> None:
    print(f"== {engine}: {projects:,} projects, {reports:,} monthly reports")
    prepared = child(env, "prepare", folder, str(projects))
    size = Path(prepared["path"]).stat().st_size / 2**20
    print(f"xlsx written:         {size:.1f} MiB in {prepared['seconds']:.1f} s")
    base = child(env, "baseline", prepared["path"])
    print(
        f"baseline (calamine + bulk insert): {base['seconds']:.2f} s, "
        f"{base['rows'] / base['seconds']:,.0f} rows/s, peak {base['peak_mib']:.0f} MiB"
    )
    done = child(env, "import", prepared["path"])
    print(
        f"import job:           {done['seconds']:.2f} s, {done['rows'] / done['seconds']:,.0f} "
        f"rows/s, peak {done['peak_mib']:.0f} MiB, {done['seconds'] / base['seconds']:.2f}× "
        "the baseline"
    )
    made = child(env, "reports", str(reports))
    print(
        f"monthly reports:      {made['rows']:,} inserted in {made['seconds']:.1f} s, "
        f"plan progress rebuilt in {made['progress_seconds']:.1f} s"
    )
    figures = child(env, "queries")
    print(f"GROUP BY (by hand):   {figures['group_by_ms']:.0f} ms")
    if figures["year_stats_ms"] is None:
        print("year_stats:           not available (taizhang.projects.queries.year_stats)")
    else:
        ratio = figures["year_stats_ms"] / figures["group_by_ms"]
        print(f"year_stats:           {figures['year_stats_ms']:.0f} ms, {ratio:.2f}× GROUP BY")
    for label, page in figures["pages"].items():
        print(
            f"list page {label:<18} {page['status']} {page['ms']:6.0f} ms, "
            f"{page['queries']} queries"
        )


if __name__ == "__main__":
    main()
