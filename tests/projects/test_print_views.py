"""Print versions (打印) of the project bank: a project, the bulletin and every list have a 打印
link; the print version of a list holds all the rows of its filter and no navigation, and a
project's prints with its forms hidden (print.css)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from taizhang.projects.models import Stage
from taizhang.projects.services import plans
from tests.conftest import client_for
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

LISTS = [
    "project-list",
    "project-review-queue",
    "yearplan-list",
    "report-list",
    "report-queue",
    "report-missing",
    "warning-list",
    "project-bulletin",
    "published-stats-list",
]


@pytest.fixture
def sixty(district, people):
    projects = [
        make_project(district.taer, name=f"塔儿村工程{number:02d}", stage=Stage.ANNUAL)
        for number in range(60)
    ]
    for project in projects[:3]:
        plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=10)
    return projects


@pytest.mark.parametrize("name", LISTS)
def test_each_list_and_the_bulletin_link_a_print_version_without_the_menu(people, sixty, name):
    client = client_for(people.office)
    page = client.get(reverse(name), {"year": 2022}).content.decode()
    assert "print=1" in page and "data-print" in page
    printed = client.get(reverse(name), {"year": 2022, "print": "1"})
    assert printed.status_code == 200
    html = printed.content.decode()
    assert 'class="print"' in html and 'class="site' not in html
    assert 'class="print-header' in html


def test_the_print_version_of_the_project_list_holds_every_row_of_its_filter(people, sixty):
    client = client_for(people.office)
    assert "塔儿村工程59" not in client.get(reverse("project-list")).content.decode()
    printed = client.get(reverse("project-list"), {"q": "工程", "print": "1"})
    html = printed.content.decode()
    assert all(f"塔儿村工程{number:02d}</a>" in html for number in range(60))
    assert 'class="pagination' not in html and 'class="pager' not in html
    header = html[html.index('class="print-header') : html.index("<main")]
    assert "工程" in header  # the filter, in words


def test_printing_a_list_costs_no_more_queries_for_more_rows(people, district, sixty):
    client = client_for(people.office)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("project-list"), {"print": "1"})
        return len(captured)

    few = queries()
    for number in range(20):
        make_project(district.xiwangzhuang, name=f"西王庄村工程{number}")
    assert queries() == few


def test_a_project_prints_with_its_forms_left_to_the_screen(people, sixty):
    project = sixty[0]
    client = client_for(people.office)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "data-print" in page
    printed = client.get(project.get_absolute_url(), {"print": "1"}).content.decode()
    assert project.name in printed
    assert 'class="print"' in printed and 'class="site' not in printed
    assert 'id="pipeline" class="no-print"' in printed  # hidden on paper by print.css
