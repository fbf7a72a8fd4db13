"""Supervision records in history: states and flows by their names, the subject by its name."""

from __future__ import annotations

import pytest

from taizhang.core import history
from taizhang.core.models import AuditEntry
from tests.projects.factories import make_project
from tests.supervision.conftest import run

pytestmark = pytest.mark.django_db


def rows_of(entry, user) -> dict[str, tuple[str, str, str]]:
    (described,) = history.describe([entry], user)
    return {row.field: (row.label, row.before, row.after) for row in described.rows}


def test_an_assignments_states_read_as_its_flow_names_them(district, people, make_item):
    assignment = make_item().assignments.get()
    run(assignment, (people.taer_officer, "accept"))
    entry = AuditEntry.objects.filter(content_type__model="assignment").first()
    assert rows_of(entry, people.office)["state"] == ("State", "Assigned", "Accepted")


def test_an_items_flow_and_subject_read_by_their_names(district, people, make_item):
    project = make_project(district.taer, name="塔儿村巷道硬化")
    item = make_item(subject=project)
    created = AuditEntry.objects.filter(content_type__model="supervisionitem").last()
    rows = rows_of(created, people.office)
    assert rows["flow"][2] == "Coordination"
    assert rows["subject"] == ("Linked record", "", "塔儿村巷道硬化")
    assert "content_type" not in rows and "object_id" not in rows
    assert item.subject == project
