"""Cached aggregates (issue 18): the project dashboard, its data endpoint, the API's statistics
and the bulletin, cold (nothing cached) against warm (figures cached, tables unchanged), and
right after one plan row changed (a miss that computes again).

    .venv/bin/python benchmarks/cache_bench.py [--projects 10000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/...
    TAIZHANG_CACHE_URL=redis://127.0.0.1:6379/15 ... (the cache on Redis instead of memory)

A throw-away database (a temporary SQLite file, or a fresh PostgreSQL database it drops at the
end) with the demo district, --projects projects and plan rows of 2022 spread over its
villages, three approved monthly reports each and the plan progress rebuilt. Prints the median
milliseconds of 5 requests of each page as the leader and as a village officer (西王庄村), and
the queries of one request. Never run as a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.projects_bench import drop_database, make_database, setup_django

PAGES = {
    "dashboard": "/projects/dashboard/?year=2022",
    "dashboard data": "/projects/dashboard/data.json?year=2022",
    "API stats": "/api/v1/projects/stats?year=2022",
    "bulletin": "/projects/bulletin/?year=2022",
}
USERS = ("leader", "xiwangzhuang")


def median_ms(function: Callable[[], Any], before: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def prepare(projects: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from taizhang.core import demo
    from taizhang.core.models import Unit, UnitKind
    from taizhang.projects.models import MonthlyReport, Project, Stage, YearPlan
    from taizhang.projects.services import progress

    call_command("migrate", verbosity=0)
    demo.load_demo_district()
    villages = list(Unit.objects.filter(kind=UnitKind.VILLAGE))
    subdistrict_of = {v.pk: Unit.objects.get(path=v.path[: -Unit.steplen]) for v in villages}
    categories = ("industry", "infrastructure", "livelihood")
    with transaction.atomic():
        for start in range(0, projects, 5000):
            batch = []
            for i in range(start, min(start + 5000, projects)):
                village = villages[i % len(villages)]
                batch.append(
                    Project(
                        name=f"基准项目{i}",
                        unit=village,
                        subdistrict=subdistrict_of[village.pk],
                        category=categories[i % 3],
                        total_investment_wan=Decimal((i % 5000 + 1) * 137),
                        stage=Stage.ANNUAL,
                        longitude=Decimal("113.3") if i % 10 == 0 else None,
                        latitude=Decimal("40.08") if i % 10 == 0 else None,
                    )
                )
            made = Project.objects.bulk_create(batch)
            YearPlan.objects.bulk_create(
                YearPlan(
                    year=2022,
                    project=project,
                    nature="new" if i % 3 else "continued",
                    planned_investment_wan=Decimal(1000),
                    name=project.name,
                    category=project.category,
                    total_investment_wan=project.total_investment_wan,
                    unit=project.unit,
                    subdistrict=project.subdistrict,
                )
                for i, project in enumerate(made)
            )
            MonthlyReport.objects.bulk_create(
                MonthlyReport(
                    project=project, year=2022, month=month, completed_wan=100, status="approved"
                )
                for project in made
                for month in (1, 2, 3)
            )
    progress.rebuild(2022)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure() -> list[tuple[str, str, float, float, float, int, int]]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from taizhang.core.models import User
    from taizhang.projects.models import YearPlan

    plan = YearPlan.objects.order_by("pk").first()
    assert plan is not None

    def change() -> None:
        YearPlan.objects.filter(pk=plan.pk).update(
            planned_investment_wan=plan.planned_investment_wan
        )

    rows = []
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for label, url in PAGES.items():
            assert client.get(url).status_code == 200, url

            def get(url: str = url, client: Client = client) -> None:
                client.get(url)

            cold = median_ms(get, cache.clear)
            cache.clear()
            with CaptureQueriesContext(connection) as cold_queries:
                get()
            cold_count = len(cold_queries.captured_queries)  # before the next request clears it
            changed = median_ms(get, change)
            warm = median_ms(get, lambda: None)
            with CaptureQueriesContext(connection) as warm_queries:
                get()
            warm_count = len(warm_queries.captured_queries)
            rows.append(
                (
                    username,
                    label,
                    cold,
                    warm,
                    changed,
                    cold_count,
                    warm_count,
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="taizhang-cache-bench-") as folder:
        env, database = make_database(Path(folder))
        os.environ.clear()
        os.environ.update(env)
        try:
            setup_django()
            from django.conf import settings
            from django.db import connection

            started = time.perf_counter()
            prepare(options.projects)
            print(
                f"{options.projects} projects on {connection.vendor}, cache "
                f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}: prepared in "
                f"{time.perf_counter() - started:.0f} s"
            )
            print(
                f"{'user':<13} {'page':<15} {'cold ms':>8} {'warm ms':>8} {'changed ms':>10} "
                f"{'cold q':>6} {'warm q':>6}"
            )
            for user, page, cold, warm, changed, cold_q, warm_q in measure():
                print(
                    f"{user:<13} {page:<15} {cold:>8.1f} {warm:>8.1f} {changed:>10.1f} "
                    f"{cold_q:>6} {warm_q:>6}"
                )
        finally:
            from django.db import connections

            connections.close_all()
            if database:
                drop_database(database)


if __name__ == "__main__":
    main()
