"""Supervision on the workbench: whose turn it is comes from the flow, for the assigned and
the supervising unit; extension requests for the deciding unit; a leader's red and yellow
assignments and figures; the search of items."""

import datetime

import pytest

from taizhang.supervision import services, workbench
from tests.supervision.conftest import DAY, DEADLINE, run

pytestmark = pytest.mark.django_db


def batches(user, day=DAY):
    return {batch.kind: batch for batch in workbench.todo(user, day, 8)}


def titles(batch):
    return [(item.title, str(item.action)) for item in batch.items]


def test_the_assigned_unit_signs_for_works_on_and_then_waits(district, people, make_item):
    assignment = make_item().assignments.get()
    mine = batches(people.taer_officer)
    assert titles(mine["accept"]) == [("硬化巷道施工协调", "Accept")]
    item = mine["accept"].items[0]
    assert (item.due, item.overdue) == (DEADLINE, False)
    assert item.url == f"/supervision/assignments/{assignment.pk}/"
    assert "区发改局" in item.detail

    assignment = run(assignment, (people.taer_officer, "accept"))
    assert titles(batches(people.taer_officer)["work"]) == [("硬化巷道施工协调", "Start work")]

    run(assignment, (people.taer_officer, "start"), (people.taer_officer, "report", "已完成"))
    mine = batches(people.taer_officer)
    assert (mine["work"].total, mine["waiting"].total) == (0, 1)
    assert mine["waiting"].waiting_on_others
    assert titles(batches(people.office)["check"]) == [("硬化巷道施工协调", "Approve")]


def test_only_the_units_own_assignments_not_those_below_it(district, people, make_item):
    make_item()
    assert batches(people.subdistrict_officer)["accept"].total == 0
    assert batches(people.xwz_officer)["accept"].total == 0
    assert workbench.todo(people.leader, DAY, 8) == []


def test_a_returned_assignment_waits_for_the_supervisor_to_reissue(district, people, make_item):
    assignment = make_item().assignments.get()
    run(assignment, (people.taer_officer, "return", "不属于本村"))
    office = batches(people.office)
    assert titles(office["returned"]) == [("硬化巷道施工协调", "Assign again")]
    assert office["returned"].items[0].due is None  # paused: no clock runs
    assert batches(people.taer_officer)["waiting"].total == 1


def test_the_supervising_unit_decides_extension_requests(district, people, make_item):
    assignment = run(make_item().assignments.get(), (people.taer_officer, "accept"))
    services.request_extension(
        assignment,
        by=people.taer_officer,
        until=DEADLINE + datetime.timedelta(days=10),
        reason="雨季",
    )
    extension = batches(people.office)["extension"]
    assert titles(extension) == [("硬化巷道施工协调", "Decide")]
    assert "雨季" in extension.items[0].detail
    assert extension.items[0].due == DEADLINE
    assert batches(people.taer_officer)["extension"].total == 0


def test_overdue_and_due_this_week_are_counted(district, people, make_item, clock):
    make_item(title="早到期", deadline=datetime.date(2022, 6, 2))
    make_item(title="晚到期", deadline=datetime.date(2022, 6, 20))
    clock(datetime.date(2022, 6, 3))
    accept = batches(people.taer_officer, datetime.date(2022, 6, 3))["accept"]
    assert [item.title for item in accept.items] == ["早到期", "晚到期"]
    assert (accept.total, accept.overdue, accept.due_this_week) == (2, 1, 0)


def test_leaders_see_red_and_yellow_assignments_and_the_figures(district, people, make_item):
    make_item(title="将到期", deadline=DAY + datetime.timedelta(days=2))
    make_item(title="不急", deadline=DAY + datetime.timedelta(days=20))
    [alerts] = workbench.alerts(people.leader, DAY, 8)
    assert [(item.title, item.level) for item in alerts.items] == [("将到期", "yellow")]
    assert (alerts.total, alerts.overdue, alerts.due_this_week) == (1, 0, 1)
    tiles = {str(tile.label): tile.value for tile in workbench.tiles(people.leader)}
    assert tiles == {"Open assignments": "2", "Overdue assignments": "0"}


def test_the_search_finds_items_by_title_in_scope(district, people, make_item):
    make_item()
    [group] = workbench.search(people.taer_officer, "巷道", 5)
    assert [hit.title for hit in group.hits] == ["硬化巷道施工协调"]
    [group] = workbench.search(people.xwz_officer, "巷道", 5)
    assert group.total == 0
