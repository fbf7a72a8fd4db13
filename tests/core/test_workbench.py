"""The workbench (工作台): the home page and GET /api/v1/todo merge every module's to-dos by
deadline with counts; a failing provider or an undeclared kind costs only its own part; a
leader sees alerts and figures; the page costs the same queries for 5 items as for 20."""

from __future__ import annotations

import datetime
import logging
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core import modules, workbench
from taizhang.core.models import AuditEntry, Unit
from taizhang.lib import clock
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2022, 4, 6)  # a Wednesday
DAY = datetime.timedelta(days=1)


def item(title, due=None, kind="sign", **fields):
    return modules.TodoItem(
        module="fake",
        kind=kind,
        title=title,
        url=f"/fake/{title}/",
        due=due,
        overdue=bool(due and due < TODAY),
        **fields,
    )


def fake_todo(user, today, limit):
    return [
        modules.TodoBatch(
            "sign",
            [item("undated"), item("next week", TODAY + 7 * DAY), item("late", TODAY - DAY)],
            total=12,
            overdue=1,
            due_this_week=0,
        ),
        modules.TodoBatch(
            "sent",
            [item("sent for approval", kind="sent", waiting_on_others=True)],
            total=2,
            waiting_on_others=True,
        ),
    ]


def fake_alerts(user, today, limit):
    return [modules.TodoBatch("sign", [item("red one", TODAY - DAY, level="red")], 1, 1)]


def broken(user, today, limit):
    raise RuntimeError("provider bug")


def strange(user, today, limit):
    return [modules.TodoBatch("mystery", [item("odd thing", kind="mystery")], 1)]


def fake_tiles(user):
    return [modules.Tile("Widgets", "42", "/fake/widgets/")]


@pytest.fixture
def only_fake(monkeypatch):
    """The registry with one fake module instead of the real ones. The URLs (the API's routers
    among them, added from the registry once per process) are loaded first, from the real one:
    else a later test of the same process would find no module's API."""
    import taizhang.urls  # noqa: F401

    def register(**parts):
        fake = modules.Module(
            "fake", "Fake module", todo_kinds={"sign": "To sign", "sent": "Sent"}, **parts
        )
        monkeypatch.setattr(modules, "_modules", {"fake": fake})
        return fake

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return register


def test_items_are_merged_by_deadline_and_counted(people, only_fake):
    only_fake(todo=(fake_todo,))
    bench = workbench.collect(people.taer_officer)
    assert [i.title for i in bench.items] == ["late", "next week", "undated", "sent for approval"]
    counts = bench.counts
    assert (counts.overdue, counts.due_this_week, counts.total) == (1, 0, 12)
    assert (counts.waiting_on_others, counts.per_module) == (2, {"fake": 12})


def test_the_home_page_shows_the_groups_one_click_from_each_item(people, only_fake):
    only_fake(todo=(fake_todo,))
    page = client_for(people.taer_officer).get("/").content.decode()
    assert page.index("late") < page.index("next week") < page.index("undated")
    assert 'href="/fake/late/"' in page
    assert "To sign" in page and "Waiting on others" in page
    assert "and 9 more" in page
    assert "<script" not in page.split("<main", 1)[1]  # works without JavaScript


def test_a_failing_provider_leaves_a_notice_and_the_rest_of_the_page(people, only_fake, caplog):
    only_fake(todo=(broken, fake_todo))
    with caplog.at_level(logging.ERROR, logger="taizhang.core.workbench"):
        response = client_for(people.taer_officer).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Part of Fake module could not be shown" in page
    assert 'href="/fake/late/"' in page
    assert "provider bug" in caplog.text
    api = client_for(people.taer_officer).get("/api/v1/todo")
    assert api.status_code == 200
    assert len(api.json()["notices"]) == 1


def test_an_undeclared_kind_is_shown_under_a_generic_label_and_logged(people, only_fake, caplog):
    only_fake(todo=(strange,))
    with caplog.at_level(logging.WARNING, logger="taizhang.core.workbench"):
        page = client_for(people.taer_officer).get("/").content.decode()
    assert "odd thing" in page and "Other items" in page
    assert "did not declare" in page
    assert "mystery" in caplog.text


def test_a_leader_sees_alerts_and_figures_not_to_dos(people, only_fake):
    only_fake(todo=(fake_todo,), alerts=(fake_alerts,), tiles=(fake_tiles,))
    leader = workbench.collect(people.leader)
    assert [i.title for i in leader.items] == ["red one"]
    assert [tile.value for group in leader.tiles for tile in group.tiles] == ["42"]
    page = client_for(people.leader).get("/").content.decode()
    assert "Widgets" in page and "red one" in page and "undated" not in page
    writer = workbench.collect(people.taer_officer)
    assert writer.tiles == [] and "red one" not in [i.title for i in writer.items]
    assert workbench.collect(people.auditor).items == []


