"""A project's page keeps its fields and its timeline for the user (`{% cached_reads %}` in
project_detail.html): a second view costs fewer queries, yet a change to the project or to
anything the page shows of it is seen at once, and the stage forms and the recent history
around the kept parts are made on every view."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core import audit
from taizhang.core.models import Unit
from taizhang.projects.models import Nature, Project, Stage
from taizhang.supervision.services import items
from tests.conftest import client_for
from tests.projects.factories import make_project, make_quantity, make_stage_event
from tests.projects.stats_data import plan

pytestmark = pytest.mark.django_db


def view(client, project) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/projects/{project.pk}/")
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def kept(page: str) -> str:
    """The two kept parts (the shell and the forms carry a CSRF token masked anew)."""
    start = page.index('<nav aria-label="breadcrumb">')
    fields = page[start : page.index("</section>", page.index('id="quantities"'))]
    timeline = page[page.index('id="timeline"') : page.index('id="attachments"')]
    return fields + timeline


@pytest.fixture
def project(district):
    return make_project(district.taer, name="塔儿村巷道硬化", code="PC-2022-001")


def test_a_project_seen_again_costs_fewer_queries_and_shows_the_same(people, project):
    client = client_for(people.leader)
    first, built = view(client, project)
    again, fewer = view(client, project)
    assert kept(again) == kept(first)
    assert fewer < built


CHANGES = {
    "name": lambda p, d, u: Project.objects.filter(pk=p.pk).update(name="塔儿村污水管网"),
    "unit renamed": lambda p, d, u: Unit.objects.filter(pk=d.taer.pk).update(name="塔儿新村"),
    "quantity": lambda p, d, u: make_quantity(p, item="污水管网", value=Decimal("800")),
    "stage event": lambda p, d, u: make_stage_event(p, note="纳入年度计划"),
    "year plan": lambda p, d, u: plan(p, 2022, Nature.NEW, "66.00"),
    "supervision item": lambda p, d, u: items.create_item(
        by=u.office,
        flow="coordination",
        title="施工占道协调",
        supervisor_unit=d.fagaiju,
        units=[d.taer],
        deadline=datetime.date(2030, 1, 1),
        subject=p,
    ),
}
SHOWN = {
    "name": "塔儿村污水管网",
    "unit renamed": "塔儿新村",
    "quantity": "污水管网",
    "stage event": "纳入年度计划",
    "year plan": "66.00",
    "supervision item": "施工占道协调",
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_anything_the_page_shows_is_seen_at_once(district, people, project, change):
    client = client_for(people.leader)
    view(client, project)
    CHANGES[change](project, district, people)
    page = view(client, project)[0]
    assert SHOWN[change] in kept(page)
    cache.clear()
    assert kept(view(client, project)[0]) == kept(page)


def test_each_user_gets_their_own_page(district, people, project):
    """The leader reads; 塔儿村's officer files the monthly report and edits."""
    Project.objects.filter(pk=project.pk).update(stage=Stage.ANNUAL)
    leader_page = view(client_for(people.leader), project)[0]
    officer_page = view(client_for(people.taer_officer), project)[0]
    edit = f'href="/projects/{project.pk}/edit/"'
    assert edit not in leader_page
    assert edit in officer_page
    assert edit not in view(client_for(people.leader), project)[0]


def test_the_recent_history_is_read_on_every_view(people, project):
    client = client_for(people.leader)
    view(client, project)
    audit.record_update(project, {**audit.snapshot(project), "name": "旧名"}, by=people.office)
    assert "旧名" in view(client, project)[0]
