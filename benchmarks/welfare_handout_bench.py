"""The hand-out page's search at district scale: 10⁵ residents in households of 1–6 over ten
villages, every household entitled to the Spring Festival basket of one cycle.

    .venv/bin/python benchmarks/welfare_handout_bench.py [--people 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/...

Runs against a throw-away database (a temporary SQLite file, or a fresh PostgreSQL database
created and dropped at the end). Prints, median of 9 runs each, for a village clerk and for the
subdistrict officer: the search query alone (services.handouts.search, the 20 hits shown) and
the whole page (GET /welfare/cycles/<pk>/handout/?q=…, with its stock and not-collected part),
by the last 4 digits of an ID number and by part of a name. The target: ≤ 50 ms.

Never run as a test.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.projects_bench import drop_database, make_database, setup_django

VILLAGES = 10
SURNAMES = "王李张刘陈杨赵黄周吴"
FIRST = datetime.date(1930, 1, 1)
RUNS = 9


def median_ms(function) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def fill(people: int) -> dict:
    """The district, ten villages, `people` residents in households, one in-kind cycle."""
    from taizhang.core.models import Unit, UnitKind, User, UserRole
    from taizhang.core.roles import Role
    from taizhang.lib.idcard import make_id_number
    from taizhang.people.models import Household, HouseholdMember, Person, Relation
    from taizhang.welfare.models import (
        BasketItem,
        BenefitUnit,
        Cycle,
        CycleStatus,
        Entitlement,
        Programme,
        ProgrammeKind,
        Stock,
    )

    district = Unit.add_root(name="平城区", code="B140213", kind=UnitKind.DISTRICT)
    subdistrict = district.add_child(
        name="小南头街道", code="B140213001", kind=UnitKind.SUBDISTRICT
    )
    villages = [
        Unit.objects.get(pk=subdistrict.add_child(
            name=f"村{index}", code=f"B1402130012{index:02d}", kind=UnitKind.VILLAGE
        ).pk)
        for index in range(VILLAGES)
    ]  # fmt: skip
    persons: list = []
    households, heads = [], []
    number = 0
    while len(persons) < people:
        unit = villages[number % VILLAGES]
        group = []
        for _ in range(min(number % 6 + 1, people - len(persons))):
            index = len(persons)
            born = FIRST + datetime.timedelta(days=(index // 1000) * 17 % 33000)
            id_number = make_id_number("140213", born, index % 1000)
            person = Person(
                unit=unit,
                name=f"{SURNAMES[index % 10]}{index}",
                id_number=id_number,
                id_last4=id_number[-4:],
                birth_date=born,
                sex="male",
            )
            persons.append(person)
            group.append(person)
        households.append(Household(unit=unit, number=f"H{number:06d}"))
        heads.append(group)
        number += 1
    Person.objects.bulk_create(persons, batch_size=5000)
    members = []
    Household.objects.bulk_create(households, batch_size=5000)
    for household, group in zip(households, heads, strict=True):
        for rank, person in enumerate(group):
            relation = Relation.HEAD if rank == 0 else Relation.CHILD
            members.append(HouseholdMember(household=household, person=person, relation=relation))
    HouseholdMember.objects.bulk_create(members, batch_size=5000)
    programme = Programme.objects.create(
        name="春节慰问品",
        owner=subdistrict,
        kind=ProgrammeKind.IN_KIND,
        benefit_unit=BenefitUnit.HOUSEHOLD,
        starts_on=datetime.date(2022, 1, 1),
    )
    items = [
        BasketItem.objects.create(
            programme=programme, name=n, quantity=Decimal(q), unit_of_measure=u
        )
        for n, q, u in (("大米", "10", "kg"), ("面粉", "5", "kg"), ("食用油", "5", "L"))
    ]
    cycle = Cycle.objects.create(
        programme=programme, period=datetime.date(2022, 1, 20), status=CycleStatus.APPROVED
    )
    Entitlement.objects.bulk_create(
        [
            Entitlement(
                cycle=cycle,
                programme=programme,
                person=group[0],
                household=household,
                unit_id=household.unit_id,
            )
            for household, group in zip(households, heads, strict=True)
        ],
        batch_size=5000,
    )
    Stock.objects.bulk_create(
        Stock(cycle=cycle, unit=village, item=item, received=Decimal("100000"))
        for village in villages
        for item in items
    )
    clerk = User.objects.create_user(username="clerk", password="x", unit=villages[3])
    officer = User.objects.create_user(username="officer", password="x", unit=subdistrict)
    UserRole.objects.bulk_create(
        [
            UserRole(user=clerk, role=Role.UNIT_OFFICER),
            UserRole(user=officer, role=Role.UNIT_OFFICER),
        ]
    )
    sample = next(p for p in persons[len(persons) // 2 :] if p.unit_id == villages[3].pk)
    return {
        "cycle": cycle.pk,
        "last4": sample.id_number[-4:],
        "name": sample.name[:3],
        "households": len(households),
    }


def measure(facts: dict) -> dict:
    from django.db import connection
    from django.test import Client

    from taizhang.core.models import User
    from taizhang.welfare.models import Cycle
    from taizhang.welfare.services import handouts

    cycle = Cycle.objects.get(pk=facts["cycle"])
    results: dict = {}
    for username in ("clerk", "officer"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        url = f"/welfare/cycles/{cycle.pk}/handout/"
        for label, query in (("last4", facts["last4"]), ("name", facts["name"])):

            def query_only(query=query, user=user) -> None:
                found = handouts.search(user, cycle, query)
                list(found.select_related("person", "household", "unit")[:20])

            def page(query=query, client=client, url=url) -> None:
                response = client.get(url, {"q": query})
                assert response.status_code == 200, response.status_code

            page()  # warm the session and the caches
            results[f"{username}_{label}_query_ms"] = median_ms(query_only)
            results[f"{username}_{label}_page_ms"] = median_ms(page)
    results["engine"] = connection.vendor
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="taizhang-handout-bench-"))
    env, database = make_database(folder)
    os.environ.update(env)
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    try:
        setup_django()
        from django.conf import settings
        from django.core.management import call_command

        settings.DEBUG = False
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        facts = fill(options.people)
        from django.db import connection

        if connection.vendor == "postgresql":  # what autovacuum does after a bulk load
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        facts["fill_s"] = round(time.perf_counter() - start, 1)
        facts["people"] = options.people
        facts.update(measure(facts))
        print(json.dumps(facts, ensure_ascii=False))
    finally:
        from django.db import connections

        connections.close_all()
        if database:
            drop_database(database)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
