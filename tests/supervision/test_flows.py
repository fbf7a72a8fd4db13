"""Flows are data: the coordination flow, its checks, lights and escalation levels."""

import datetime

import pytest

from taizhang.projects.flow import COORDINATION
from taizhang.supervision import flows

D = datetime.date(2022, 6, 30)


def test_the_coordination_flow_goes_assign_accept_handle_report_review_close():
    flow = COORDINATION
    state, path = flow.initial, []
    for action in ("accept", "start", "report", "approve", "close"):
        transition = flow.transition(action)
        assert state in transition.sources
        state = transition.target
        path.append(state)
    assert path == ["accepted", "in_progress", "reported", "reviewed", "closed"]
    assert flow.closed_state == "closed"
    assert flow.kind_of("closed") == flows.Kind.ENDED
    assert flow.kind_of("returned") == flows.Kind.PAUSED


def test_the_coordination_flow_says_who_does_what():
    flow = COORDINATION
    assignee = {t.action for t in flow.transitions if t.actor == flows.Actor.ASSIGNEE}
    assert assignee == {"accept", "return", "start", "report"}
    assert flow.transition("return").needs_note
    assert flow.transition("reject").needs_note
    assert flow.transition("approve").not_by_actor_of == "report"


def test_a_flow_naming_an_unknown_state_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        flows.Flow(
            code="broken",
            label="broken",
            states=(flows.State("a", "A"),),
            transitions=(flows.Transition("go", "Go", ("a",), "b", flows.Actor.ASSIGNEE),),
            initial="a",
            accept_action="go",
            close_action="go",
            reopen_state="a",
        )


@pytest.mark.parametrize(
    ("days", "level"), [(-3, 0), (0, 0), (1, 1), (7, 1), (8, 2), (30, 2), (31, 3), (400, 3)]
)
def test_escalation_level_rises_with_days_overdue(days, level):
    assert flows.escalation_level(days) == level


@pytest.mark.parametrize(
    ("today", "light"),
    [
        (D - datetime.timedelta(days=4), flows.Light.GREEN),
        (D - datetime.timedelta(days=3), flows.Light.YELLOW),
        (D - datetime.timedelta(days=2), flows.Light.YELLOW),
        (D, flows.Light.YELLOW),
        (D + datetime.timedelta(days=1), flows.Light.RED),
    ],
)
def test_lights_turn_yellow_within_n_days_and_red_when_overdue(today, light):
    assert flows.light_of(is_open=True, deadline=D, today=today, yellow_days=3) == light


def test_a_closed_assignment_shows_no_light():
    light = flows.light_of(
        is_open=False, deadline=D, today=D + datetime.timedelta(days=9), yellow_days=3
    )
    assert light == flows.Light.NONE
