"""Reads that feed pages and warnings: the department scorecard, overdue assignments, the
items about a record and the light filter."""

import datetime

import pytest

from taizhang.supervision import queries
from taizhang.supervision.models import Assignment, SupervisionItem
from tests.supervision.conftest import DAY, run

pytestmark = pytest.mark.django_db


def finish(assignment, officer, office):
    return run(
        assignment,
        (officer, "accept"),
        (officer, "start"),
        (officer, "report", "ok"),
        (office, "approve"),
        (office, "close"),
    )


def test_the_scorecard_counts_open_overdue_closed_and_the_median_days_to_close(
    district, people, make_item, clock
):
    early = make_item(district.taer, deadline=datetime.date(2022, 6, 10))
    make_item(district.taer, deadline=datetime.date(2022, 6, 12))  # stays open, then overdue
    later = [make_item(district.taer, district.xiwangzhuang) for _ in range(2)]
    clock(DAY + datetime.timedelta(days=3))  # 塔儿村 closes one after 3 days
    finish(early.assignments.get(), people.taer_officer, people.office)
    clock(DAY + datetime.timedelta(days=8))  # and another after 8
    finish(later[0].assignments.get(unit=district.taer), people.taer_officer, people.office)
    clock(DAY + datetime.timedelta(days=20))  # 西王庄村 after 20
    finish(later[0].assignments.get(unit=district.xiwangzhuang), people.xwz_officer, people.office)
    clock(datetime.date(2022, 6, 15))
    rows = {row["unit__name"]: row for row in queries.scorecard(Assignment.objects.all())}
    assert {k: rows["塔儿村"][k] for k in ("total", "open", "overdue", "closed")} == {
        "total": 4,
        "open": 2,
        "overdue": 1,
        "closed": 2,
    }
    assert rows["塔儿村"]["median_days"] == 5.5
    assert rows["西王庄村"]["median_days"] == 20
    assert (rows["西王庄村"]["open"], rows["西王庄村"]["overdue"]) == (1, 0)


def test_the_scorecard_of_an_officer_covers_only_what_they_see(district, people, make_item):
    make_item(district.taer)
    make_item(district.guchengcun)
    rows = queries.scorecard(Assignment.objects.for_user(people.taer_officer))
    assert [row["unit__name"] for row in rows] == ["塔儿村"]


def test_items_about_a_record_are_those_the_user_may_see(district, people, make_item):
    item = make_item(district.taer, subject=district.xiaonantou)
    make_item(district.taer)
    assert list(queries.items_for(district.xiaonantou, people.taer_officer)) == [item]
    assert list(queries.items_for(district.xiaonantou, people.xwz_officer)) == []


def test_items_take_the_worst_light_of_their_open_assignments(district, people, make_item, clock):
    red = make_item(district.taer, district.xiwangzhuang, deadline=datetime.date(2022, 6, 2))
    Assignment.objects.filter(item=red, unit=district.xiwangzhuang).update(
        deadline=datetime.date(2022, 9, 1)
    )
    yellow = make_item(district.taer, deadline=datetime.date(2022, 6, 5))
    green = make_item(district.taer, deadline=datetime.date(2022, 9, 1))
    clock(datetime.date(2022, 6, 3))
    items = SupervisionItem.objects.all()
    assert list(queries.items_with_light(items, "red")) == [red]
    assert list(queries.items_with_light(items, "yellow")) == [yellow]
    assert list(queries.items_with_light(items, "green")) == [green]
    assert queries.worst_light(list(red.assignments.all())) == "red"
