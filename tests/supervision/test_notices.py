"""Who hears of supervision steps (通知): the assigned unit of new work and of the supervising
unit's decisions, the supervising unit of returns and reports, the deciding unit of extension
requests, both of an escalation; nobody of their own act or of a rolled-back step."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from taizhang.core.models import Notification
from taizhang.core.roles import Role
from taizhang.supervision import flows, services
from taizhang.supervision.flows import Actor, Flow, Kind, State, Transition
from taizhang.supervision.models import Assignment
from tests.factories import make_user
from tests.supervision.conftest import DEADLINE, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(django_capture_on_commit_callbacks):
    """Run a step, committing it; returns {(username, kind)} of the notifications it sent."""

    def step(call, *args, **kwargs):
        already = set(Notification.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            call(*args, **kwargs)
        sent = Notification.objects.exclude(pk__in=already)
        return sorted(sent.values_list("recipient__username", "kind"))

    return step


@pytest.fixture
def fgj_officer(district):
    """An officer of 区发改局, the supervising unit of the items (besides the office)."""
    return make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju)


def test_a_new_assignment_tells_the_officers_of_each_assigned_unit(
    district, people, make_item, told
):
    sent = told(make_item, district.xiwangzhuang, district.taer)

    assert sent == [("taer", "assigned"), ("xwz", "assigned")]
    notification = Notification.objects.get(recipient=people.taer_officer)
    assignment = Assignment.objects.get(unit=district.taer)
    assert (notification.url, notification.module) == (
        assignment.get_absolute_url(),
        "supervision",
    )
    assert notification.title == "New assignment: 硬化巷道施工协调 (塔儿村)"


def test_each_side_hears_of_the_steps_that_wait_for_it(
    district, people, make_item, told, fgj_officer
):
    assignment = make_item().assignments.get()
    officer = people.taer_officer

    assert told(run, assignment, (officer, "accept")) == []
    assert told(run, assignment, (officer, "start")) == []
    assert told(run, assignment, (officer, "report", "已完成")) == [
        ("fgj", "report"),
        ("office", "report"),
    ]
    assert told(run, assignment, (fgj_officer, "reject", "照片不清")) == [("taer", "reject")]
    assert told(run, assignment, (officer, "report", "补充照片")) == [
        ("fgj", "report"),
        ("office", "report"),
    ]
    assert told(run, assignment, (people.office, "approve")) == [("taer", "approve")]
    assert told(run, assignment, (people.office, "close")) == [("taer", "close")]
    rejected = Notification.objects.get(kind="reject", recipient=officer)
    assert "照片不清" in rejected.title and rejected.actor_name == "fgj"


def test_a_return_tells_the_supervising_unit_and_reissuing_tells_the_unit_again(
    district, people, make_item, told
):
    assignment = make_item().assignments.get()

    assert told(run, assignment, (people.taer_officer, "return", "不属本村职责")) == [
        ("office", "return")
    ]
    assert "不属本村职责" in Notification.objects.get(kind="return").title
    assert told(run, assignment, (people.office, "reissue")) == [("taer", "reissue")]


def test_extensions_tell_the_deciding_unit_then_the_assigned_unit(
    district, people, make_item, told, clock
):
    item = make_item(decider_unit=district.xiaonantou)
    assignment = item.assignments.get()
    until = DEADLINE + datetime.timedelta(days=10)

    sent = told(
        services.request_extension, assignment, by=people.taer_officer, until=until, reason="雨季"
    )
    assert sent == [("xnt", "extension_requested")]
    request = assignment.extension_requests.get()
    sent = told(services.decide_extension, request, by=people.subdistrict_officer, approve=True)
    assert sent == [("taer", "extension_decided")]
    assert until.isoformat() in Notification.objects.get(kind="extension_decided").title


def test_escalation_tells_both_units_once_per_rise(district, people, make_item, clock, told):
    make_item()
    clock(DEADLINE + datetime.timedelta(days=2))

    def escalate():
        call_command("supervision", "escalate", stdout=io.StringIO())

    assert told(escalate) == [("office", "escalated"), ("taer", "escalated")]
    assert told(escalate) == []  # nothing rose
    notification = Notification.objects.filter(kind="escalated").first()
    assert notification.actor_name == ""  # the platform
    assert notification.title == "2 days overdue, escalation level 1: 硬化巷道施工协调 (塔儿村)"


def test_reopening_tells_the_assigned_unit(district, people, make_item, told):
    assignment = make_item().assignments.get()
    officer = people.taer_officer
    run(
        assignment,
        (officer, "accept"),
        (officer, "start"),
        (officer, "report", "已完成"),
        (people.office, "approve"),
        (people.office, "close"),
    )

    sent = told(services.reopen, assignment, by=people.office, reason="路面又坏了")

    assert sent == [("taer", "reopened")]


def test_a_service_call_that_rolls_back_tells_nobody(
    district, people, make_item, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        make_item(district.xiwangzhuang, district.taer)
        raise RuntimeError("the request failed after the item was made")

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_step_that_fails_tells_nobody(district, people, make_item, told):
    assignment = make_item().assignments.get()
    with pytest.raises(Exception, match="Give a reason"):
        told(services.act, assignment, by=people.taer_officer, action="return", note="")
    assert not Notification.objects.filter(kind="return").exists()


PREPARED = Flow(
    code="prepared",
    label="prepared",
    states=(
        State("draft", "draft", Kind.PAUSED),
        State("open", "open"),
        State("done", "done", Kind.ENDED),
        State("dropped", "dropped", Kind.ENDED),
    ),
    transitions=(
        Transition("issue", "issue", ("draft",), "open", Actor.SUPERVISOR),
        Transition("drop", "drop", ("draft",), "dropped", Actor.SUPERVISOR),
        Transition("finish", "finish", ("open",), "done", Actor.ASSIGNEE),
        Transition("check", "check", ("open",), "open", Actor.ANY),
    ),
    initial="draft",
    accept_action="issue",
    close_action="finish",
    reopen_state="open",
)


@pytest.mark.parametrize(
    ("action", "source", "target", "expected"),
    [
        ("issue", "draft", "open", (True, False)),  # the work reaches the assigned unit
        ("drop", "draft", "dropped", (False, False)),  # it never did
        ("finish", "open", "done", (False, True)),  # the work stops: the supervisor hears
        ("check", "open", "open", (True, False)),  # either side: the next move is the unit's
    ],
)
def test_who_hears_of_a_step_follows_from_the_flow(action, source, target, expected):
    transition = PREPARED.transition(action)
    assert services.notices.told_of_step(PREPARED, transition, source, target) == expected


def test_a_flow_that_starts_with_the_supervisors_preparation_tells_nobody_at_first(
    district, people, told, clock
):
    flows.register(PREPARED)
    try:
        sent = told(
            services.create_item,
            by=people.office,
            flow="prepared",
            title="待发出的事项",
            supervisor_unit=district.fagaiju,
            units=[district.taer],
            deadline=DEADLINE,
        )
    finally:
        flows.FLOWS.pop("prepared")
    assert sent == []
