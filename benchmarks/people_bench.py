"""People registry at district scale: the roster import, the size limit and the ID look-ups.

    .venv/bin/python benchmarks/people_bench.py [--people 200000] [--registry 1000000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/...

Runs against a throw-away database (a temporary SQLite file, or a fresh PostgreSQL database
`taizhang_bench_<pid>` created and dropped at the end), each step in a fresh process so that
peak memory is its own. Prints:

1. the import of a household roster of --people rows (title row, households of 1–6 people over
   the demo villages, valid ID numbers from lib/idcard.make_id_number, groups on some rows)
   through the real import job as the district administrator: rows per second and peak RSS;
2. the refusal at upload of a sheet of 1,000,001 rows (TAIZHANG_IMPORT_MAX_ROWS): how long the
   upload check takes (--million-rows; writing that sheet takes a minute or two);
3. with the registry filled up to --registry people (straight bulk inserts): PersonFilter's
   search as a village officer sees it — a whole ID number, and its last 4 characters within a
   village — median of 9 runs each, and the query plan of each;
4. at that size, the person, household and group lists, the API's person list and `taizhang
   stats people` as the village's officer and as the district's leader (benchmarks/pages.py).

Never run as a test.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
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
HEADERS = [
    "户号", "户主姓名", "姓名", "与户主关系", "公民身份号码", "性别", "民族", "出生日期",
    "联系电话", "现住址", "所属村（社区）", "人员类别",
]  # fmt: skip
VILLAGES = ["西王庄村", "西谷庄村", "小南头村", "塔儿村", "东王庄村", "寺儿村", "古城村"]
RELATIONS = ["户主", "配偶", "长子", "次女", "父", "母"]
SURNAMES = "王李张刘陈杨赵黄周吴"
FIRST = datetime.date(1930, 1, 1)


def identity(index: int) -> tuple[str, datetime.date]:
    """A distinct valid ID number for each index (a birth day per 1,000 people)."""
    from taizhang.lib.idcard import make_id_number

    born = FIRST + datetime.timedelta(days=(index // 1000) * 17 % 33000)
    return make_id_number("140213", born, index % 1000), born


def roster_rows(count: int, offset: int = 0):
    """Rows of a roster: households of 1–6 people, in turn over the villages."""
    index, household = 0, 0
    while index < count:
        size = household % 6 + 1
        village = VILLAGES[household % len(VILLAGES)]
        head = f"{SURNAMES[household % 10]}户主{household}"
        for member in range(min(size, count - index)):
            number, born = identity(offset + index)
            name = head if member == 0 else f"{head[0]}成员{index}"
            groups = (
                "低保户" if index % 10 == 0 else ("残疾人、五保户" if index % 37 == 0 else None)
            )
            yield [
                f"H{household:06d}", head, name, RELATIONS[member], number,
                "男" if int(number[16]) % 2 else "女", "汉族", born.isoformat(),
                f"139{index % 100_000_000:08d}", f"{village}{household}号", village, groups,
            ]  # fmt: skip
            index += 1
        household += 1


# Each step in a fresh process (projects_bench.child), running this script.
child = partial(projects_bench.child, script=HERE)


# Steps ------------------------------------------------------------------------------------------


def step_prepare(folder: str, rows: int) -> dict:
    """Migrate, load the demo district, write the roster."""
    setup_django()
    from django.core.management import call_command
    from openpyxl import Workbook

    from taizhang.core import demo

    call_command("migrate", verbosity=0)
    demo.load_demo_district()
    path = Path(folder) / "roster.xlsx"
    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append(["平城区人口花名册（基准测试）"])
    sheet.append(HEADERS)
    for values in roster_rows(rows):
        sheet.append(values)
    book.save(path)
    return {"path": str(path), "seconds": time.perf_counter() - started}


def step_import(path: str) -> dict:
    setup_django()
    from taizhang.core import imports
    from taizhang.core.ledgers import get_ledger
    from taizhang.core.models import User

    admin = User.objects.get(username="admin")
    started = time.perf_counter()
    with open(path, "rb") as upload:
        job = imports.create_job(
            ledger=get_ledger("people"), by=admin, upload=upload, file_name="r.xlsx",
            dry_run=False,
        )  # fmt: skip
    job = imports.run_job(job)
    elapsed = time.perf_counter() - started
    assert job.status == "succeeded", (job.message, job.errors[:3])
    return {"rows": job.created_count, "seconds": elapsed, "peak_mib": peak_mib()}


def step_million(folder: str) -> dict:
    """A sheet of 1,000,001 rows: written, then refused at upload."""
    setup_django()
    from django.core.exceptions import ValidationError
    from openpyxl import Workbook

    from taizhang.core import imports
    from taizhang.core.ledgers import get_ledger
    from taizhang.core.models import User

    path = Path(folder) / "million.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append(["姓名", "公民身份号码", "所属村（社区）"])
    for index in range(1_000_000):
        sheet.append([f"某{index}", "140213193001010011", "西王庄村"])
    book.save(path)
    admin = User.objects.get(username="admin")
    started = time.perf_counter()
    try:
        with open(path, "rb") as upload:
            imports.create_job(
                ledger=get_ledger("people"), by=admin, upload=upload, file_name="m.xlsx",
                dry_run=True,
            )  # fmt: skip
        message = "accepted!"
    except ValidationError as error:
        message = error.messages[0]
    return {
        "seconds": time.perf_counter() - started,
        "mib": path.stat().st_size / 2**20,
        "message": message,
    }


def step_fill(total: int) -> dict:
    """Fill the registry up to `total` people with straight bulk inserts (no audit)."""
    setup_django()
    from django.db import connection, transaction

    from taizhang.core.models import Unit
    from taizhang.people.models import Person

    units = list(Unit.objects.filter(name__in=VILLAGES).values_list("pk", flat=True))
    start = Person.objects.count()
    started = time.perf_counter()
    batch: list[Person] = []
    with transaction.atomic():
        for index in range(start, total):
            number, born = identity(index)
            batch.append(
                Person(
                    name=f"填充{index}", id_number=number, id_last4=number[-4:],
                    sex="male" if int(number[16]) % 2 else "female", birth_date=born,
                    unit_id=units[index % len(units)],
                )
            )  # fmt: skip
            if len(batch) == 10_000:
                Person.objects.bulk_create(batch)
                batch.clear()
        Person.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather them
        cursor.execute("ANALYZE")
    return {"people": Person.objects.count(), "seconds": time.perf_counter() - started}


def step_lookups() -> dict:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from taizhang.core.models import Unit, User
    from taizhang.people.filters import PersonFilter
    from taizhang.people.models import Person

    village = Unit.objects.get(name="塔儿村")
    officer = User.objects.filter(unit=village).first() or User.objects.get(username="admin")
    target = Person.objects.filter(unit=village).order_by("-pk").first()
    assert target is not None
    result: dict = {"people": Person.objects.count(), "user": officer.username}
    for label, params in (
        ("whole ID number", {"q": target.id_number}),
        ("last 4 within the village", {"q": target.id_number[-4:], "unit": village.pk}),
    ):

        def search(params=params):
            people = PersonFilter(params, queryset=Person.objects.for_user(officer)).qs
            return list(people[:20])

        found = search()
        times = []
        for _ in range(9):
            started = time.perf_counter()
            search()
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            search()
        sql = queries.captured_queries[-1]["sql"]
        with connection.cursor() as cursor:
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            cursor.execute(explain + sql)
            plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
        result[label] = {
            "ms": statistics.median(times),
            "found": len(found),
            "has_target": target in found,
            "plan": plan,
        }
    return result


def step_pages() -> dict:
    """The registry's lists, API and stats at this scale, as a village officer and the district."""
    setup_django()
    from taizhang.core.models import Unit, User

    village = Unit.objects.get(name="塔儿村")
    officer = User.objects.filter(unit=village).first() or User.objects.get(username="admin")
    pages = {
        "person list": "/people/",
        "person search, name": "/people/?q=填充4242",
        "household list": "/people/households/",
        "group list": "/people/groups/",
        "API persons": "/api/v1/people/persons?limit=50",
    }
    return time_pages((officer.username, "leader"), pages, stats="people")


