"""The review helper (审核, core.reviews): submit, approve, send back; its checks, hooks, audit
entries and notifications, and what waits for whom. Exercised on the monthly report, whose
review keeps the four-eyes rule, and on variants of it."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core import reviews
from taizhang.core.models import AuditAction, AuditEntry, Notification
from taizhang.projects.models import MonthlyReport, ReportStatus, Stage
from taizhang.projects.services import plans, reports
from tests.projects.factories import make_project

REVIEW = reports.REPORT_REVIEW


@pytest.fixture(autouse=True)
def today():
    with mock.patch("taizhang.lib.clock.today", new=lambda: datetime.date(2022, 4, 3)):
        yield


@pytest.fixture
def planned(district, people):
    project = make_project(district.taer, name="塔儿村巷道硬化", stage=Stage.ANNUAL)
    plans.include_in_plan(project, year=2022, by=people.office)
    return project


def draft(project, by, month=3) -> MonthlyReport:
    return reports.file_report(project, by=by, year=2022, month=month, completed_wan=Decimal("10"))


def updates_of(record):
    return AuditEntry.objects.filter(object_id=str(record.pk), action=AuditAction.UPDATE)


def test_submitting_sets_status_note_and_submitter_in_one_audited_change(planned, people):
    report = draft(planned, people.taer_officer)

    report = reviews.submit(REVIEW, report, by=people.taer_officer, note="请审核")

    stored = MonthlyReport.objects.get(pk=report.pk)
    assert (stored.status, stored.review_note, stored.filed_by) == (
        ReportStatus.SUBMITTED,
        "请审核",
        people.taer_officer,
    )
    entry = updates_of(report).get()
    assert (entry.before["status"], entry.after["status"], entry.reason) == (
        "draft",
        "submitted",
        "请审核",
    )


def test_only_a_draft_or_returned_record_can_be_submitted(planned, people):
    report = reviews.submit(REVIEW, draft(planned, people.taer_officer), by=people.taer_officer)

    with pytest.raises(ValidationError, match="cannot be submitted now"):
        reviews.submit(REVIEW, report, by=people.taer_officer)
    assert updates_of(report).count() == 1


def test_who_may_not_submit_or_decide_is_refused(planned, people):
    report = draft(planned, people.taer_officer)
    for persona in (people.leader, people.xwz_officer, people.auditor):
        with pytest.raises(PermissionDenied):
            reviews.submit(REVIEW, report, by=persona)
    report = reviews.submit(REVIEW, report, by=people.taer_officer)
    for persona in (people.taer_officer, people.subdistrict_officer, people.leader):
        with pytest.raises(PermissionDenied):
            reviews.approve(REVIEW, report, by=persona)
        with pytest.raises(PermissionDenied):
            reviews.send_back(REVIEW, report, by=persona, reason="不对")
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_nobody_approves_their_own_submission_where_the_review_keeps_four_eyes(planned, people):
    report = reviews.submit(REVIEW, draft(planned, people.office), by=people.office)

    with pytest.raises(PermissionDenied, match="another person must approve"):
        reviews.approve(REVIEW, report, by=people.office)
    assert not reviews.can_decide(REVIEW, report, people.office)
    assert reviews.can_decide(REVIEW, report, people.admin)

    trusting = dataclasses.replace(REVIEW, four_eyes=False)
    assert reviews.approve(trusting, report, by=people.office).status == ReportStatus.APPROVED


def test_approval_records_who_and_when(planned, people):
    report = reviews.submit(REVIEW, draft(planned, people.taer_officer), by=people.taer_officer)

    report = reviews.approve(REVIEW, report, by=people.office)

    stored = MonthlyReport.objects.get(pk=report.pk)
    assert (stored.status, stored.approved_by) == (ReportStatus.APPROVED, people.office)
    assert stored.approved_at is not None


def test_returning_needs_a_reason_and_lets_the_unit_submit_again(planned, people):
    report = reviews.submit(REVIEW, draft(planned, people.taer_officer), by=people.taer_officer)
    with pytest.raises(ValidationError) as error:
        reviews.send_back(REVIEW, report, by=people.office, reason="  ")
    assert "reason" in error.value.message_dict

    report = reviews.send_back(REVIEW, report, by=people.office, reason="数字不对")

    assert (report.status, report.review_note) == (ReportStatus.RETURNED, "数字不对")
    assert updates_of(report).latest("pk").reason == "数字不对"
    assert reviews.submit(REVIEW, report, by=people.taer_officer).status == ReportStatus.SUBMITTED


def test_only_a_waiting_record_is_decided(planned, people):
    report = draft(planned, people.taer_officer)
    with pytest.raises(ValidationError, match="not waiting for a decision"):
        reviews.approve(REVIEW, report, by=people.office)
    with pytest.raises(ValidationError, match="not waiting for a decision"):
        reviews.send_back(REVIEW, report, by=people.office, reason="不对")


def test_hooks_change_fields_saved_with_the_status_and_after_hooks_see_it_saved(planned, people):
    seen = []

    def on_approve(report, by, note):
        report.progress_text = f"{note}（{by.username}）"
        return ["progress_text"]

    def after_approve(report, by, note):
        seen.append(MonthlyReport.objects.get(pk=report.pk).status)

    review = dataclasses.replace(REVIEW, on_approve=on_approve, after_approve=after_approve)
    report = reviews.submit(review, draft(planned, people.taer_officer), by=people.taer_officer)

    reviews.approve(review, report, by=people.office, note="同意")

    assert MonthlyReport.objects.get(pk=report.pk).progress_text == "同意（office）"
    assert seen == [ReportStatus.APPROVED]
    entry = updates_of(report).latest("pk")
    assert entry.after["progress_text"] == "同意（office）"


def test_a_hook_that_refuses_changes_nothing_and_tells_nobody(
    planned, people, django_capture_on_commit_callbacks
):
    def refuse(report, by, note):
        raise ValidationError("尚缺现场照片")

    review = dataclasses.replace(REVIEW, on_approve=refuse)
    report = reviews.submit(review, draft(planned, people.taer_officer), by=people.taer_officer)
    entries = AuditEntry.objects.count()

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(ValidationError, match="尚缺现场照片"),
    ):
        reviews.approve(review, report, by=people.office)

    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    assert AuditEntry.objects.count() == entries
    assert callbacks == []


def test_waiting_for_lists_what_a_person_may_decide(planned, district, people):
    by_officer = reviews.submit(REVIEW, draft(planned, people.taer_officer), by=people.taer_officer)
    by_office = reviews.submit(REVIEW, draft(planned, people.office, month=2), by=people.office)
    draft(planned, people.taer_officer, month=1)  # a draft waits for nobody

    def waiting(user):
        return set(reviews.waiting_for(REVIEW, user).values_list("pk", flat=True))

    assert waiting(people.office) == {by_officer.pk}  # not what it filed itself
    assert waiting(people.admin) == {by_officer.pk, by_office.pk}
    assert waiting(people.taer_officer) == set()
    assert waiting(people.leader) == set()


def test_each_app_registers_its_reviews():
    keys = {review.key for review in reviews.all_reviews()}
    assert {"projects.project", "projects.monthlyreport"} <= keys
    assert REVIEW.module == "projects"


def test_deciders_hear_of_a_submission_and_the_submitter_of_the_decision(
    planned, people, django_capture_on_commit_callbacks
):
    report = draft(planned, people.taer_officer)
    with django_capture_on_commit_callbacks(execute=True):
        reviews.submit(REVIEW, report, by=people.taer_officer)
    told = Notification.objects.filter(kind="review_submitted")
    assert set(told.values_list("recipient__username", flat=True)) == {"admin", "office"}
    assert set(told.values_list("url", "module")) == {(report.get_absolute_url(), "projects")}

    with django_capture_on_commit_callbacks(execute=True):
        reviews.send_back(REVIEW, report, by=people.office, reason="数字不对")
    returned = Notification.objects.get(kind="review_returned")
    assert returned.recipient == people.taer_officer
    assert "数字不对" in returned.title
