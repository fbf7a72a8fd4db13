"""The deadline shown for supervision work: the list, the item page, the page of the record the
item is about and the API show one date, the one the light is computed from."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from taizhang.supervision import services
from taizhang.supervision.deadlines import deadline_of, item_deadline
from taizhang.supervision.models import SupervisionItem
from tests.conftest import client_for
from tests.projects.factories import make_project
from tests.supervision.conftest import DEADLINE, run

pytestmark = pytest.mark.django_db

EXTENDED = datetime.date(2022, 7, 20)


def extend(assignment, people, until=EXTENDED):
    request = services.request_extension(
        assignment, by=people.taer_officer, until=until, reason="雨季施工"
    )
    services.decide_extension(request, by=people.office, approve=True)


def list_deadline(client, item) -> str:
    """The deadline in the item's row of the supervision list."""
    page = client.get(reverse("supervision-list")).content.decode()
    row = next(r for r in page.split("<tr")[1:] if item.get_absolute_url() in r)
    return re.findall(r"\d{4}-\d{2}-\d{2}", row)[0]


def detail_deadline(client, item) -> str:
    page = client.get(item.get_absolute_url()).content.decode()
    return re.search(r'id="item-deadline">(\d{4}-\d{2}-\d{2})', page)[1]


def test_after_an_approved_extension_the_list_and_the_item_page_show_the_new_date(
    district, people, make_item
):
    item = make_item()
    extend(item.assignments.get(), people)
    client = client_for(people.office)
    assert list_deadline(client, item) == detail_deadline(client, item) == "2022-07-20"
    page = client.get(item.get_absolute_url()).content.decode()
    assert "2022-06-30" in page.split('id="item-deadline">')[1].split("</dd>")[0]  # as assigned


def test_the_page_of_the_record_an_item_is_about_shows_the_same_date(district, people, make_item):
    project = make_project(district.taer, name="塔儿村巷道硬化")
    item = make_item(subject=project)
    extend(item.assignments.get(), people)
    page = client_for(people.office).get(project.get_absolute_url()).content.decode()
    panel = page.split('<section id="supervision">')[1].split("</section>")[0]
    assert '<small class="deadline">2022-07-20' in panel


def test_the_item_shows_the_nearest_open_assignment_then_the_latest(district, people, make_item):
    item = make_item(district.taer, district.xiwangzhuang)
    taer = item.assignments.get(unit=district.taer)
    extend(taer, people, until=datetime.date(2022, 8, 31))
    item = SupervisionItem.objects.get(pk=item.pk)
    assert deadline_of(item) == DEADLINE  # 西王庄村's, still 6-30, comes first
    xwz = item.assignments.get(unit=district.xiwangzhuang)
    run(
        xwz,
        (people.xwz_officer, "accept"),
        (people.xwz_officer, "start"),
        (people.xwz_officer, "report", "已协调完毕"),
        (people.office, "approve"),
        (people.office, "close"),
    )
    assert deadline_of(SupervisionItem.objects.get(pk=item.pk)) == datetime.date(2022, 8, 31)


def test_the_sql_and_the_python_rule_agree(district, people, make_item):
    plain = make_item(title="未延期")
    extended = make_item(district.taer, district.xiwangzhuang, title="已延期")
    extend(extended.assignments.get(unit=district.taer), people, until=datetime.date(2022, 7, 1))
    extend(plain.assignments.get(), people, until=datetime.date(2022, 9, 1))
    rows = SupervisionItem.objects.annotate(shown=item_deadline()).prefetch_related("assignments")
    assert {item.title: item.shown for item in rows} == {
        item.title: deadline_of(item) for item in rows
    }


def test_the_list_sorts_by_the_deadline_it_shows(district, people, make_item):
    early = make_item(title="先到期", deadline=datetime.date(2022, 7, 10))
    later = make_item(title="后到期")  # 6-30, extended to 7-20
    extend(later.assignments.get(), people)
    page = client_for(people.office).get(reverse("supervision-list"), {"sort": "deadline"})
    text = page.content.decode()
    assert text.index(early.title) < text.index(later.title)


def test_the_api_gives_the_same_deadline_and_the_one_assigned(district, people, make_item):
    item = make_item()
    extend(item.assignments.get(), people)
    body = client_for(people.office).get(f"/api/v1/supervision/items/{item.pk}").json()
    assert body["deadline"] == "2022-07-20"
    assert body["assigned_deadline"] == "2022-06-30"
    assert body["assignments"][0]["deadline"] == "2022-07-20"
