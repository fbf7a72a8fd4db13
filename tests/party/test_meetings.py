import datetime

import pytest
from django.core.exceptions import ValidationError

from taizhang.core.access import SYSTEM
from taizhang.party import compliance
from taizhang.party.compliance import State
from taizhang.party.models import Attendance, Decision, Meeting, MeetingKind, PartyOrg
from taizhang.party.services.meetings import DecisionIn, record_meeting, set_rule
from tests.party.conftest import at


def meet(party, kind, day, present, decisions=(), absences=None, org=None):
    return record_meeting(
        org or party.xwz,
        by=SYSTEM,
        kind=kind,
        topic="学习贯彻会议精神",
        held_at=at(day),
        place="村党员活动室",
        chair=party.xwz_people[0],
        recorder=party.xwz_people[1],
        present=present,
        absences=absences,
        decisions=decisions,
    )


def test_the_expected_members_come_from_the_roster_and_absences_keep_their_reasons(party):
    people = party.xwz_people
    meeting = meet(
        party,
        MeetingKind.THEME_DAY,
        datetime.date(2022, 5, 15),
        people[:3],
        absences={people[3]: "外出务工"},
    )
    assert (meeting.expected, meeting.present) == (5, 3)
    assert (meeting.voting_expected, meeting.voting_present) == (4, 3)
    reasons = dict(Attendance.objects.filter(meeting=meeting, present=False).values_list(
        "person__name", "absence_reason"))  # fmt: skip
    assert reasons == {"赵党员": "外出务工", "钱预备": ""}


def test_it_refuses_more_present_than_expected(party):
    outsider = party.taer_people[0]
    with pytest.raises(ValidationError) as error:
        meet(party, MeetingKind.GENERAL, datetime.date(2022, 5, 20), [*party.xwz_people, outsider])
    assert "塔书记" in str(error.value.message_dict["present"])
    assert not Meeting.objects.exists()


def test_the_database_refuses_a_count_above_the_expected(party):
    meeting = meet(party, MeetingKind.GROUP, datetime.date(2022, 5, 20), party.xwz_people[:2])
    meeting.present = meeting.expected + 1
    with pytest.raises(ValidationError):
        meeting.full_clean()


def test_it_refuses_a_decision_passed_without_quorum_and_records_nothing(party):
    # Two of the four full members: not more than half.
    with pytest.raises(ValidationError) as error:
        meet(
            party,
            MeetingKind.GENERAL,
            datetime.date(2022, 5, 20),
            [party.xwz_people[0], party.xwz_people[1], party.xwz_people[4]],
            decisions=[DecisionIn("发展张三为预备党员", passed=True)],
        )
    assert "2" in str(error.value.message_dict["passed"])
    assert not Meeting.objects.exists() and not Decision.objects.exists()


def test_a_decision_passes_with_more_than_half_of_the_voting_members(party):
    meeting = meet(
        party,
        MeetingKind.GENERAL,
        datetime.date(2022, 5, 20),
        party.xwz_people[:3],
        decisions=[DecisionIn("通过梨园水乡综合体建设方案", passed=True, votes_for=3)],
    )
    assert meeting.has_quorum
    assert meeting.decisions.get().passed


def test_a_meeting_is_not_recorded_before_it_takes_place(party):
    with pytest.raises(ValidationError):
        meet(party, MeetingKind.GROUP, datetime.date(2022, 6, 16), party.xwz_people[:2])


def summary_of(party, today, year=2022):
    return compliance.compliance(PartyOrg.objects.filter(pk=party.xwz.pk), year, today)[
        party.xwz.pk
    ]


def states(summary, kind):
    return {slot.label: slot.state for slot in summary.slots if slot.rule.kind == kind}


def test_the_theme_day_is_held_late_or_missed_by_the_fixed_day(party, set_day):
    people = party.xwz_people
    meet(party, MeetingKind.THEME_DAY, datetime.date(2022, 1, 15), people)  # on the day
    meet(party, MeetingKind.THEME_DAY, datetime.date(2022, 2, 25), people)  # ten days late
    # March: none. April: none yet, but still in time to be late on 2022-04-20.
    set_day(datetime.date(2022, 4, 20))
    got = states(summary_of(party, datetime.date(2022, 4, 20)), MeetingKind.THEME_DAY)
    assert got["2022-01"] == State.HELD
    assert got["2022-02"] == State.LATE
    assert got["2022-03"] == State.MISSED
    assert got["2022-04"] == State.OVERDUE
    assert got["2022-05"] == State.OPEN


