"""Named clocks of the engine on a small flow: the nearest running clock governs the
assignment's deadline; a step stops one, another resumes it; extensions move the clock named."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from taizhang.supervision import flows, services
from taizhang.supervision.flows import SAME, Actor, Clock, Flow, State, Transition

pytestmark = pytest.mark.django_db

TWO_CLOCKS = flows.register(
    Flow(
        code="two_clocks_test",
        label="two clocks",
        states=(
            State("new", "new"),
            State("working", "working"),
            State("done", "done", flows.Kind.ENDED),
        ),
        transitions=(
            Transition(
                "accept",
                "accept",
                ("new",),
                "working",
                Actor.ASSIGNEE,
                sets_deadline=True,
                clock="a",
            ),
            Transition(
                "plan", "plan", ("working",), SAME, Actor.ASSIGNEE, sets_deadline=True, clock="b"
            ),
            Transition("answer", "answer", ("working",), SAME, Actor.ASSIGNEE, stops_clocks=("a",)),
            Transition("close", "close", ("working",), "done", Actor.ANY, not_by_actor_of="answer"),
        ),
        initial="new",
        accept_action="accept",
        close_action="close",
        reopen_state="working",
        clocks=(Clock("a", "first"), Clock("b", "second")),
    )
)


def test_the_nearest_running_clock_governs_and_stopping_it_hands_over(
    district, people, make_item, clock
):
    item = services.create_item(
        by=people.office,
        flow=TWO_CLOCKS.code,
        title="t",
        supervisor_unit=district.fagaiju,
        units=[district.taer],
        deadline=datetime.date(2022, 12, 31),
    )
    assignment = item.assignments.get()
    a = services.act(
        assignment, by=people.taer_officer, action="accept", deadline=datetime.date(2022, 6, 20)
    )
    assert a.deadline == datetime.date(2022, 6, 20)
    a = services.act(a, by=people.taer_officer, action="plan", deadline=datetime.date(2022, 6, 10))
    assert (a.state, a.deadline) == ("working", datetime.date(2022, 6, 10))
    request = services.request_extension(
        a, by=people.taer_officer, until=datetime.date(2022, 6, 15), reason="r", clock_code="b"
    )
    services.decide_extension(request, by=people.office, approve=True)
    a.refresh_from_db()
    assert a.deadline == datetime.date(2022, 6, 15)
    a = services.act(a, by=people.taer_officer, action="answer")
    assert a.deadline == datetime.date(2022, 6, 15)  # b still runs; a stopped
    with pytest.raises(ValidationError, match="may not also verify"):
        services.act(a, by=people.taer_officer, action="close")
    a = services.act(a, by=people.office, action="close")
    assert not a.is_open and all(c.stopped_at for c in a.clocks.all())


def test_a_deadline_before_the_item_opened_is_refused_and_changes_nothing(district, people, clock):
    item = services.create_item(
        by=people.office,
        flow=TWO_CLOCKS.code,
        title="t",
        supervisor_unit=district.fagaiju,
        units=[district.taer],
        deadline=datetime.date(2022, 12, 31),
    )
    assignment = item.assignments.get()
    with pytest.raises(ValidationError, match="before the case was opened"):
        services.act(
            assignment, by=people.taer_officer, action="accept", deadline=datetime.date(2022, 5, 1)
        )
    assignment.refresh_from_db()
    assert (assignment.state, assignment.clocks.count()) == ("new", 0)
