"""The 12-month clock of pension eligibility confirmations (领取养老金资格认证), with a set
clock: due 12 months after the last confirmation (or the handover, or the retirement), due this
month and overdue, suspension past the grace period, resumption with back pay."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from taizhang.core.access import SYSTEM
from taizhang.core.models import AuditEntry
from taizhang.people.services.persons import change_status
from taizhang.retirees.models import (
    Confirmation,
    PensionEvent,
    PensionEventKind,
    PensionState,
    Retiree,
)
from taizhang.retirees.services.confirmations import mark_suspensions, record_confirmation
from taizhang.retirees.services.roster import register_retiree
from tests.factories import make_person
from tests.retirees.conftest import TODAY

D = datetime.date


def confirm(retiree, day, by=SYSTEM):
    return record_confirmation(retiree, by=by, confirmed_on=day, method="office", confirmed_by="张")


def test_a_retiree_never_confirmed_is_due_12_months_after_retiring_or_the_handover(
    district, set_day
):
    person = make_person(district.xiwangzhuang, "新退休", born="1966-02-10")
    retiree = register_retiree(person, by=SYSTEM, employer_name="厂", retired_on=D(2026, 2, 10))
    assert retiree.next_due_on == D(2027, 2, 10)
    other = register_retiree(
        make_person(district.xiwangzhuang, "已移交", born="1960-01-01"),
        by=SYSTEM,
        employer_name="厂",
        retired_on=D(2020, 1, 1),
        handed_over_on=D(2025, 9, 30),
    )
    assert other.next_due_on == D(2026, 9, 30)


def test_a_confirmation_moves_the_clock_to_12_months_later(retirees):
    confirm(retirees.wang, D(2026, 6, 1))
    retirees.wang.refresh_from_db()
    assert retirees.wang.next_due_on == D(2027, 6, 1)
    # An older confirmation entered late does not move the clock back.
    confirm(retirees.wang, D(2025, 6, 3))
    retirees.wang.refresh_from_db()
    assert retirees.wang.next_due_on == D(2027, 6, 1)


def test_due_this_month_and_overdue_follow_the_set_clock(retirees, set_day):
    confirm(retirees.wang, D(2025, 6, 20))  # due 2026-06-20
    confirm(retirees.li, D(2025, 5, 1))  # due 2026-05-01
    confirm(retirees.zhao, D(2026, 1, 1))  # due 2027-01-01
    qs = Retiree.objects.all()
    assert set(qs.due(TODAY)) == {retirees.wang}
    assert set(qs.overdue(TODAY)) == {retirees.li}
    set_day(D(2026, 6, 21))
    assert set(qs.overdue(D(2026, 6, 21))) == {retirees.wang, retirees.li}
    assert set(qs.due(D(2026, 12, 1))) == set()
    assert set(qs.due(D(2027, 1, 1))) == {retirees.zhao}


def test_overdue_past_the_grace_period_marks_the_pension_to_be_suspended(retirees, settings):
    settings.TAIZHANG_RETIREES_GRACE_MONTHS = 3
    confirm(retirees.li, D(2025, 3, 1))  # due 2026-03-01; grace ends 2026-06-01
    confirm(retirees.wang, D(2025, 4, 1))  # due 2026-04-01; grace ends 2026-07-01
    confirm(retirees.zhao, D(2026, 1, 5))
    events = mark_suspensions(by=SYSTEM, on=TODAY)
    assert [event.retiree for event in events] == [retirees.li]
    event = events[0]
    assert event.kind == PensionEventKind.SUSPEND
    assert event.from_month == D(2026, 7, 1)  # the month after the grace period ends
    retirees.li.refresh_from_db()
    assert retirees.li.pension_state == PensionState.TO_SUSPEND
    assert AuditEntry.objects.filter(object_id=str(event.pk), action="create").exists()
    # Marking again changes nothing.
    assert mark_suspensions(by=SYSTEM, on=TODAY) == []


def test_a_later_confirmation_marks_it_to_be_resumed_with_the_months_withheld(
    retirees, set_day, settings
):
    settings.TAIZHANG_RETIREES_GRACE_MONTHS = 3
    confirm(retirees.li, D(2025, 1, 10))  # due 2026-01-10; suspended from 2026-05
    mark_suspensions(by=SYSTEM, on=D(2026, 4, 20))
    set_day(D(2026, 8, 3))
    confirm(retirees.li, D(2026, 8, 3))
    retirees.li.refresh_from_db()
    assert retirees.li.pension_state == PensionState.TO_RESUME
    assert retirees.li.next_due_on == D(2027, 8, 3)
    resume = PensionEvent.objects.get(retiree=retirees.li, kind=PensionEventKind.RESUME)
    assert resume.from_month == D(2026, 5, 1)
    assert resume.back_pay_months == 4  # May, June, July and August 2026


def test_the_grace_period_is_a_setting(retirees, settings):
    settings.TAIZHANG_RETIREES_GRACE_MONTHS = 1
    confirm(retirees.wang, D(2025, 5, 1))  # due 2026-05-01, one month of grace to 06-01
    confirm(retirees.li, D(2025, 6, 1))  # due 2026-06-01: overdue, within the grace
    confirm(retirees.zhao, D(2026, 1, 1))
    assert [e.retiree for e in mark_suspensions(by=SYSTEM, on=TODAY)] == [retirees.wang]


def test_a_second_confirmation_on_the_same_day_is_refused_and_nothing_changes(retirees):
    confirm(retirees.wang, D(2026, 6, 1))
    before = (Confirmation.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError, match="already confirmed on this day"):
        confirm(retirees.wang, D(2026, 6, 1))
    assert (Confirmation.objects.count(), AuditEntry.objects.count()) == before


def test_a_confirmation_for_a_dead_person_is_refused_and_nothing_changes(retirees):
    change_status(retirees.wang.person, by=SYSTEM, status="deceased", on=D(2026, 5, 1))
    due = Retiree.objects.get(pk=retirees.wang.pk).next_due_on
    with pytest.raises(ValidationError, match="deceased"):
        confirm(retirees.wang, D(2026, 6, 1))
    assert not Confirmation.objects.filter(retiree=retirees.wang).exists()
    assert Retiree.objects.get(pk=retirees.wang.pk).next_due_on == due


def test_a_confirmation_in_the_future_is_refused(retirees):
    with pytest.raises(ValidationError, match="before it happens"):
        confirm(retirees.wang, D(2026, 6, 16))


def test_only_a_writer_of_the_village_confirms(retirees, people):
    with pytest.raises(Exception) as refused:
        confirm(retirees.wang, D(2026, 6, 1), by=people.taer_officer)
    assert refused.typename == "PermissionDenied"
    confirm(retirees.wang, D(2026, 6, 1), by=people.xwz_officer)