def test_a_general_meeting_without_quorum_counts_as_without_quorum(party):
    meet(party, MeetingKind.GENERAL, datetime.date(2022, 2, 10), party.xwz_people[:2])
    meet(party, MeetingKind.GENERAL, datetime.date(2022, 5, 10), party.xwz_people[:3])
    got = states(summary_of(party, datetime.date(2022, 6, 15)), MeetingKind.GENERAL)
    assert got == {
        "2022Q1": State.WITHOUT_QUORUM,
        "2022Q2": State.HELD,
        "2022Q3": State.OPEN,
        "2022Q4": State.OPEN,
    }


def test_the_share_held_counts_decided_periods_only(party):
    people = party.xwz_people
    for month in (1, 2, 3, 4, 5):
        meet(party, MeetingKind.COMMITTEE, datetime.date(2022, month, 3), people[:3])
    summary = summary_of(party, datetime.date(2022, 6, 15))
    committee = states(summary, MeetingKind.COMMITTEE)
    assert [committee[f"2022-0{m}"] for m in range(1, 6)] == [State.HELD] * 5
    # Decided by 2022-06-15: 5 committee + 5 group + 5 theme days (Jan–May; May's grace ended
    # on 2022-06-14 for the theme day but not for the group meeting, due on 05-31 + 15 days)
    # + 1 general meeting (Q1).
    assert summary.held == 5
    assert summary.missed == 5 + 4 + 1  # theme days Jan–May, group meetings Jan–Apr, Q1
    assert summary.share == round(5 / 15, 4)


def test_a_rule_is_data_the_district_may_change(party, people):
    set_rule(
        by=people.admin,
        kind=MeetingKind.THEME_DAY,
        level="branch",
        period="month",
        day_of_month=5,
        grace_days=0,
    )
    meet(party, MeetingKind.THEME_DAY, datetime.date(2022, 5, 10), party.xwz_people)
    got = states(summary_of(party, datetime.date(2022, 6, 15)), MeetingKind.THEME_DAY)
    assert got["2022-05"] == State.MISSED


def test_a_meeting_counts_for_its_own_month_before_counting_late_for_the_one_before(party):
    people = party.xwz_people
    meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 3, 5), people[:3])
    meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 5, 5), people[:3])
    got = states(summary_of(party, datetime.date(2022, 6, 15)), MeetingKind.COMMITTEE)
    assert (got["2022-03"], got["2022-04"], got["2022-05"]) == (
        State.HELD,
        State.MISSED,
        State.HELD,
    )


def test_a_party_lecture_counts_only_when_the_secretary_gives_it(party, set_day):
    people = party.xwz_people  # 王书记 is the secretary
    set_day(datetime.date(2023, 2, 1))
    record_meeting(
        party.xwz, by=SYSTEM, kind=MeetingKind.LECTURE, topic="党课",
        held_at=at(datetime.date(2022, 5, 1)), place="室", chair=people[0], recorder=people[1],
        lecturer=people[2], present=people,
    )  # fmt: skip
    day = datetime.date(2023, 2, 1)
    assert states(summary_of(party, day), MeetingKind.LECTURE)["2022"] == State.MISSED
    meeting = record_meeting(
        party.xwz, by=SYSTEM, kind=MeetingKind.LECTURE, topic="书记讲党课",
        held_at=at(datetime.date(2022, 7, 1)), place="室", chair=people[1], recorder=people[1],
        lecturer=people[0], present=people,
    )  # fmt: skip
    assert states(summary_of(party, day), MeetingKind.LECTURE)["2022"] == State.HELD
    assert meeting.given_by == people[0]


def test_a_lecture_without_a_lecturer_named_is_given_by_its_chair(party, set_day):
    set_day(datetime.date(2023, 2, 1))
    people = party.xwz_people
    meet(party, MeetingKind.LECTURE, datetime.date(2022, 6, 1), people)  # chaired by 王书记
    got = states(summary_of(party, datetime.date(2023, 2, 1)), MeetingKind.LECTURE)
    assert got["2022"] == State.HELD
