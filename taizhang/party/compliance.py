"""Compliance of organisational life (组织生活落实情况), computed from the meeting records
against the schedule rules, per organisation, rule and period, on a given day.

Each period of a rule has a due day: the fixed day of its last month (主题党日) or its last day,
and wants the rule's number of meetings (times per period, once by default), each a slot of
its own: a period of a rule wanting two with one meeting held has one slot held and one
missed. A meeting of the rule's kind held in the period by the due day makes a slot *held*;
one held after the due day but within the rule's days allowed late makes it *late*; a
meeting of a rule that needs a quorum held without one counts *without quorum*. A party
lecture (党课) counts only when the organisation's secretary gave it (its lecturer, or its
chair if none is named): the rules want it given by the secretary at least once a year. A
slot past its due day and its days allowed late with none of these is *missed*; before that
it is *open* (not yet due) or *overdue* (past the due day, still in time to be late). Three
queries, whatever the number of organisations: the organisations, the rules, the meetings."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taizhang.party.models import Meeting, MeetingKind, PartyOrg, Period, ScheduleRule


class State(StrEnum):
    HELD = "held"
    LATE = "late"
    WITHOUT_QUORUM = "without_quorum"
    MISSED = "missed"
    OVERDUE = "overdue"
    OPEN = "open"


STATE_LABELS = {
    State.HELD: _("Held"),
    State.LATE: _("Held late"),
    State.WITHOUT_QUORUM: _("Without quorum"),
    State.MISSED: _("Missed"),
    State.OVERDUE: _("Overdue"),
    State.OPEN: _("Not yet due"),
}
# States a period is decided in: the share of required meetings held counts these.
DECIDED = (State.HELD, State.LATE, State.WITHOUT_QUORUM, State.MISSED)


@dataclass(frozen=True)
class Slot:
    """One period of one rule for one organisation."""

    org_id: int
    rule: ScheduleRule
    period: str
    starts_on: datetime.date
    due_on: datetime.date
    late_until: datetime.date
    state: State
    meeting_id: int | None = None
    occurrence: int = 1  # which of the period's required meetings (1 … times)
    times: int = 1  # how many the rule wants in the period

    @property
    def label(self) -> str:
        """The period, and which of its meetings where it wants more than one: 2022-03 (2/2)."""
        if self.times == 1:
            return self.period
        return f"{self.period} ({self.occurrence}/{self.times})"


@dataclass
class Summary:
    held: int = 0
    late: int = 0
    without_quorum: int = 0
    missed: int = 0
    overdue: int = 0
    open: int = 0
    slots: list[Slot] = field(default_factory=list)

    @property
    def required(self) -> int:
        return self.held + self.late + self.without_quorum + self.missed

    @property
    def share(self) -> float | None:
        """Share of the decided periods with a meeting held (on time or late)."""
        return round((self.held + self.late) / self.required, 4) if self.required else None

    def add(self, slot: Slot) -> None:
        setattr(self, slot.state.value, getattr(self, slot.state.value) + 1)
        self.slots.append(slot)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def periods(rule: ScheduleRule, year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    """(label, first day, due day) of each period of `rule` in `year`."""
    if rule.period == Period.MONTH:
        spans = [(f"{year}-{m:02d}", m, m) for m in range(1, 13)]
    elif rule.period == Period.QUARTER:
        spans = [(f"{year}Q{q}", 3 * q - 2, 3 * q) for q in range(1, 5)]
    else:
        spans = [(str(year), 1, 12)]
    result = []
    for label, first, last in spans:
        due = (
            datetime.date(year, last, rule.day_of_month)
            if rule.day_of_month
            else _month_end(year, last)
        )
        result.append((label, datetime.date(year, first, 1), due))
    return result


def slots_for(
    orgs: Iterable[PartyOrg],
    rules: Iterable[ScheduleRule],
    meetings: Iterable[tuple[int, int, str, datetime.date, bool]],
    year: int,
    today: datetime.date,
) -> dict[int, Summary]:
    """The compliance of each organisation: `meetings` are (pk, org_id, kind, day, has_quorum)
    rows, oldest first."""
    by_org_kind: dict[tuple[int, str], list[tuple[int, datetime.date, bool]]] = defaultdict(list)
    for pk, org_id, kind, day, quorum in meetings:
        by_org_kind[(org_id, kind)].append((pk, day, quorum))
    rules_by_level: dict[str, list[ScheduleRule]] = defaultdict(list)
    for rule in rules:
        rules_by_level[rule.level].append(rule)
    result: dict[int, Summary] = {}
    for org in orgs:
        summary = result.setdefault(org.pk, Summary())
        for rule in rules_by_level.get(org.level, ()):
            held = by_org_kind.get((org.pk, rule.kind), [])
            for slot in _slots(org.pk, rule, held, year, today):
                summary.add(slot)
    return result


def _slots(
    org_id: int,
    rule: ScheduleRule,
    held: list[tuple[int, datetime.date, bool]],
    year: int,
    today: datetime.date,
) -> list[Slot]:
    """A period of a rule wanting N meetings has N slots. A meeting belongs first to the
    period whose days up to the due day it falls in (up to N of them, the latest first);
    only a meeting no period claims that way counts late for a period before it that is
    still short."""
    times = max(rule.times_per_period, 1)
    spans = [
        (label, start, due, due + datetime.timedelta(days=rule.grace_days))
        for label, start, due in periods(rule, year)
    ]
    used: set[int] = set()
    found: dict[str, list[tuple[State, int]]] = defaultdict(list)
    weak: dict[str, list[int]] = defaultdict(list)  # meetings without the quorum the rule needs

    def fits(quorum: bool) -> bool:
        return quorum or not rule.needs_quorum

    def claim(
        label: str, state: State, first: datetime.date, last: datetime.date, meetings: list
    ) -> None:
        for pk, day, quorum in meetings:
            if len(found[label]) >= times:
                return
            if pk not in used and first <= day <= last:
                if fits(quorum):
                    found[label].append((state, pk))
                    used.add(pk)
                elif pk not in weak[label]:
                    weak[label].append(pk)

    # A period takes its latest meetings first: its earliest, in the late days of the period
    # before, are then left to make that one up if it is short.
    for label, start, due, _late in spans:
        claim(label, State.HELD, start, due, held[::-1])
    for label, _start, due, late in spans:
        claim(label, State.LATE, due + datetime.timedelta(days=1), late, held)
    order = {pk: index for index, (pk, _day, _quorum) in enumerate(held)}
    slots = []
    for label, start, due, late in spans:
        claimed = sorted(found[label], key=lambda entry: order[entry[1]]) + [
            (State.WITHOUT_QUORUM, pk) for pk in sorted(weak[label], key=order.__getitem__)
        ]
        for occurrence in range(1, times + 1):
            if occurrence <= len(claimed):
                state, meeting_id = claimed[occurrence - 1]
            else:
                meeting_id = None
                state = (
                    State.MISSED if today > late else State.OVERDUE if today > due else State.OPEN
                )
            slots.append(
                Slot(
                    org_id, rule, label, start, due, late, state, meeting_id,
                    occurrence=occurrence, times=times,
                )
            )  # fmt: skip
    return slots


def compliance(orgs: QuerySet[PartyOrg], year: int, today: datetime.date) -> dict[int, Summary]:
    """The compliance of the organisations of `orgs` in `year` as on `today`."""
    org_list = list(orgs.only("pk", "level", "secretary_id"))
    secretaries = {org.pk: org.secretary_id for org in org_list}
    rules = list(ScheduleRule.objects.filter(is_active=True))
    grace = max((rule.grace_days for rule in rules), default=0)
    first = datetime.date(year, 1, 1)
    last = datetime.date(year, 12, 31) + datetime.timedelta(days=grace)
    zone = timezone.get_current_timezone()
    rows = (
        Meeting.objects.filter(
            org_id__in=[org.pk for org in org_list],
            held_at__gte=datetime.datetime.combine(first, datetime.time.min, zone),
            held_at__lt=datetime.datetime.combine(
                last + datetime.timedelta(days=1), datetime.time.min, zone
            ),
        )
        .order_by("held_at", "pk")
        .values_list(
            "pk", "org_id", "kind", "held_at", "voting_present", "voting_expected",
            "lecturer_id", "chair_id",
        )
    )  # fmt: skip
    meetings = [
        (pk, org_id, kind, timezone.localtime(at, zone).date(), present * 2 > expected)
        for pk, org_id, kind, at, present, expected, lecturer, chair in rows
        if kind != MeetingKind.LECTURE or (lecturer or chair) == secretaries[org_id]
    ]
    return slots_for(org_list, rules, meetings, year, today)


def overall(summaries: Iterable[Summary]) -> Summary:
    total = Summary()
    for summary in summaries:
        for name in ("held", "late", "without_quorum", "missed", "overdue", "open"):
            setattr(total, name, getattr(total, name) + getattr(summary, name))
    return total
