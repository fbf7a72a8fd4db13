"""Personas and a small district shared by every test.

平城区 ─ 小南头街道 ─ 西王庄村, 塔儿村
       ─ 白登山街道 ─ 古城村
       ─ 区发改局
市生态环境局 (outside the district tree)
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from taizhang.core import jobs
from taizhang.core.models import UnitKind
from taizhang.core.roles import Role
from taizhang.lib import clock
from tests.factories import make_unit, make_user


@pytest.fixture(autouse=True)
def jobs_start_at_once(monkeypatch):
    """A job is queued when the request's transaction commits; a test's transaction never
    commits, so queue it at once (the immediate backend then runs it, settings_test.py). The
    tests of the queue itself put `on_commit` back."""
    monkeypatch.setattr(jobs, "on_commit", lambda callback, **kwargs: callback())


DEMO_DAY = datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def demo_district(django_db_setup, django_db_blocker) -> Iterator[str]:
    """`taizhang demo` run once for the test module, which takes its tests a minute on a small
    machine, on DEMO_DAY whatever today is: each test runs in a savepoint of that load, rolled
    back after the module. Gives what the command printed."""
    out = io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        patch.setattr(jobs, "on_commit", lambda callback, **kwargs: callback())
        patch.setattr(clock, "now", lambda: DEMO_DAY)
        call_command("demo", no_serve=True, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def district(db) -> SimpleNamespace:
    d = SimpleNamespace()
    d.pingcheng = make_unit("平城区", UnitKind.DISTRICT, code="140213")
    d.xiaonantou = make_unit("小南头街道", UnitKind.SUBDISTRICT, d.pingcheng, code="140213001")
    d.xiwangzhuang = make_unit("西王庄村", UnitKind.VILLAGE, d.xiaonantou, code="140213001201")
    d.taer = make_unit(
        "塔儿村",
        UnitKind.VILLAGE,
        d.xiaonantou,
        code="140213001204",
        address="塔儿村村委会",
        contact_phone="13912345678",
    )
    d.baidengshan = make_unit("白登山街道", UnitKind.SUBDISTRICT, d.pingcheng, code="140213002")
    d.guchengcun = make_unit("古城村", UnitKind.VILLAGE, d.baidengshan, code="140213002201")
    d.fagaiju = make_unit("区发改局", UnitKind.DEPARTMENT, d.pingcheng, code="140213100")
    d.eco_bureau = make_unit("市生态环境局", UnitKind.AGENCY, code="140200900")
    for unit in vars(d).values():
        unit.refresh_from_db()
    return d


@pytest.fixture
def people(district) -> SimpleNamespace:
    """One user per role, and officers of a subdistrict and two of its villages."""
    p = SimpleNamespace()
    p.admin = make_user("admin", Role.DISTRICT_ADMIN, unit=district.pingcheng)
    p.office = make_user("office", Role.PROGRAMME_OFFICE, unit=district.fagaiju)
    p.leader = make_user("leader", Role.LEADER, unit=district.pingcheng)
    p.auditor = make_user("auditor", Role.AUDITOR, unit=district.pingcheng)
    p.subdistrict_officer = make_user("xnt", Role.UNIT_OFFICER, unit=district.xiaonantou)
    p.xwz_officer = make_user("xwz", Role.UNIT_OFFICER, unit=district.xiwangzhuang)
    p.taer_officer = make_user("taer", Role.UNIT_OFFICER, unit=district.taer)
    p.nobody = make_user("nobody", unit=district.pingcheng)
    return p


def search_hits(user, query: str, module: str) -> dict[str, list[str]]:
    """The titles of what the global search finds for `user` in `module`, by group label."""
    from taizhang.core import search

    results = search.search(user, query)
    assert not results.notices
    return {
        str(group.label): [hit.title for hit in group.hits]
        for entry in results.modules
        if entry.key == module
        for group in entry.groups
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_admin(people) -> Client:
    return client_for(people.admin)


@pytest.fixture
def as_xwz(people) -> Client:
    return client_for(people.xwz_officer)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache of aggregates (core/aggregates.py): a figure cached
    by one test is never another's, whatever their versions."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
