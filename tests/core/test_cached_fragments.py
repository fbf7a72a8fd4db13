"""Parts of list pages kept for the user (core/templatetags/cached_reads.py): the second view
of a list costs fewer queries, yet any change to a row it shows is seen at once, and a user
never gets a part kept for another."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from taizhang.core import aggregates
from taizhang.core.models import Unit
from taizhang.projects.models import Project
from tests.conftest import client_for
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db


def get(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_a_list_seen_again_costs_fewer_queries_and_shows_the_same(district, people):
    make_project(district.taer, name="塔儿村巷道硬化")
    client = client_for(people.leader)
    first, built = get(client, "/projects/?category=livelihood")
    again, kept = get(client, "/projects/?category=livelihood")
    assert "塔儿村巷道硬化" in first
    assert listing(again) == listing(first)  # the shell differs: its CSRF token is masked anew
    assert kept < built


def listing(page: str) -> str:
    """The filters, the count and the table: the part kept."""
    return page[page.index('<form method="get"') : page.index("</table>")]


@pytest.mark.parametrize(
    "change",
    [
        lambda p: Project.objects.filter(pk=p.pk).update(name="塔儿村污水管网"),
        lambda p: make_project(p.unit, name="塔儿村污水管网"),
        lambda p: connection.cursor().execute(
            "UPDATE projects_project SET name = %s WHERE id = %s", ["塔儿村污水管网", p.pk]
        ),
    ],
    ids=["update", "insert", "raw sql"],
)
def test_a_change_to_a_listed_table_is_seen_at_once(district, people, change):
    project = make_project(district.taer, name="塔儿村巷道硬化")
    client = client_for(people.leader)
    get(client, "/projects/")
    change(project)
    page, _queries = get(client, "/projects/")
    assert "塔儿村污水管网" in page


def test_a_unit_renamed_is_seen_at_once_in_the_list(district, people):
    make_project(district.taer, name="塔儿村巷道硬化")
    client = client_for(people.leader)
    get(client, "/projects/")
    district.taer.name = "塔儿新村"
    district.taer.save(update_fields=["name"])
    assert "塔儿新村" in get(client, "/projects/")[0]


def test_each_filter_and_page_is_kept_apart(district, people):
    make_project(district.taer, name="塔儿村巷道硬化")
    client = client_for(people.leader)
    get(client, "/projects/")
    assert "塔儿村巷道硬化" not in get(client, "/projects/?q=不存在的项目")[0]


def test_a_user_never_gets_the_part_kept_for_another(district, people):
    make_project(district.taer, name="塔儿村巷道硬化")
    make_project(district.xiwangzhuang, name="西王庄村文化广场")
    assert "西王庄村文化广场" in get(client_for(people.leader), "/projects/")[0]
    officer_page = get(client_for(people.taer_officer), "/projects/")[0]
    assert "塔儿村巷道硬化" in officer_page
    assert "西王庄村文化广场" not in officer_page


def test_a_part_that_read_no_table_is_not_kept(people):
    calls = []

    def compute(user):
        calls.append(user)
        return "shown"

    for _ in range(2):
        aggregates.cached_reads("test.nothing-read", compute, people.leader, needs_reads=True)
    assert len(calls) == 2


def test_the_fragments_can_be_turned_off(district, people, settings):
    settings.TAIZHANG_CACHED_FRAGMENTS = False
    make_project(district.taer, name="塔儿村巷道硬化")
    client = client_for(people.leader)
    _page, built = get(client, "/projects/")
    assert get(client, "/projects/")[1] == built


def test_the_dashboards_filters_show_a_renamed_subdistrict_at_once(district, people):
    client = client_for(people.leader)
    url = "/projects/dashboard/?year=2022"
    first, built = get(client, url)
    assert "小南头街道" in first
    assert get(client, url)[1] < built  # the filters were kept
    district.xiaonantou.name = "小南头新街道"
    district.xiaonantou.save(update_fields=["name"])
    assert "小南头新街道" in get(client, url)[0]


def test_a_value_the_view_worked_out_joins_the_key(district, people, rf):
    part = Template(
        '{% load cached_reads %}{% cached_reads "test-part" month %}'
        "{{ month }}:{% for unit in units %}{{ unit.name }}{% endfor %}{% endcached_reads %}"
    )
    request = rf.get("/projects/bulletin/?year=2022")
    request.user = people.leader

    def render(month: int) -> str:
        context = {"request": request, "month": month, "units": Unit.objects.filter(pk=1)}
        return part.render(Context(context))

    assert render(9).startswith("9:")
    assert render(10).startswith("10:")
