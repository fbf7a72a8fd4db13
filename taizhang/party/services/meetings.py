"""Records of organisational life (三会一课, 主题党日, 组织生活会, 民主评议), and the schedule
rules they are held against."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import is_district_writer, require_person_or_system, writes_for
from taizhang.core.attachments import add_attachment
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.party.models import (
    Attendance,
    Decision,
    Meeting,
    MeetingKind,
    Membership,
    MemberStatus,
    OrgLevel,
    PartyOrg,
    ScheduleRule,
)
from taizhang.people.models import Person

MAX_FILES = 12


@dataclass(frozen=True)
class RosterEntry:
    person: Person
    votes: bool


@dataclass(frozen=True)
class DecisionIn:
    text: str
    passed: bool
    votes_for: int | None = None
    votes_against: int | None = None


def roster(org: PartyOrg, day: datetime.date) -> list[RosterEntry]:
    """Who is expected at a meeting of `org` on `day`: a branch's members on its roster that
    day (full members vote); for any other organisation its secretary and committee."""
    if org.level == OrgLevel.BRANCH:
        members = Membership.objects.filter(org=org).on(day).select_related("person")
        return [
            RosterEntry(m.person, m.status == MemberStatus.FULL)
            for m in members.order_by("person__name", "pk")
        ]
    people = list(org.committee.order_by("name", "pk"))
    if org.secretary is not None and org.secretary not in people:
        people.insert(0, org.secretary)
    return [RosterEntry(person, True) for person in people]


@transaction.atomic
def record_meeting(
    org: PartyOrg,
    *,
    by: User | None,
    kind: str,
    topic: str,
    held_at: datetime.datetime,
    place: str,
    chair: Person,
    recorder: Person,
    present: Iterable[Person],
    absences: Mapping[Person, str] | None = None,
    agenda: str = "",
    decisions: Sequence[DecisionIn] = (),
    signed_by_chair: bool = False,
    signed_by_recorder: bool = False,
    files: Iterable[UploadedFile] = (),
    is_demo: bool = False,
    lecturer: Person | None = None,
) -> Meeting:
    """Record a meeting that took place: who was expected comes from the roster on the day;
    anyone present who is not on it (more present than expected) is refused, and so is a
    decision marked passed without a quorum. A party lecture (党课) names who gave it (the
    chair if no one is named)."""
    require_person_or_system(by, writes_for(by, org.unit))
    if timezone.is_naive(held_at):
        raise ValidationError({"held_at": _("Give the time with its time zone.")})
    if held_at > clock.now():
        raise ValidationError({"held_at": _("A meeting is recorded after it takes place.")})
    day = timezone.localtime(held_at).date()
    expected = roster(org, day)
    by_person = {entry.person.pk: entry for entry in expected}
    present_ids = list(dict.fromkeys(person.pk for person in present))
    strangers = [pk for pk in present_ids if pk not in by_person]
    if strangers:
        names = ", ".join(Person.objects.filter(pk__in=strangers).values_list("name", flat=True))
        raise ValidationError(
            {"present": _("More present than expected: %(names)s not on the roster of "
                          "%(org)s on %(day)s.") % {"names": names, "org": org.name, "day": day}}
        )  # fmt: skip
    reasons = {person.pk: reason for person, reason in (absences or {}).items()}
    if set(reasons) & set(present_ids):
        raise ValidationError({"absences": _("A member is either present or absent.")})
    meeting = Meeting(
        org=org,
        kind=kind,
        topic=" ".join(topic.split()),
        held_at=held_at,
        place=place.strip(),
        chair=chair,
        recorder=recorder,
        lecturer=lecturer,
        agenda=agenda.strip(),
        expected=len(expected),
        present=len(present_ids),
        voting_expected=sum(entry.votes for entry in expected),
        voting_present=sum(by_person[pk].votes for pk in present_ids),
        signed_by_chair=signed_by_chair,
        signed_by_recorder=signed_by_recorder,
        recorded_by=by,
        is_demo=is_demo,
    )
    meeting.full_clean()
    meeting.save()
    present_set = set(present_ids)
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=entry.person,
            present=entry.person.pk in present_set,
            votes=entry.votes,
            absence_reason=""
            if entry.person.pk in present_set
            else reasons.get(entry.person.pk, "").strip()[:200],
        )
        for entry in expected
    )
    audit.record_create(meeting, by=by)
    for decision in decisions:
        add_decision(meeting, by=by, decision=decision)
    files = list(files)
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("At most %(count)d files.") % {"count": MAX_FILES}})
    for upload in files:
        add_attachment(meeting, upload, by=by)
    return meeting


@transaction.atomic
def add_decision(meeting: Meeting, *, by: User | None, decision: DecisionIn) -> Decision:
    """Record a decision of a meeting; one marked passed needs the meeting's quorum."""
    require_person_or_system(by, writes_for(by, meeting.org.unit))
    record = Decision(
        meeting=meeting,
        text=decision.text.strip(),
        passed=decision.passed,
        votes_for=decision.votes_for,
        votes_against=decision.votes_against,
    )
    record.full_clean()
    record.save()
    audit.record_create(record, by=by)
    return record


@transaction.atomic
def sign_meeting(meeting: Meeting, *, by: User | None, chair: bool, recorder: bool) -> Meeting:
    """Record that chair and recorder signed the minutes (签字)."""
    require_person_or_system(by, writes_for(by, meeting.org.unit))
    before = audit.snapshot(meeting)
    meeting.signed_by_chair = meeting.signed_by_chair or chair
    meeting.signed_by_recorder = meeting.signed_by_recorder or recorder
    meeting.version += 1
    meeting.save(update_fields=["signed_by_chair", "signed_by_recorder", "version"])
    audit.record_update(meeting, before, by=by)
    return meeting


@transaction.atomic
def create_rule(*, by: User | None, kind: str, level: str, **fields: Any) -> ScheduleRule:
    """A new rule for a kind of meeting at a level (the district's writers); refused, naming
    the kind, where that kind and level have a rule already (change it instead)."""
    require_person_or_system(by, is_district_writer(by))
    if ScheduleRule.objects.filter(kind=kind, level=level).exists():
        raise ValidationError(
            {"kind": _("A rule for %(kind)s at the level %(level)s exists already; edit it.") % {
                "kind": MeetingKind(kind).label, "level": OrgLevel(level).label}}
        )  # fmt: skip
    return set_rule(by=by, kind=kind, level=level, **fields)


@transaction.atomic
def set_rule(
    *,
    by: User | None,
    kind: str,
    level: str,
    period: str,
    times_per_period: int = 1,
    day_of_month: int | None = None,
    grace_days: int = 15,
    needs_quorum: bool = False,
    is_active: bool = True,
    source: str = "",
) -> ScheduleRule:
    """Create or change the rule for a kind of meeting at a level: the district's writers.
    `times_per_period`: how many meetings of the kind each period needs at least."""
    require_person_or_system(by, is_district_writer(by))
    rule = ScheduleRule.objects.select_for_update().filter(kind=kind, level=level).first()
    before = audit.snapshot(rule) if rule else None
    rule = rule or ScheduleRule(kind=kind, level=level)
    rule.period = period
    rule.times_per_period = times_per_period
    rule.day_of_month = day_of_month
    rule.grace_days = grace_days
    rule.needs_quorum = needs_quorum
    rule.is_active = is_active
    rule.source = source.strip()
    rule.full_clean()
    rule.save()
    if before is None:
        audit.record_create(rule, by=by)
    else:
        audit.record_update(rule, before, by=by)
    return rule
