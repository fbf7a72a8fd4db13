"""Welfare cycles at district scale: one monthly cycle of --enrolments enrolments generated and
checked (the approval's re-check) within 10 seconds, then the module's lists, dashboard, API and
stats command at that scale (DESIGN.md: 10⁵ enrolments per cycle).

    .venv/bin/python benchmarks/welfare_cycle_bench.py [--enrolments 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/...

Runs against a throw-away database (a temporary SQLite file, or a fresh PostgreSQL database
created and dropped at the end), each step in a fresh process. Prints:

1. the set-up: the demo district, --enrolments residents of 寺儿村 aged 60 to 95 (1 in 100
   deceased, so that generation refuses someone with a reason) enrolled in 寺儿村's allowance
   with three age tiers (straight bulk inserts, no audit);
2. generation as the village's officer (services/cycles.create_cycle: screening, amounts by
   tier in SQL, one bulk insert and the bulk audit rows): seconds, entitlements, refusals;
3. the check: submission by the maker and approval by the subdistrict's officer, which
   re-checks every entitlement's eligibility and the exclusions: seconds;
4. generation plus check against the 10 s budget of the issue;
5. each list, the dashboard, API list and `taizhang stats welfare` as the village's officer
   and as the district's leader (who reads everything): median milliseconds of 5 requests
   after a warm-up, and the queries of one request (not growing with the enrolments).

Never run as a test.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import projects_bench
from benchmarks.pages import print_pages, time_pages
from benchmarks.projects_bench import drop_database, make_database, peak_mib, setup_django

HERE = Path(__file__).resolve()
DAY = datetime.date(2022, 1, 1)
BUDGET_SECONDS = 10.0


# Each step in a fresh process (projects_bench.child), running this script.
child = partial(projects_bench.child, script=HERE)


def step_prepare(count: int) -> dict:
    """Migrate, load the demo district, register and enrol `count` residents of 寺儿村."""
    setup_django()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection, transaction

    from taizhang.core import demo
    from taizhang.core.models import Unit
    from taizhang.lib.idcard import make_id_number
    from taizhang.people.models import Person, PersonStatus
    from taizhang.welfare.models import Enrolment, Programme, ProgrammeKind, Tier

    call_command("migrate", verbosity=0)
    demo.load_demo_district()
    started = time.perf_counter()
    sier = Unit.objects.get(name="寺儿村")
    with transaction.atomic():
        programme = Programme.objects.create(
            name="60岁以上老人生活补贴（基准测试）",
            owner=sier,
            kind=ProgrammeKind.CASH_MONTHLY,
            starts_on=datetime.date(2021, 1, 1),
            min_age=60,
        )
        for low, high, amount in ((60, 70, "100"), (70, 80, "150"), (80, None, "200")):
            Tier.objects.create(
                programme=programme, min_age=low, max_age=high, amount_yuan=Decimal(amount)
            )
        people = []
        for index in range(count):
            born = datetime.date(1927, 1, 1) + datetime.timedelta(days=index % 12_400)
            number = make_id_number("140213", born, index // 12_400 * 7 % 1000)
            dead = index % 100 == 99
            people.append(
                Person(
                    name=f"寺儿村老人{index}", id_number=number, id_last4=number[-4:],
                    sex="male" if int(number[16]) % 2 else "female", birth_date=born,
                    unit=sier, status=PersonStatus.DECEASED if dead else PersonStatus.REGISTERED,
                )
            )  # fmt: skip
        Person.objects.bulk_create(people, batch_size=5000)
        Enrolment.objects.bulk_create(
            [
                Enrolment(programme=programme, person=person, started_on=datetime.date(2021, 1, 1))
                for person in people
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather them
        cursor.execute("ANALYZE")
    return {"programme": programme.pk, "seconds": time.perf_counter() - started}


def warm_up() -> None:
    """Load the URL configuration (and the API's schemas with it) before the clock starts: a
    server process has them loaded; the review's notification links need them."""
    from django.urls import reverse

    reverse("welfare-cycle-list")


def step_generate(programme_id: str) -> dict:
    setup_django()
    warm_up()
    from taizhang.core.models import User
    from taizhang.welfare.models import Programme
    from taizhang.welfare.services import cycles

    maker = User.objects.get(username="sier")
    programme = Programme.objects.get(pk=programme_id)
    started = time.perf_counter()
    cycle, refused = cycles.create_cycle(programme, by=maker, period=DAY)
    elapsed = time.perf_counter() - started
    return {
        "cycle": cycle.pk,
        "seconds": elapsed,
        "entitlements": cycle.entitlements.count(),
        "refused": len(refused),
        "first_refusal": refused[0].as_text() if refused else "",
        "peak_mib": peak_mib(),
    }


def step_check(cycle_id: str) -> dict:
    setup_django()
    warm_up()
    from taizhang.core.models import User
    from taizhang.welfare.models import Cycle
    from taizhang.welfare.services import cycles

    maker = User.objects.get(username="sier")
    checker = User.objects.get(username="xiaonantou")
    cycle = Cycle.objects.get(pk=cycle_id)
    started = time.perf_counter()
    cycles.submit_cycle(cycle, by=maker)
    submitted = time.perf_counter() - started
    cycle = cycles.approve_cycle(cycle, by=checker, note="基准测试")
    elapsed = time.perf_counter() - started
    return {
        "status": cycle.status,
        "submit_seconds": submitted,
        "seconds": elapsed,
        "peak_mib": peak_mib(),
    }


def step_pages(cycle_id: str) -> dict:
    """The welfare surfaces at this scale, as a village officer and as the district."""
    setup_django()
    from taizhang.welfare.models import Cycle

    programme_id = Cycle.objects.get(pk=cycle_id).programme_id
    pages = {
        "dashboard": "/welfare/dashboard/",
        "enrolment list": "/welfare/enrolments/",
        "enrolment search, last 4": "/welfare/enrolments/?q=0013",
        "entitlement list": f"/welfare/entitlements/?cycle={cycle_id}",
        "cycle page": f"/welfare/cycles/{cycle_id}/",
        "programme page": f"/welfare/programmes/{programme_id}/",
        "API enrolments": "/api/v1/welfare/enrolments?limit=50",
        "API entitlements": f"/api/v1/welfare/entitlements?cycle={cycle_id}&limit=50",
    }
    return time_pages(("sier", "leader"), pages, stats="welfare")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, default=100_000)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        steps = {
            "prepare": lambda n: step_prepare(int(n)),
            "generate": step_generate,
            "check": step_check,
            "pages": step_pages,
        }
        print(json.dumps(steps[options.step](*options.args)))
        return
    with tempfile.TemporaryDirectory() as folder:
        env, database = make_database(Path(folder))
        engine = "PostgreSQL" if database else "SQLite"
        try:
            run(env, options.enrolments, engine)
        finally:
            if database:
                drop_database(database)


def run(env: dict[str, str], count: int, engine: str) -> None:
    print(f"== {engine}: one monthly cycle of {count:,} enrolments")
    prepared = child(env, "prepare", str(count))
    print(f"set-up (bulk inserts):  {prepared['seconds']:.1f} s")
    made = child(env, "generate", str(prepared["programme"]))
    print(
        f"generate:               {made['seconds']:.2f} s, {made['entitlements']:,} "
        f"entitlements, {made['refused']:,} refused (“{made['first_refusal']}”), "
        f"peak {made['peak_mib']:.0f} MiB"
    )
    checked = child(env, "check", str(made["cycle"]))
    print(
        f"submit + approve:       {checked['seconds']:.2f} s "
        f"(submit {checked['submit_seconds']:.2f} s), {checked['status']}, "
        f"peak {checked['peak_mib']:.0f} MiB"
    )
    total = made["seconds"] + checked["seconds"]
    verdict = "within" if total <= BUDGET_SECONDS else "OVER"
    print(f"generate + check:       {total:.2f} s, {verdict} the {BUDGET_SECONDS:.0f} s budget")
    print_pages(child(env, "pages", str(made["cycle"])))


if __name__ == "__main__":
    main()
