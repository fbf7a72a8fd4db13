"""Where a page's time goes (issue 18): CPU, SQL and Python of each main page at N projects.

    .venv/bin/python benchmarks/page_profile.py [--projects 10000] [--profile] [--only LABEL]
        [--fresh-parts]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/...

Runs against a throw-away database (a temporary SQLite file, or a fresh PostgreSQL database
that it drops at the end, as `projects_bench.py` does): the demo district and every module's
demo data, plus --projects generated projects with their 2022 plan rows. For each page, as the
district's leader, the median of 5 requests after a warm-up of: the process's CPU time;
"python", that CPU time outside SQL queries (query building, forms, templates: what this
process spends besides the database's own work, robust to a loaded machine); the wall time;
the wall time inside SQL queries; and the queries of one request. With --profile,
the top cProfile entries of one request of each page (by own time; PROFILE_SORT=cumulative
and PROFILE_LINES=40 change that) and its three slowest queries. With --fresh-parts, every
kept part of a page is made afresh, as on a first view. Never run as a test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.projects_bench import (
    CATEGORIES,
    drop_database,
    make_database,
    setup_django,
)

PAGES = {
    "workbench (home)": "/",
    "project list, filter": "/projects/?category=industry&ordering=-total_investment_wan",
    "project list, page 20": "/projects/?page=20",
    "project detail": "/projects/{project}/",
    "bulletin 2022": "/projects/bulletin/?year=2022",
    "dashboard": "/projects/dashboard/?year=2022",
    "dashboard data": "/projects/dashboard/data.json?year=2022",
    "supervision list": "/supervision/",
    "rectification cases": "/rectification/",
    "unit list": "/units/",
    "API projects": "/api/v1/projects?limit=50",
    "API plans": "/api/v1/projects/plans?year=2022&limit=50",
    "API supervision": "/api/v1/supervision/items?limit=50",
    "API rect. cases": "/api/v1/rectification/cases?limit=50",
}


def generate(count: int) -> int:
    """`count` projects with 2022 plan rows over the demo units; the id of one of them."""
    from decimal import Decimal

    from django.db import transaction

    from taizhang.core.models import Unit
    from taizhang.projects.models import Project, YearPlan
    from taizhang.projects.services import progress

    subdistricts = list(Unit.objects.filter(kind="subdistrict").order_by("code"))
    departments = list(Unit.objects.filter(kind="department").order_by("code"))
    kinds = {"产业类": "industry", "基础设施类": "infrastructure", "社会民生类": "livelihood"}
    with transaction.atomic():
        for start in range(0, count, 1000):
            batch = []
            for i in range(start, min(count, start + 1000)):
                unit = subdistricts[i % len(subdistricts)]
                batch.append(
                    Project(
                        code=f"2099-999999-99-01-{i:06d}",
                        name=f"基准项目{i}",
                        category=kinds[CATEGORIES[i % 3]],
                        stage="annual",
                        unit=unit,
                        subdistrict=unit,
                        lead_department=departments[i % len(departments)],
                        total_investment_wan=Decimal((i % 5000 + 1) * 137),
                    )
                )
            Project.objects.bulk_create(batch)
            YearPlan.objects.bulk_create(
                YearPlan(
                    year=2022,
                    project=p,
                    nature="new" if p.pk % 2 else "continued",
                    name=p.name,
                    category=p.category,
                    total_investment_wan=p.total_investment_wan,
                    planned_investment_wan=Decimal(100),
                    unit_id=p.unit_id,
                    subdistrict_id=p.subdistrict_id,
                    lead_department_id=p.lead_department_id,
                )
                for p in batch
            )
    progress.rebuild(2022)
    return batch[0].pk


def measure(client, url: str, profile: bool) -> dict:
    from django.db import connection

    sql: list[list[float]] = []  # per request: [wall, CPU] inside queries

    def timer(execute, sql_text, params, many, context):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return execute(sql_text, params, many, context)
        finally:
            sql[-1][0] += time.perf_counter() - wall
            sql[-1][1] += time.process_time() - cpu

    status = client.get(url).status_code  # warm-up
    runs = []
    for _ in range(5):
        sql.append([0.0, 0.0])
        with connection.execute_wrapper(timer):
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.get(url)
            runs.append((time.process_time() - cpu, time.perf_counter() - wall, *sql[-1]))
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    captured = list(queries.captured_queries)  # before the next request clears the log
    row = {
        "status": status,
        "bytes": len(response.content),
        "cpu_ms": statistics.median(r[0] for r in runs) * 1000,
        "wall_ms": statistics.median(r[1] for r in runs) * 1000,
        "sql_ms": statistics.median(r[2] for r in runs) * 1000,
        "python_ms": statistics.median(r[0] - r[3] for r in runs) * 1000,
        "queries": len(captured),
    }
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url)
        profiler.disable()
        out = io.StringIO()
        order = os.environ.get("PROFILE_SORT", "tottime")
        lines = int(os.environ.get("PROFILE_LINES", "12"))
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(lines)
        slowest = sorted(captured, key=lambda q: -float(q["time"]))[:3]
        row["profile"] = out.getvalue() + "".join(
            f"  slowest query {float(q['time']) * 1000:.1f} ms: {q['sql'][:300]}\n" for q in slowest
        )
    return row


def run(projects: int, profile: bool, only: str | None, fresh_parts: bool = False) -> None:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from taizhang.core import demo
    from taizhang.core.models import User

    settings.DEBUG = False
    # A first view: every kept part of a page (`{% cached_reads %}`, kept API lists) made afresh.
    settings.TAIZHANG_CACHED_FRAGMENTS = not fresh_parts
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    demo.load_demo_district()
    demo.load_module_demos()
    project = generate(projects)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"== {engine}: demo district + {projects:,} projects, ready in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    print(f"{'page':24} {'cpu ms':>7} {'python':>7} {'wall ms':>8} {'sql ms':>7} {'queries':>7}")
    for label, url in PAGES.items():
        if only and only not in label:
            continue
        row = measure(client, url.format(project=project), profile)
        print(
            f"{label:24} {row['cpu_ms']:7.1f} {row['python_ms']:7.1f} {row['wall_ms']:8.1f} "
            f"{row['sql_ms']:7.1f} {row['queries']:7} (status {row['status']}, {row['bytes']:,} B)"
        )
        if profile:
            print(row["profile"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only", help="only the pages whose label contains this")
    parser.add_argument(
        "--fresh-parts", action="store_true", help="make every kept part afresh (a first view)"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env, database = make_database(Path(folder))
        os.environ.clear()
        os.environ.update(env)
        try:
            run(options.projects, options.profile, options.only, options.fresh_parts)
        finally:
            if database:
                drop_database(database)


if __name__ == "__main__":
    main()