def test_the_api_returns_the_callers_items_and_counts(people, only_fake):
    only_fake(todo=(fake_todo,))
    body = client_for(people.taer_officer).get("/api/v1/todo").json()
    late = body["items"][0]
    assert {key: late[key] for key in ("module", "kind", "title", "due", "overdue", "url")} == {
        "module": "fake",
        "kind": "sign",
        "title": "late",
        "due": "2022-04-05",
        "overdue": True,
        "url": "/fake/late/",
    }
    assert body["counts"] == {
        "overdue": 1,
        "due_this_week": 0,
        "waiting_on_others": 2,
        "total": 12,
        "per_module": {"fake": 12},
    }
    sent = client_for(people.taer_officer).get("/api/v1/todo?module=fake&kind=sent").json()
    assert [i["title"] for i in sent["items"]] == ["sent for approval"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("module=nosuch", "module"), ("kind=nosuch", "kind"), ("module=fake&kind=x", "kind")],
)
def test_an_unknown_module_or_kind_is_refused_naming_the_field(people, only_fake, query, field):
    only_fake(todo=(fake_todo,))
    response = client_for(people.taer_officer).get(f"/api/v1/todo?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and [e["field"] for e in body["errors"]] == [field]


def test_the_api_needs_a_signed_in_caller(client, people):
    assert client.get("/api/v1/todo").status_code == 401
    assert client.get("/").status_code == 302


# ---------------------------------------------------------------------------------------------
# The real modules: a village officer's page, 5 or 20 items of each kind


def fill_work(district, people, n):
    """`n` projects of 塔儿村 in the 2022 plan without reports, and `n` supervision items
    assigned to 塔儿村."""
    from taizhang.projects.models import Stage
    from taizhang.projects.services import plans
    from taizhang.supervision import services
    from tests.projects.factories import make_project

    for number in range(n):
        project = make_project(district.taer, name=f"项目{number}", stage=Stage.ANNUAL)
        plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=10)
        services.create_item(
            by=people.office,
            flow="coordination",
            title=f"协调事项{number}",
            supervisor_unit=district.fagaiju,
            units=[district.taer],
            deadline=TODAY + number * DAY,
        )


@pytest.fixture
def on_today(monkeypatch):
    moment = datetime.datetime.combine(TODAY, datetime.time(10), ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_the_workbench_costs_the_same_queries_for_5_items_as_for_20(
    district, people, on_today, django_assert_max_num_queries
):
    client = client_for(people.taer_officer)
    client.get("/")  # the session, the user and the caches warm up

    def home() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/").content.decode()
        return len(queries), page

    fill_work(district, people, 5)
    five, page = home()
    assert page.count("协调事项") == 5 and page.count("File the report") == 5
    fill_work(district, people, 15)
    twenty, page = home()
    assert "协调事项19" not in page  # the first 8 of each kind by deadline
    assert ">20<" in page  # counted in full
    assert twenty == five
    # A fixed budget for the whole page: every module's providers (the welfare module's three
    # cost about 15 queries, the retirees' one count, the land module's 2, the volunteer
    # module's 3 and the party module's 2 for a user with none, each provider in a savepoint:
    # two statements more) and the shell; each provider's own count is tested in its module.
    # Measured cold: every cache empty (the providers' parts, the figures, the session's).
    cache.clear()
    with django_assert_max_num_queries(66):
        client.get("/")


def test_a_warm_workbench_reads_only_versions_and_shows_a_change_at_once(
    district, people, on_today
):
    client = client_for(people.taer_officer)
    fill_work(district, people, 2)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert page.count("协调事项") == 2
    providers = [q["sql"] for q in queries.captured_queries if "core_assignment" in q["sql"]]
    assert providers == []  # served from the cache: the shell's own queries and the versions
    assert len(queries) <= 6  # session, user, roles, versions, notifications, unit
    fill_work(district, people, 3)  # three more
    assert client.get("/").content.decode().count("协调事项") == 5


def test_a_user_does_not_get_another_users_cached_items(district, people, on_today):
    fill_work(district, people, 2)
    assert workbench.collect(people.taer_officer).counts.total
    assert workbench.collect(people.xwz_officer).counts.total == 0


def audited(user, today, limit):
    counted.append(1)
    return [modules.TodoBatch("sign", [], AuditEntry.objects.count())]


counted: list[int] = []


def test_a_provider_reading_a_table_without_versions_is_not_cached(people, only_fake):
    only_fake(todo=(audited,))
    counted.clear()
    workbench.collect(people.taer_officer)
    workbench.collect(people.taer_officer)
    assert counted == [1, 1]


def test_a_provider_is_computed_again_when_a_table_it_read_changes(people, only_fake, district):
    def units(user, today, limit):
        counted.append(1)
        return [modules.TodoBatch("sign", [], Unit.objects.filter(name="塔儿新村").count())]

    only_fake(todo=(units,))
    counted.clear()
    assert workbench.collect(people.taer_officer).counts.total == 0
    assert workbench.collect(people.taer_officer).counts.total == 0
    assert counted == [1]
    Unit.objects.filter(pk=district.taer.pk).update(name="塔儿新村")
    assert workbench.collect(people.taer_officer).counts.total == 1


def test_the_api_lists_the_real_to_dos_of_the_caller_only(district, people, on_today):
    fill_work(district, people, 2)
    changes = AuditEntry.objects.count()
    mine = client_for(people.taer_officer).get("/api/v1/todo?module=projects").json()
    assert [i["kind"] for i in mine["items"]] == ["report_due", "report_due"]
    assert mine["items"][0]["due"] == "2022-04-05"
    other = client_for(people.xwz_officer).get("/api/v1/todo").json()
    assert other["items"] == [] and other["counts"]["total"] == 0
    assert AuditEntry.objects.count() == changes
