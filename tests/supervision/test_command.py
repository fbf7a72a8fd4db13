"""`taizhang supervision escalate [--dry-run]`."""

import datetime
import io

import pytest
from django.core.management import call_command

from taizhang.core.models import AuditEntry
from tests.supervision.conftest import DEADLINE

pytestmark = pytest.mark.django_db


def escalate(*args: str) -> str:
    out = io.StringIO()
    call_command("supervision", "escalate", *args, stdout=out)
    return out.getvalue()


def test_the_command_escalates_overdue_assignments_once(district, people, make_item, clock):
    assignment = make_item().assignments.get()
    clock(DEADLINE + datetime.timedelta(days=9))
    assert "1 assignment(s) would rise." in escalate("--dry-run")
    assignment.refresh_from_db()
    assert assignment.escalation_level == 0
    assert "level 0 → 2" in escalate()
    assert escalate().strip() == "0 assignment(s) escalated."
    assignment.refresh_from_db()
    assert assignment.escalation_level == 2
    entry = AuditEntry.objects.filter(object_id=str(assignment.pk)).first()
    assert entry.after["escalation_level"] == 2 and entry.actor_name == "system"
