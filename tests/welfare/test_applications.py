"""The civil-affairs flow of an application (低保审核确认): receive, investigate, 初审, 公示 with
objections, submit, approve, refuse or return; the 30/45 working-day clock; flagged
applications; withdrawal; every step on the timeline and in the audit trail."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core.models import Attachment, AuditEntry
from taizhang.core.roles import Role
from taizhang.people.models import PersonStatus
from taizhang.welfare.models import (
    Application,
    ApplicationStatus,
    Enrolment,
    Notice,
    Programme,
    ProgrammeKind,
)
from taizhang.welfare.services import applications as services
from tests import walker
from tests.factories import make_person, make_user
from tests.welfare import applying
from tests.welfare.applying import DAY, in_notice, investigated, received, submitted

clock, dibao, staff = applying.clock, applying.dibao, applying.staff  # fixtures

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def test_receiving_numbers_the_application_and_sets_30_working_days(
    people, villagers, dibao, clock
):
    application = received(people, dibao, villagers.wang)
    assert application.number == "SQ20220001"
    assert application.status == S.RECEIVED
    assert application.household == villagers.wang_household
    assert application.household_size == 2
    # 30 working days after 2022-03-01: Qingming (3-5 April) off, Saturday 2 April worked.
    assert application.deadline == datetime.date(2022, 4, 13)
    assert [s.step for s in application.steps.all()] == ["received"]
    assert AuditEntry.objects.filter(object_id=str(application.pk)).count() == 1
    second = received(people, dibao, villagers.sun)
    assert second.number == "SQ20220002"


def test_a_second_open_application_of_the_same_person_is_refused(people, villagers, dibao, clock):
    received(people, dibao, villagers.wang)
    with pytest.raises(ValidationError, match="already has an open application"):
        received(people, dibao, villagers.wang)
    assert Application.objects.count() == 1


def test_an_applicant_of_another_village_or_not_on_the_roll_is_refused(
    district, people, villagers, dibao, clock
):
    with pytest.raises(ValidationError, match="not a resident"):
        services.receive(
            by=people.subdistrict_officer, programme=dibao, applicant=villagers.wang,
            unit=district.taer,
        )  # fmt: skip
    villagers.sun.status = PersonStatus.DECEASED
    villagers.sun.save()
    with pytest.raises(ValidationError, match="not on the roll"):
        received(people, dibao, villagers.sun)
    assert not Application.objects.exists()


def test_an_id_number_not_in_the_registry_is_refused_with_a_clear_message(people, villagers):
    with pytest.raises(ValidationError, match="No resident"):
        services.applicant_by_number(people.xwz_officer, "110101199003077777")


def test_another_villages_officer_may_not_receive(people, villagers, dibao, clock):
    with pytest.raises(PermissionDenied):
        services.receive(by=people.taer_officer, programme=dibao, applicant=villagers.wang)


def test_a_staff_relative_is_flagged_with_the_declared_relation(people, villagers, dibao, clock):
    with pytest.raises(ValidationError, match="whose relative"):
        received(people, dibao, villagers.wang, is_staff_relative=True)
    application = received(
        people, dibao, villagers.wang, is_staff_relative=True, staff_relative_note="村会计之父"
    )
    assert application.is_staff_relative and application.staff_relative_note == "村会计之父"


def test_an_investigation_needs_two_different_staff_of_the_village(
    people, villagers, dibao, staff, clock
):
    application = received(people, dibao, villagers.wang)
    with pytest.raises(ValidationError, match="two different staff"):
        services.record_investigation(
            application, by=staff.first, investigated_on=DAY, first_investigator=staff.first,
            second_investigator=staff.first, findings="x",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="does not work for"):
        services.record_investigation(
            application, by=staff.first, investigated_on=DAY, first_investigator=staff.first,
            second_investigator=staff.taer, findings="x",
        )  # fmt: skip
    assert not application.investigations.exists()


def test_an_investigation_keeps_its_findings_income_and_photos(
    people, villagers, dibao, staff, clock
):
    application = received(people, dibao, villagers.wang)
    photo = SimpleUploadedFile("home.png", walker.tiny_png().read(), "image/png")
    application = investigated(application, staff, photos=[photo])
    investigation = application.investigations.get()
    assert application.status == S.INVESTIGATED
    assert investigation.verified_income_yuan == Decimal("1000")
    assert Attachment.objects.filter(object_id=str(investigation.pk)).count() == 1
    assert [s.step for s in application.steps.all()] == ["received", "investigated"]


def test_the_preliminary_review_opens_a_seven_day_notice(people, villagers, dibao, staff, clock):
    application = investigated(received(people, dibao, villagers.wang), staff)
    application = in_notice(application, people.xwz_officer)
    notice = Notice.objects.get(application=application)
    assert application.status == S.IN_NOTICE
    assert (notice.starts_on, notice.ends_on) == (DAY, datetime.date(2022, 3, 7))
    assert application.preliminary_note == "符合条件"


def test_a_notice_shorter_than_seven_days_is_refused_and_nothing_changes(
    people, villagers, dibao, staff, clock
):
    application = investigated(received(people, dibao, villagers.wang), staff)
    with pytest.raises(ValidationError, match="at least 7 days"):
        in_notice(application, people.xwz_officer, notice_days=5)
    application.refresh_from_db()
    assert application.status == S.INVESTIGATED
    assert not Notice.objects.exists()


def test_a_programme_with_a_longer_notice_refuses_the_minimum(
    people, villagers, dibao, staff, clock
):
    dibao.notice_days = 10
    dibao.save()
    application = investigated(received(people, dibao, villagers.wang), staff)
    with pytest.raises(ValidationError, match="at least 10 days"):
        in_notice(application, people.xwz_officer, notice_days=7)
    application = in_notice(application, people.xwz_officer)
    assert application.notice.ends_on == datetime.date(2022, 3, 10)


def test_a_failed_preliminary_review_refuses_in_writing(people, villagers, dibao, staff, clock):
    application = investigated(received(people, dibao, villagers.wang), staff)
    with pytest.raises(ValidationError):
        services.preliminary_review(application, by=people.xwz_officer, passed=False, note=" ")
    application = services.preliminary_review(
        application, by=people.xwz_officer, passed=False, note="家庭收入超过标准"
    )
    assert application.status == S.REFUSED
    assert application.decision_note == "家庭收入超过标准"
    assert application.steps.last().step == "preliminary_refused"


def test_an_applicant_over_the_income_standard_cannot_pass(people, villagers, dibao, staff, clock):
    application = investigated(
        received(people, dibao, villagers.wang), staff, verified_income_yuan=Decimal("1600")
    )
    with pytest.raises(ValidationError, match="not below the standard"):
        in_notice(application, people.xwz_officer)


def test_a_flagged_application_is_investigated_and_reviewed_above_the_village(
    district, people, villagers, dibao, staff, clock
):
    application = received(
        people, dibao, villagers.wang, is_staff_relative=True, staff_relative_note="村主任之父"
    )
    with pytest.raises(PermissionDenied):
        in_notice(application, people.xwz_officer)
    with pytest.raises(ValidationError, match="always investigated"):
        in_notice(application, people.subdistrict_officer)
    application = investigated(application, staff)
    with pytest.raises(PermissionDenied):
        in_notice(application, people.xwz_officer)
    application = in_notice(application, people.subdistrict_officer)
    assert application.status == S.IN_NOTICE


def test_an_ordinary_application_may_pass_without_a_home_visit(people, villagers, dibao, clock):
    application = in_notice(received(people, dibao, villagers.wang), people.xwz_officer)
    assert application.status == S.IN_NOTICE


def test_submitting_before_the_notice_has_run_is_refused(people, villagers, dibao, staff, clock):
    application = in_notice(
        investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer
    )
    clock(datetime.date(2022, 3, 7))  # the last day of the notice
    with pytest.raises(ValidationError, match="runs until 2022-03-07"):
        services.submit_application(application, by=people.xwz_officer)
    application.refresh_from_db()
    assert application.status == S.IN_NOTICE
    clock(datetime.date(2022, 3, 8))
    application = services.submit_application(application, by=people.xwz_officer)
    assert application.status == S.SUBMITTED


def test_objections_are_checked_and_a_sustained_one_needs_a_new_investigation(
    people, villagers, dibao, staff, clock
):
    application = in_notice(
        investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer
    )
    notice = application.notice
    clock(datetime.date(2022, 3, 3))
    objection = services.record_objection(
        notice, by=people.xwz_officer, content="其子在城里打工，收入不低", raised_by="村民"
    )
    clock(datetime.date(2022, 3, 8))
    with pytest.raises(ValidationError, match="not been checked"):
        services.submit_application(application, by=people.xwz_officer)
    with pytest.raises(ValidationError, match="while the notice runs"):
        services.record_objection(notice, by=people.xwz_officer, content="迟到的异议")
    services.check_objection(
        objection, by=people.xwz_officer, handling="走访核实，属实", sustained=True
    )
    with pytest.raises(ValidationError, match="found to be true"):
        services.submit_application(application, by=people.xwz_officer)
    application = investigated(application, staff, investigated_on=datetime.date(2022, 3, 8))
    assert application.status == S.INVESTIGATED
    application = in_notice(application, people.xwz_officer)
    notice.refresh_from_db()
    assert notice.starts_on == datetime.date(2022, 3, 8)
    clock(datetime.date(2022, 3, 15))
    assert services.submit_application(application, by=people.xwz_officer).status == S.SUBMITTED


def test_a_dismissed_objection_lets_the_application_go_on(people, villagers, dibao, staff, clock):
    application = in_notice(
        investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer
    )
    objection = services.record_objection(application.notice, by=people.xwz_officer, content="?")
    services.check_objection(objection, by=people.xwz_officer, handling="不属实", sustained=False)
    with pytest.raises(ValidationError, match="already been checked"):
        services.check_objection(objection, by=people.xwz_officer, handling="再查", sustained=True)
    application = submitted(application, people, clock)
    assert application.status == S.SUBMITTED
    steps = [s.step for s in application.steps.all()]
    assert steps == [
        "received", "investigated", "preliminary_passed", "objection", "objection_dismissed",
        "submitted",
    ]  # fmt: skip


def test_the_deciding_unit_approves_and_enrols_from_a_day(
    people, villagers, dibao, staff, minzhengju, clock
):
    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    application = services.approve_application(
        application,
        by=minzhengju.officer,
        enrol_from=datetime.date(2022, 4, 1),
        amount_yuan=Decimal("400"),
        note="同意",
    )
    assert application.status == S.APPROVED
    assert application.decided_by == minzhengju.officer
    assert (application.amount_yuan, application.enrol_from) == (
        Decimal("400"),
        datetime.date(2022, 4, 1),
    )
    enrolment = Enrolment.objects.get(application=application)
    assert enrolment.person == villagers.wang and enrolment.amount_yuan == Decimal("400")
    assert enrolment.started_on == datetime.date(2022, 4, 1)
    assert enrolment.next_review_on == datetime.date(2023, 4, 1)
    assert application.steps.last().step == "approved"


def test_only_the_deciding_unit_decides(people, villagers, dibao, staff, district, clock):
    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    fagaiju = make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju)
    for outsider in (people.xwz_officer, people.subdistrict_officer, fagaiju):
        with pytest.raises(PermissionDenied):
            services.approve_application(application, by=outsider, enrol_from=DAY)
        with pytest.raises(PermissionDenied):
            services.refuse_application(application, by=outsider, reasons="不符合")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert not Enrolment.objects.exists()


def test_approval_rechecks_eligibility_on_the_enrolment_day(
    people, villagers, dibao, staff, minzhengju, clock
):
    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    villagers.wang.status = PersonStatus.DECEASED
    villagers.wang.save()
    with pytest.raises(ValidationError, match="does not qualify"):
        services.approve_application(
            application, by=minzhengju.officer, enrol_from=datetime.date(2022, 4, 1)
        )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert not Enrolment.objects.exists()


def test_approval_refuses_an_excluded_programme(
    district, people, villagers, dibao, staff, minzhengju, clock
):
    tekun = Programme.objects.create(
        name="特困供养", owner=district.pingcheng, kind=ProgrammeKind.CASH_MONTHLY,
        starts_on=datetime.date(2020, 1, 1),
    )  # fmt: skip
    dibao.excludes.add(tekun)
    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    Enrolment.objects.create(programme=tekun, person=villagers.wang, started_on=DAY)
    with pytest.raises(ValidationError, match="特困供养"):
        services.approve_application(
            application, by=minzhengju.officer, enrol_from=datetime.date(2022, 4, 1)
        )


def test_the_deciding_unit_refuses_in_writing(people, villagers, dibao, staff, minzhengju, clock):
    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    with pytest.raises(ValidationError):
        services.refuse_application(application, by=minzhengju.officer, reasons="  ")
    application = services.refuse_application(
        application, by=minzhengju.officer, reasons="家庭财产超过规定"
    )
    assert application.status == S.REFUSED
    assert application.decision_note == "家庭财产超过规定"
    assert not Enrolment.objects.exists()


def test_a_return_sends_it_back_for_a_new_investigation(
    people, villagers, dibao, staff, minzhengju, clock
):
    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    with pytest.raises(ValidationError):
        services.return_application(application, by=minzhengju.officer, reason="")
    application = services.return_application(
        application, by=minzhengju.officer, reason="补充赡养人收入证明"
    )
    assert application.status == S.RETURNED
    application = investigated(application, staff, investigated_on=application.notice.ends_on)
    assert application.status == S.INVESTIGATED
    assert application.investigations.count() == 2


def test_the_deadline_is_extended_once_to_45_working_days(people, villagers, dibao, clock):
    application = received(people, dibao, villagers.wang)
    with pytest.raises(ValidationError):
        services.extend_deadline(application, by=people.xwz_officer, reason="")
    application = services.extend_deadline(
        application, by=people.xwz_officer, reason="需核对异地车辆信息"
    )
    assert application.extended
    assert application.deadline == datetime.date(2022, 5, 6)
    with pytest.raises(ValidationError, match="already been extended"):
        services.extend_deadline(application, by=people.xwz_officer, reason="再延")


def test_withdrawal_ends_a_running_notice(people, villagers, dibao, clock):
    application = in_notice(received(people, dibao, villagers.wang), people.xwz_officer)
    clock(datetime.date(2022, 3, 3))
    application = services.withdraw_application(
        application, by=people.xwz_officer, reason="申请人外出务工，主动撤回"
    )
    assert application.status == S.WITHDRAWN
    assert application.notice.ends_on == datetime.date(2022, 3, 3)
    with pytest.raises(ValidationError):
        services.withdraw_application(application, by=people.xwz_officer, reason="again")


def test_every_step_writes_an_audit_entry(people, villagers, dibao, staff, minzhengju, clock):
    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    services.approve_application(
        application, by=minzhengju.officer, enrol_from=datetime.date(2022, 4, 1)
    )
    entries = AuditEntry.objects.filter(
        content_type__model="application", object_id=str(application.pk)
    )
    # received, investigated, passed, submitted, approved
    assert entries.count() == 5
    assert entries.filter(actor=minzhengju.officer).exists()
    assert application.steps.count() == 5


def test_a_resident_of_taer_has_no_application_to_a_foreign_village(
    people, villagers, district, clock, dibao
):
    other = make_person(district.guchengcun, "古城人")
    with pytest.raises(PermissionDenied):
        services.receive(by=people.xwz_officer, programme=dibao, applicant=other)
