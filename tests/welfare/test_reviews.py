"""Periodic reviews of enrolments (定期复核): continue, change or stop with a written reason; a
stop is published; the next review moves on by the programme's period, six months where the
income is unstable; the due list and the workbench."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditEntry
from taizhang.welfare.models import (
    EnrolmentReview,
    EnrolmentStatus,
    Notice,
    NoticeSubject,
    ReviewOutcome,
)
from taizhang.welfare.services import reviews as services
from taizhang.welfare.services.enrolments import enrol
from taizhang.welfare.workbench import applications as workbench
from tests.conftest import client_for
from tests.welfare import applying

clock, dibao = applying.clock, applying.dibao  # fixtures
pytestmark = pytest.mark.django_db
DUE = datetime.date(2022, 3, 1)


@pytest.fixture
def enrolment(people, villagers, dibao, clock):
    """王老汉 in 低保 since 2021-03-01, 400元, his yearly review due on DUE (today)."""
    return enrol(
        dibao,
        villagers.wang,
        by=people.xwz_officer,
        started_on=datetime.date(2021, 3, 1),
        amount_yuan=Decimal("400"),
    )


def test_a_continued_enrolment_is_reviewed_again_a_year_later(people, enrolment):
    assert enrolment.next_review_on == DUE
    review = services.record_review(
        enrolment, by=people.xwz_officer, outcome=ReviewOutcome.CONTINUE, reason="情况未变"
    )
    enrolment.refresh_from_db()
    assert review.due_on == DUE and review.reviewed_on == DUE
    assert enrolment.next_review_on == datetime.date(2023, 3, 1)
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_unstable_income_brings_the_next_review_to_six_months(people, enrolment):
    services.record_review(
        enrolment, by=people.xwz_officer, outcome=ReviewOutcome.CONTINUE, reason="打零工",
        income_unstable=True,
    )  # fmt: skip
    enrolment.refresh_from_db()
    assert enrolment.income_unstable
    assert enrolment.next_review_on == datetime.date(2022, 9, 1)


def test_a_change_sets_the_new_amount(people, enrolment):
    with pytest.raises(ValidationError, match="new amount"):
        services.record_review(
            enrolment, by=people.xwz_officer, outcome=ReviewOutcome.CHANGE, reason="收入增加"
        )
    services.record_review(
        enrolment, by=people.xwz_officer, outcome=ReviewOutcome.CHANGE, reason="收入增加",
        new_amount_yuan=Decimal("250"),
    )  # fmt: skip
    enrolment.refresh_from_db()
    assert enrolment.amount_yuan == Decimal("250")


def test_a_review_needs_a_written_reason(people, enrolment):
    with pytest.raises(ValidationError, match="reason"):
        services.record_review(
            enrolment, by=people.xwz_officer, outcome=ReviewOutcome.CONTINUE, reason="  "
        )
    assert not EnrolmentReview.objects.exists()


def test_a_stop_is_published_and_ends_the_enrolment(people, enrolment):
    services.record_review(
        enrolment, by=people.xwz_officer, outcome=ReviewOutcome.STOP, reason="儿子就业，收入超标"
    )
    enrolment.refresh_from_db()
    notice = Notice.objects.get(enrolment=enrolment)
    assert notice.subject == NoticeSubject.STOP
    assert (notice.starts_on, notice.ends_on) == (DUE, datetime.date(2022, 3, 7))
    assert enrolment.status == EnrolmentStatus.STOPPED
    assert enrolment.ended_on == DUE and enrolment.stop_reason == "儿子就业，收入超标"
    assert AuditEntry.objects.filter(content_type__model="notice").count() == 1
    with pytest.raises(ValidationError, match="stopped"):
        services.record_review(
            enrolment, by=people.xwz_officer, outcome=ReviewOutcome.CONTINUE, reason="x"
        )


def test_another_villages_officer_may_not_review(people, enrolment):
    with pytest.raises(PermissionDenied):
        services.record_review(
            enrolment, by=people.taer_officer, outcome=ReviewOutcome.STOP, reason="x"
        )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_the_due_list_shows_due_enrolments_to_the_village_only(people, enrolment, clock, district):
    page = client_for(people.xwz_officer).get("/welfare/reviews/")
    assert "王老汉" in page.content.decode()
    page = client_for(people.taer_officer).get("/welfare/reviews/")
    assert "王老汉" not in page.content.decode()
    clock(datetime.date(2022, 2, 1))
    page = client_for(people.xwz_officer).get("/welfare/reviews/")
    assert "王老汉" not in page.content.decode()


def test_the_review_page_records_a_stop(people, enrolment):
    client = client_for(people.xwz_officer)
    assert client.get(f"/welfare/reviews/{enrolment.pk}/").status_code == 200
    response = client.post(
        f"/welfare/reviews/{enrolment.pk}/", {"outcome": "stop", "reason": "迁出本村"}
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.STOPPED
    denied = client_for(people.taer_officer).post(
        f"/welfare/reviews/{enrolment.pk}/", {"outcome": "stop", "reason": "x"}
    )
    assert denied.status_code == 404


def test_the_workbench_lists_due_reviews_for_the_villages_officers(
    people, enrolment, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        batches = workbench.todo(people.xwz_officer, DUE, 8)
    due = next(b for b in batches if b.kind == "review_due")
    assert due.total == 1 and due.items[0].title.startswith("王老汉")
    assert not [b for b in workbench.todo(people.taer_officer, DUE, 8) if b.kind == "review_due"]


def test_the_workbench_costs_the_same_queries_for_more_items(
    people, villagers, dibao, enrolment, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        workbench.todo(people.xwz_officer, DUE, 8)
    for person in (villagers.zhao, villagers.sun):
        enrol(dibao, person, by=people.xwz_officer, started_on=datetime.date(2021, 2, 1))
        applying.received(people, dibao, person)
    with django_assert_num_queries(len(first.captured_queries)):
        batches = workbench.todo(people.xwz_officer, DUE, 8)
    assert {b.kind: b.total for b in batches}["review_due"] == 3
    assert {b.kind: b.total for b in batches}["application_investigate"] == 2
