"""Supervision flows (督办流程) as data: states, transitions and who may take them.

Every supervision item of the platform runs one of these flows; each assigned unit runs it on
its own assignment. A module declares its flow once and registers it from its AppConfig (the
project bank's coordination flow 跟踪服务, the rectification flow 专项整治); nothing in the
engine knows the names of its states.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Escalation level by days past the deadline: (more than N days, level), highest first.
ESCALATION_STEPS: tuple[tuple[int, int], ...] = ((30, 3), (7, 2), (0, 1))
# Default number of days before a deadline from which an open assignment shows yellow.
DEFAULT_YELLOW_DAYS = 3


class Actor(StrEnum):
    """Who may take a transition."""

    SUPERVISOR = "supervisor"  # officers of the supervising unit, and district-wide writers
    ASSIGNEE = "assignee"  # officers of the assigned unit
    ANY = "any"  # either of them (a verification, which the four-eyes rule guards)


class Kind(StrEnum):
    """What a state means to the clock and to the item."""

    ACTIVE = "active"  # the assigned unit has work to do: the deadline runs
    PAUSED = "paused"  # waiting for the supervising unit (a returned assignment)
    ENDED = "ended"  # closed or withdrawn: the item may close


class Light(StrEnum):
    """Traffic light of an open assignment (红黄绿灯)."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = ""  # not running: closed, returned or withdrawn


LIGHT_LABELS = {
    Light.GREEN: _("Green"),
    Light.YELLOW: _("Yellow"),
    Light.RED: _("Red"),
    Light.NONE: _("Not running"),
}
LIGHT_ORDER = (Light.RED, Light.YELLOW, Light.GREEN, Light.NONE)


@dataclass(frozen=True)
class State:
    code: str
    label: str | Promise
    kind: Kind = Kind.ACTIVE


# The target of a transition that records a step without changing the state (a written reply).
SAME = ""


@dataclass(frozen=True)
class Clock:
    """A named deadline an assignment may run besides its own (a recommendation's statutory
    reply clock, a rectification order's 规定时限). While any clock runs, the assignment's
    deadline is the nearest running clock's, so lights, overdue lists and escalation follow."""

    code: str
    label: str | Promise


# A guard looks at the assignment before a transition and returns why it may not be taken
# ("" when it may): e.g. a rectification case closes only when all its findings are closed.
Guard = Callable[[Any], str]


@dataclass(frozen=True)
class Transition:
    """One action: from any of `sources` to `target` (SAME: the state stays), taken by `actor`.

    `needs_note`: the action must say why (a return, a rejection). `sets_deadline`: the action
    carries a new deadline, for `clock` if the flow has clocks (a rectification order's 规定时限),
    else for the assignment. `stops_clocks` / `resumes_clocks`: clocks the action stops (a
    written reply stops the reply clock) or lets run again (a failed verification).
    `not_by_actor_of`: the person who took that earlier action on the assignment may not take
    this one (who reported the work done does not verify it). `guard`: see Guard."""

    action: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    actor: Actor
    needs_note: bool = False
    sets_deadline: bool = False
    not_by_actor_of: str = ""
    clock: str = ""
    stops_clocks: tuple[str, ...] = ()
    resumes_clocks: tuple[str, ...] = ()
    guard: Guard | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Flow:
    """A sequence of states and the transitions between them.

    `initial` is the state of a new assignment (交办); the `accept_action` stamps accepted_at
    (签收), the `close_action` stamps closed_at (办结); `reopen_state` is where a reopened
    assignment goes. Returning a misrouted assignment is the transition named `return`."""

    code: str
    label: str | Promise
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str
    accept_action: str
    close_action: str
    reopen_state: str
    yellow_days: int | None = None  # None: the TAIZHANG_SUPERVISION_YELLOW_DAYS setting
    clocks: tuple[Clock, ...] = ()
    # A flow whose steps also write a module's records (a rectification case): the generic
    # supervision pages and endpoints show it but leave its steps to that module's services.
    managed_by: str | Promise = ""
    # Timeline steps a module records besides transitions (a finding verified): action → label.
    step_labels: tuple[tuple[str, str | Promise], ...] = ()
    _states: dict[str, State] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        states = {state.code: state for state in self.states}
        object.__setattr__(self, "_states", states)
        codes = [self.initial, self.reopen_state]
        for transition in self.transitions:
            codes += [*transition.sources]
            if transition.target != SAME:
                codes.append(transition.target)
        unknown = set(codes) - set(states)
        if unknown:
            raise ValueError(f"flow {self.code}: unknown states {sorted(unknown)}")
        actions = {t.action for t in self.transitions}
        if {self.accept_action, self.close_action} - actions:
            raise ValueError(f"flow {self.code}: accept/close action not among transitions")
        clocks = {clock.code for clock in self.clocks}
        for t in self.transitions:
            named = {t.clock, *t.stops_clocks, *t.resumes_clocks} - {""}
            if named - clocks:
                raise ValueError(f"flow {self.code}: unknown clocks {sorted(named - clocks)}")
            if t.sets_deadline and self.clocks and not t.clock:
                raise ValueError(f"flow {self.code}: {t.action} sets a deadline of which clock?")

    def clock(self, code: str) -> Clock | None:
        return next((clock for clock in self.clocks if clock.code == code), None)

    def target_of(self, transition: Transition, state: str) -> str:
        return state if transition.target == SAME else transition.target

    def state(self, code: str) -> State:
        return self._states[code]

    def state_label(self, code: str) -> str:
        state = self._states.get(code)
        return str(state.label) if state else code

    def kind_of(self, code: str) -> Kind:
        return self._states[code].kind

    def transition(self, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action), None)

    def available(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    @property
    def closed_state(self) -> str:
        transition = self.transition(self.close_action)
        assert transition is not None
        return transition.target


def escalation_level(days_overdue: int) -> int:
    """0 when not overdue; then 1, 2, 3 as ESCALATION_STEPS say."""
    return next((level for days, level in ESCALATION_STEPS if days_overdue > days), 0)


def light_of(
    *, is_open: bool, deadline: datetime.date, today: datetime.date, yellow_days: int
) -> Light:
    if not is_open:
        return Light.NONE
    if deadline < today:
        return Light.RED
    if (deadline - today).days <= yellow_days:
        return Light.YELLOW
    return Light.GREEN


FLOWS: dict[str, Flow] = {}


def register(flow: Flow) -> Flow:
    """Add a module's flow; called from the module's AppConfig.ready()."""
    FLOWS[flow.code] = flow
    return flow


def get_flow(code: str) -> Flow:
    try:
        return FLOWS[code]
    except KeyError:
        raise LookupError(f"no supervision flow {code!r}") from None


def open_flows() -> list[Flow]:
    """Flows whose items the generic supervision pages and endpoints may create: those no
    module manages (a rectification case is opened only through its module)."""
    return [flow for flow in FLOWS.values() if not flow.managed_by]


def flow_choices() -> list[tuple[str, str]]:
    return [(flow.code, str(flow.label)) for flow in open_flows()]
