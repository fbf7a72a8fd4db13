"""Report intake on the workbench: the unit's recent reports with drafts to confirm, until
they are confirmed, in a fixed number of queries."""

import datetime

import pytest

from taizhang.intake import queries, services, workbench
from taizhang.lib import clock
from tests.intake.helpers import STATS_TEXT, WORKS_TEXT, take_in

pytestmark = pytest.mark.django_db


def batch_of(user):
    [batch] = workbench.todo(user, clock.today(), 8) or [None]
    return batch


def test_a_report_with_drafts_waits_until_they_are_confirmed(people, district):
    report = take_in(people.taer_officer, WORKS_TEXT)
    batch = batch_of(people.taer_officer)
    [item] = batch.items
    assert (batch.total, item.title, item.url) == (1, report.title, report.get_absolute_url())
    assert item.detail == "1 draft to confirm"
    assert batch_of(people.xwz_officer).total == 0
    assert batch_of(people.leader) is None

    [(proposal, _link)] = queries.drafts_of(report)
    raw = {**proposal.data, "unit": str(district.taer.pk)}
    services.confirm_draft(
        report, kind=proposal.kind, key=proposal.key, raw=raw, by=people.taer_officer
    )
    assert batch_of(people.taer_officer).total == 0


def test_drafts_the_user_may_not_confirm_are_not_counted(people):
    take_in(people.subdistrict_officer, STATS_TEXT)  # only the programme office confirms
    assert batch_of(people.subdistrict_officer).total == 0
    take_in(people.office, STATS_TEXT)
    assert batch_of(people.office).total == 1


def test_old_reports_are_left_out_and_the_queries_stay_few(
    people, monkeypatch, django_assert_num_queries
):
    for _n in range(3):
        take_in(people.taer_officer, WORKS_TEXT)
    with django_assert_num_queries(2):  # the reports and their links
        assert batch_of(people.taer_officer).total == 3
    later = clock.now() + datetime.timedelta(days=workbench.RECENT_DAYS + 1)
    monkeypatch.setattr("taizhang.lib.clock.now", lambda: later)
    assert batch_of(people.taer_officer).total == 0