# Main -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--registry", type=int, default=1_000_000)
    parser.add_argument("--million-rows", action="store_true")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        steps = {
            "prepare": lambda folder, n: step_prepare(folder, int(n)),
            "import": step_import,
            "million": step_million,
            "fill": lambda n: step_fill(int(n)),
            "lookups": step_lookups,
            "pages": step_pages,
        }
        print(json.dumps(steps[options.step](*options.args)))
        return
    with tempfile.TemporaryDirectory() as folder:
        env, database = make_database(Path(folder))
        engine = "PostgreSQL" if database else "SQLite"
        try:
            run(env, folder, options, engine)
        finally:
            if database:
                drop_database(database)


def run(env: dict[str, str], folder: str, options: argparse.Namespace, engine: str) -> None:
    print(f"== {engine}: roster of {options.people:,}, registry of {options.registry:,}")
    env = {**env, "TAIZHANG_IMPORT_MAX_ROWS": str(max(options.people + 10, 300_000))}
    prepared = child(env, "prepare", folder, str(options.people))
    size = Path(prepared["path"]).stat().st_size / 2**20
    print(f"roster written:       {size:.1f} MiB in {prepared['seconds']:.1f} s")
    done = child(env, "import", prepared["path"])
    print(
        f"roster import job:    {done['seconds']:.1f} s, {done['rows'] / done['seconds']:,.0f} "
        f"rows/s, peak {done['peak_mib']:.0f} MiB"
    )
    if options.million_rows:
        refused = child(env, "million", folder)
        print(
            f"1,000,001-row sheet ({refused['mib']:.0f} MiB): refused at upload in "
            f"{refused['seconds']:.2f} s: {refused['message']}"
        )
    filled = child(env, "fill", str(options.registry))
    print(f"registry filled:      {filled['people']:,} people in {filled['seconds']:.0f} s")
    found = child(env, "lookups")
    for label in ("whole ID number", "last 4 within the village"):
        figures = found[label]
        print(
            f"search by {label:<26} {figures['ms']:6.1f} ms, {figures['found']} found "
            f"(target found: {figures['has_target']}) as {found['user']}"
        )
        print("    " + figures["plan"].replace("\n", "\n    "))
    print_pages(child(env, "pages"))


if __name__ == "__main__":
    main()
