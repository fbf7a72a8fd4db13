"""A schedule rule wants a number of meetings per period (e.g. two 支委会 a month): compliance
counts each of them, so a branch with one of two held in a period is flagged; the number is set
on the rule's page and through the API."""

import datetime

from taizhang.party.compliance import State
from taizhang.party.models import MeetingKind, ScheduleRule
from taizhang.party.services.meetings import set_rule
from tests.conftest import client_for
from tests.party.test_meetings import meet, states, summary_of


def committee_twice_a_month(people, grace_days=15):
    return set_rule(
        by=people.admin, kind=MeetingKind.COMMITTEE, level="branch", period="month",
        times_per_period=2, grace_days=grace_days,
    )  # fmt: skip


def test_a_branch_with_one_of_two_required_meetings_in_a_month_is_flagged(party, people):
    committee_twice_a_month(people)
    crew = party.xwz_people[:3]
    for day in (3, 20):
        meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 3, day), crew)
    meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 4, 8), crew)  # one of two
    summary = summary_of(party, datetime.date(2022, 6, 15))
    got = states(summary, MeetingKind.COMMITTEE)
    assert (got["2022-03 (1/2)"], got["2022-03 (2/2)"]) == (State.HELD, State.HELD)
    assert (got["2022-04 (1/2)"], got["2022-04 (2/2)"]) == (State.HELD, State.MISSED)
    # May: none of two, still in its days allowed late on 2022-06-15.
    assert got["2022-05 (2/2)"] == State.OVERDUE and got["2022-06 (1/2)"] == State.OPEN
    committee = [slot for slot in summary.slots if slot.rule.kind == MeetingKind.COMMITTEE]
    # January and February: none of two; March both; April one of two.
    assert sum(slot.state == State.MISSED for slot in committee) == 2 * 2 + 1
    assert sum(slot.state == State.HELD for slot in committee) == 3


def test_a_meeting_after_the_due_day_makes_up_a_short_period_as_late(party, people):
    committee_twice_a_month(people, grace_days=10)
    crew = party.xwz_people[:3]
    meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 4, 8), crew)
    meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 5, 6), crew)  # late for April
    meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 5, 9), crew)  # May's own …
    meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 5, 20), crew)  # … two
    got = states(summary_of(party, datetime.date(2022, 6, 15)), MeetingKind.COMMITTEE)
    # A May meeting counts for May first: May has three, so one is left to make up April.
    assert (got["2022-04 (1/2)"], got["2022-04 (2/2)"]) == (State.HELD, State.LATE)
    assert (got["2022-05 (1/2)"], got["2022-05 (2/2)"]) == (State.HELD, State.HELD)


def test_once_per_period_keeps_the_periods_label(party):
    meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 3, 3), party.xwz_people[:3])
    got = states(summary_of(party, datetime.date(2022, 6, 15)), MeetingKind.COMMITTEE)
    assert got["2022-03"] == State.HELD and "2022-03 (1/2)" not in got


def test_the_district_sets_the_times_on_the_page_and_the_api(party, people):
    rule = ScheduleRule.objects.get(kind=MeetingKind.COMMITTEE, level="branch")
    client = client_for(people.admin)
    post = {"period": "month", "times_per_period": "0", "grace_days": "15", "is_active": "on"}
    refused = client.post(f"/party/rules/{rule.pk}/edit/", post)
    assert refused.status_code == 200
    rule.refresh_from_db()
    assert rule.times_per_period == 1
    assert (
        client.post(f"/party/rules/{rule.pk}/edit/", {**post, "times_per_period": "2"})["Location"]
        == "/party/rules/"
    )
    rule.refresh_from_db()
    assert rule.times_per_period == 2
    response = client.put(
        f"/api/v1/party/rules/{rule.pk}",
        {"period": "quarter", "times_per_period": 3}, content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["times_per_period"] == 3
    too_many = client.put(
        f"/api/v1/party/rules/{rule.pk}",
        {"period": "quarter", "times_per_period": 40}, content_type="application/json",
    )  # fmt: skip
    assert too_many.status_code in (400, 422)
    rule.refresh_from_db()
    assert (rule.period, rule.times_per_period) == ("quarter", 3)
    officer = client_for(people.subdistrict_officer)
    assert officer.post(f"/party/rules/{rule.pk}/edit/", post).status_code == 403


def test_the_compliance_endpoint_names_which_meeting_of_the_period(party, people):
    committee_twice_a_month(people)
    meet(party, MeetingKind.COMMITTEE, datetime.date(2022, 3, 3), party.xwz_people[:3])
    response = client_for(people.admin).get(f"/api/v1/party/orgs/{party.xwz.pk}/compliance")
    assert response.status_code == 200, response.content
    march = [
        (slot["occurrence"], slot["times"], slot["state"])
        for slot in response.json()["slots"]
        if slot["kind"] == "committee" and slot["period"] == "2022-03"
    ]
    assert march == [(1, 2, "held"), (2, 2, "missed")]
