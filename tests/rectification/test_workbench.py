"""Rectification on the workbench: findings to verify (never by their reporter), the case's
own steps once (as supervision items linking to the case), figures and the search."""

import datetime

import pytest

from taizhang.rectification import workbench
from taizhang.rectification.services import findings
from taizhang.supervision import workbench as supervision_workbench
from tests.rectification.conftest import walk_to

pytestmark = pytest.mark.django_db


def verify_batch(user, day=datetime.date(2022, 3, 1)):
    [batch] = workbench.todo(user, day, 8) or [None]
    return batch


def test_a_finding_reported_rectified_waits_for_someone_else_to_verify(rect, open_seed_case, clock):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    finding = case.findings.order_by("sequence").first()
    findings.report_rectified(finding, by=rect.inspector, note="废机油单独存放")

    assert verify_batch(rect.inspector).total == 0  # the reporter does not verify
    for person in (rect.inspector2, rect.prosecutor):
        batch = verify_batch(person)
        assert batch.total == 1
        [item] = batch.items
        assert item.url == f"/rectification/cases/{case.pk}/#finding-{finding.pk}"
        assert item.due == datetime.date(2022, 4, 30)
        assert "废机油单独存放" in item.detail


def test_the_cases_steps_are_supervision_items_linking_to_the_case(rect, open_seed_case):
    case = open_seed_case()
    kinds = {
        batch.kind: batch
        for batch in supervision_workbench.todo(rect.prosecutor, datetime.date(2022, 3, 1), 8)
    }
    [item] = kinds["check"].items
    assert item.url == case.get_absolute_url()
    assert str(item.action) == "Issue recommendation"
    assert workbench.todo(rect.prosecutor, datetime.date(2022, 3, 1), 8)[0].total == 0


def test_the_search_finds_cases_and_not_their_supervision_items(rect, open_seed_case, people):
    case = open_seed_case()
    [group] = workbench.search(rect.prosecutor, "修理厂", 5)
    assert [hit.url for hit in group.hits] == [case.get_absolute_url()]
    [group] = workbench.search(rect.prosecutor, case.number, 5)
    assert group.total == 1
    [items] = supervision_workbench.search(rect.prosecutor, "修理厂", 5)
    assert items.total == 0
    [group] = workbench.search(people.xwz_officer, "修理厂", 5)
    assert group.total == 0


def test_leaders_see_open_and_overdue_cases(rect, open_seed_case, people, clock):
    open_seed_case()
    tiles = {str(tile.label): tile.value for tile in workbench.tiles(people.leader)}
    assert tiles == {"Open cases": "1", "Overdue cases": "0"}
