"""A welfare application of a resident of 塔儿村 that has been investigated at home (with a
photo), passed its 初审 and is in 公示 with an objection; and the same resident's enrolment with
a periodic review. The resident's full name, the application's reason, the findings, the
objection and the review carry the canary. The village's public notice page shows the name
masked only (tests/core/test_scoping_walker.py allows it the unit's name). The enrolment
itself is the programmes area's record (its page, `welfare-enrolment`, is theirs): it is made
here for the review and left to their walker records."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core.roles import Role
from taizhang.lib import clock
from taizhang.lib.idcard import make_id_number
from taizhang.people.services import persons
from taizhang.welfare.models import Programme, ProgrammeKind, ReviewOutcome
from taizhang.welfare.services import applications
from taizhang.welfare.services import reviews as periodic
from taizhang.welfare.services.enrolments import enrol
from tests import walker
from tests.factories import make_user


def make(district, people, canary):
    today = clock.today()
    officer = people.taer_officer
    colleague = make_user("walker-taer-welfare", Role.UNIT_OFFICER, unit=district.taer)
    programme = Programme.objects.create(
        name="困难群众生活补助",
        owner=district.taer,
        kind=ProgrammeKind.CASH_MONTHLY,
        starts_on=today - datetime.timedelta(days=800),
        income_standard_yuan=Decimal("700"),
        needs_application=True,
        review_months=12,
    )
    person = persons.create_person(
        by=officer,
        unit=district.taer,
        name=canary,
        id_number=make_id_number("140213", datetime.date(1950, 5, 6), 903),
        notes=canary,
    )
    application = applications.receive(
        by=officer,
        programme=programme,
        applicant=person,
        monthly_income_yuan=Decimal("300"),
        reason=canary,
        is_staff_relative=True,
        staff_relative_note=canary,
    )
    photo = SimpleUploadedFile(f"{canary}.png", walker.tiny_png().read(), "image/png")
    investigation = applications.record_investigation(
        application,
        by=officer,
        investigated_on=today,
        first_investigator=officer,
        second_investigator=colleague,
        findings=canary,
        verified_income_yuan=Decimal("300"),
        photos=[photo],
    )
    application = applications.preliminary_review(
        application, by=people.subdistrict_officer, passed=True, note=canary
    )
    objection = applications.record_objection(
        application.notice, by=officer, content=canary, raised_by=canary
    )
    enrolment = enrol(
        programme, person, by=officer, started_on=today - datetime.timedelta(days=400)
    )
    review = periodic.record_review(
        enrolment, by=officer, outcome=ReviewOutcome.CONTINUE, reason=canary
    )
    return [
        person,
        application,
        investigation,
        application.notice,
        objection,
        review,
        *application.steps.all(),
    ]
