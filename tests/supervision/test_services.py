"""The supervision services: the coordination flow with two departments, refusals that change
nothing, returns, extensions, escalation, lights and reopening."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core import audit
from taizhang.core.models import AuditEntry
from taizhang.supervision import flows, services
from taizhang.supervision.models import Assignment, SupervisionEvent, SupervisionItem
from tests.supervision.conftest import DEADLINE, run

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def test_two_departments_take_an_item_from_assignment_to_closing(district, people, make_item):
    item = make_item(district.xiwangzhuang, district.taer)
    xwz, taer = item.assignments.order_by("unit__code")
    assert {xwz.state, taer.state} == {"assigned"}
    for assignment, officer in ((xwz, people.xwz_officer), (taer, people.taer_officer)):
        assignment = run(
            assignment,
            (officer, "accept"),
            (officer, "start"),
            (officer, "report", "已完成路面硬化"),
            (people.office, "approve"),
        )
        assert assignment.accepted_at is not None
        item.refresh_from_db()
        assert item.closed_at is None  # the other department has not finished yet
        assignment = run(assignment, (people.office, "close"))
        assert assignment.state == "closed" and not assignment.is_open
        assert assignment.closed_at is not None
    item.refresh_from_db()
    assert item.closed_at is not None
    timeline = list(taer.events.values_list("action", "to_state"))
    assert timeline == [
        ("assign", "assigned"),
        ("accept", "accepted"),
        ("start", "in_progress"),
        ("report", "reported"),
        ("approve", "reviewed"),
        ("close", "closed"),
    ]
    history = AuditEntry.objects.filter(object_id=str(taer.pk), scope_unit=district.taer)
    assert history.count() == 6  # created, then one change per action


def test_a_refused_transition_changes_nothing(district, people, make_item):
    assignment = make_item().assignments.get()
    before = audit.snapshot(assignment)
    events, entries = SupervisionEvent.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="not possible while the assignment is Assigned"):
        services.act(assignment, by=people.office, action="close")
    with pytest.raises(ValidationError, match="Unknown action"):
        services.act(assignment, by=people.taer_officer, action="teleport")
    assignment.refresh_from_db()
    assert audit.snapshot(assignment) == before
    assert (SupervisionEvent.objects.count(), AuditEntry.objects.count()) == (events, entries)


def test_an_officer_of_another_unit_cannot_act_for_the_assigned_unit(district, people, make_item):
    assignment = make_item().assignments.get()
    with pytest.raises(PermissionDenied):
        services.act(assignment, by=people.xwz_officer, action="accept")
    with pytest.raises(PermissionDenied):  # nor may the assigned unit review its own work
        services.act(assignment, by=people.taer_officer, action="close")
    with pytest.raises(PermissionDenied):
        services.act(assignment, by=people.leader, action="accept")
    assignment.refresh_from_db()
    assert assignment.state == "assigned"


def test_the_officer_above_the_assigned_unit_may_act_for_it(district, people, make_item):
    assignment = make_item().assignments.get()
    assert services.act(assignment, by=people.subdistrict_officer, action="accept").state == (
        "accepted"
    )


def test_who_reported_the_work_done_may_not_verify_it(district, people, make_item):
    item = make_item(district.fagaiju, supervisor=district.fagaiju)
    assignment = run(
        item.assignments.get(),
        (people.office, "accept"),
        (people.office, "start"),
        (people.office, "report", "done"),
    )
    with pytest.raises(ValidationError, match="may not also verify"):
        services.act(assignment, by=people.office, action="approve")
    assert services.act(assignment, by=people.admin, action="approve").state == "reviewed"


def test_a_unit_returns_a_misrouted_item_with_its_reason(district, people, make_item):
    item = make_item()
    assignment = item.assignments.get()
    with pytest.raises(ValidationError, match="Give a reason"):
        services.act(assignment, by=people.taer_officer, action="return", note="  ")
    assignment = services.act(
        assignment, by=people.taer_officer, action="return", note="不属于本村辖区"
    )
    assert assignment.state == "returned" and not assignment.is_open
    assert assignment.returned_reason == "不属于本村辖区"
    other = services.add_assignment(item, by=people.office, unit=district.xiwangzhuang)
    assert other.state == "assigned" and other.deadline == DEADLINE
    services.act(assignment, by=people.office, action="withdraw", note="已改派西王庄村")
    item.refresh_from_db()
    assert item.closed_at is None  # 西王庄村 still has it
    run(
        other,
        (people.xwz_officer, "accept"),
        (people.xwz_officer, "start"),
        (people.xwz_officer, "report", "ok"),
        (people.office, "approve"),
        (people.office, "close"),
    )
    item.refresh_from_db()
    assert item.closed_at is not None


def test_a_rejected_report_goes_back_to_work_with_the_note(district, people, make_item):
    assignment = run(
        make_item().assignments.get(),
        (people.taer_officer, "accept"),
        (people.taer_officer, "start"),
        (people.taer_officer, "report", "done"),
    )
    with pytest.raises(ValidationError, match="Give a reason"):
        services.act(assignment, by=people.office, action="reject")
    assignment = services.act(assignment, by=people.office, action="reject", note="照片不清")
    assert assignment.state == "in_progress"
    assert assignment.events.last().note == "照片不清"


def test_an_extension_asked_before_the_deadline_and_approved_moves_it(
    district, people, make_item, clock
):
    assignment = make_item().assignments.get()
    clock(DEADLINE)  # the last day still counts as before the deadline
    request = services.request_extension(
        assignment, by=people.taer_officer, until=DEADLINE + days(15), reason="雨季停工"
    )
    with pytest.raises(PermissionDenied):
        services.decide_extension(request, by=people.taer_officer, approve=True)
    services.decide_extension(request, by=people.office, approve=True, note="同意")
    assignment.refresh_from_db()
    assert assignment.deadline == DEADLINE + days(15)
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("approved", people.office)
    with pytest.raises(ValidationError, match="already been decided"):
        services.decide_extension(request, by=people.office, approve=False)


def test_an_extension_asked_after_the_deadline_is_refused(district, people, make_item, clock):
    assignment = make_item().assignments.get()
    clock(DEADLINE + days(1))
    with pytest.raises(ValidationError, match="has passed"):
        services.request_extension(
            assignment, by=people.taer_officer, until=DEADLINE + days(15), reason="晚了"
        )
    assert not assignment.extension_requests.exists()


def test_a_refused_extension_leaves_the_deadline(district, people, make_item):
    assignment = make_item().assignments.get()
    request = services.request_extension(
        assignment, by=people.taer_officer, until=DEADLINE + days(5), reason="r"
    )
    with pytest.raises(ValidationError, match="already waiting"):
        services.request_extension(
            assignment, by=people.taer_officer, until=DEADLINE + days(6), reason="again"
        )
    services.decide_extension(request, by=people.office, approve=False, note="不同意")
    assignment.refresh_from_db()
    assert assignment.deadline == DEADLINE


def test_an_extension_must_move_the_deadline_later(district, people, make_item):
    assignment = make_item().assignments.get()
    with pytest.raises(ValidationError, match="after the deadline"):
        services.request_extension(assignment, by=people.taer_officer, until=DEADLINE, reason="r")


def test_overdue_assignments_escalate_once_per_level(district, people, make_item, clock):
    item = make_item(district.xiwangzhuang, district.taer)
    done = run(
        item.assignments.get(unit=district.xiwangzhuang),
        (people.xwz_officer, "accept"),
        (people.xwz_officer, "start"),
        (people.xwz_officer, "report", "ok"),
        (people.office, "approve"),
        (people.office, "close"),
    )
    late = item.assignments.get(unit=district.taer)
    clock(DEADLINE)
    assert services.escalate_overdue() == []
    clock(DEADLINE + days(1))
    assert [(e.assignment.pk, e.level) for e in services.escalate_overdue()] == [(late.pk, 1)]
    assert services.escalate_overdue() == []  # idempotent
    clock(DEADLINE + days(8))
    assert [e.level for e in services.escalate_overdue(dry_run=True)] == [2]
    late.refresh_from_db()
    assert late.escalation_level == 1  # the dry run changed nothing
    services.escalate_overdue()
    services.escalate_overdue()
    late.refresh_from_db()
    assert late.escalation_level == 2
    assert list(late.events.filter(action="escalate").values_list("by_name", flat=True)) == [
        "system",
        "system",
    ]
    assert not done.events.filter(action="escalate").exists()
    assert AuditEntry.objects.filter(object_id=str(late.pk), actor=None).count() == 2


def test_traffic_lights_around_the_deadline(district, people, make_item, clock):
    assignment = make_item().assignments.get()
    for offset, light in ((-4, "green"), (-2, "yellow"), (1, "red")):
        clock(DEADLINE + days(offset))
        assert assignment.light() == light
    assert assignment.light(DEADLINE - days(4)) == flows.Light.GREEN


def test_yellow_days_come_from_the_setting(district, people, make_item, settings):
    settings.TAIZHANG_SUPERVISION_YELLOW_DAYS = 5
    assignment = make_item().assignments.get()
    assert assignment.light(DEADLINE - days(4)) == flows.Light.YELLOW


def test_a_closed_item_can_be_reopened_with_a_reason(district, people, make_item):
    item = make_item()
    assignment = run(
        item.assignments.get(),
        (people.taer_officer, "accept"),
        (people.taer_officer, "start"),
        (people.taer_officer, "report", "ok"),
        (people.office, "approve"),
        (people.office, "close"),
    )
    with pytest.raises(PermissionDenied):
        services.reopen(item, by=people.taer_officer, reason="r")
    with pytest.raises(ValidationError, match="Give a reason"):
        services.reopen(item, by=people.office, reason="")
    services.reopen(item, by=people.office, reason="群众再次反映")
    assignment.refresh_from_db()
    item.refresh_from_db()
    assert (assignment.state, assignment.is_open, assignment.closed_at) == (
        "in_progress",
        True,
        None,
    )
    assert item.closed_at is None
    assert assignment.events.last().note == "群众再次反映"
    with pytest.raises(ValidationError, match="Nothing to reopen"):
        services.reopen(assignment, by=people.office, reason="again")


def test_only_writers_for_the_supervising_unit_create_items(district, people, make_item):
    with pytest.raises(PermissionDenied):
        make_item(by=people.xwz_officer, supervisor=district.fagaiju)
    with pytest.raises(PermissionDenied):
        make_item(by=people.leader)
    with pytest.raises(ValidationError, match="No such unit"):  # 塔儿村 is not theirs to see
        make_item(district.taer, by=people.xwz_officer, supervisor=district.xiwangzhuang)
    with pytest.raises(ValidationError, match="in the past"):
        make_item(deadline=datetime.date(2022, 5, 1))
    assert not SupervisionItem.objects.exists()
    assert not Assignment.objects.exists()


def test_an_item_about_a_record_keeps_its_subject(district, people, make_item):
    item = make_item(subject=district.taer)
    assert item.subject == district.taer
    assert item.subject_repr == "塔儿村"
    assert item.subject_key == f"core.unit.{district.taer.pk}"
    with pytest.raises(ValidationError, match="may not see"):
        make_item(
            district.xiwangzhuang,
            by=people.xwz_officer,
            supervisor=district.xiwangzhuang,
            subject=district.taer,
        )
