"""A campaign of 小南头街道 with 塔儿村 and 市生态环境局 taking part, and a case about a subject
in 塔儿村 that 塔儿村 found and addressed to the bureau, carrying the canary, for the scoping
walker. The campaign is not public, so its notice page is not found for anyone."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core.roles import Role
from taizhang.lib import clock
from taizhang.rectification.models import Evidence
from taizhang.rectification.services import campaigns, cases, findings
from tests import walker
from tests.factories import make_user


def make(district, people, canary):
    today = clock.today()
    campaign = campaigns.create_campaign(
        by=people.subdistrict_officer,
        name=canary,
        plan_document=canary,
        lead_unit=district.xiaonantou,
        participants=[district.taer, district.eco_bureau],
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=100),
        categories=[(canary, canary, canary)],
    )
    case = cases.open_case(
        by=people.taer_officer,
        campaign=campaign,
        found_by_unit=district.taer,
        agency=district.eco_bureau,
        origin="inspection",
        subject_name=canary,
        subject_kind="person",
        subject_address=canary,
        village=district.taer,
        subject_contact=canary,
        subject_phone="13912345678",
        summary=canary,
        findings=[{"category": campaign.categories.get(), "description": canary}],
    )
    case = cases.take_step(case, by=people.taer_officer, action="issue", number=canary)
    bureau = make_user("walker-bureau", Role.UNIT_OFFICER, unit=district.eco_bureau)
    case = cases.take_step(case, by=bureau, action="accept", note=canary)
    finding = case.findings.get()
    photo = findings.add_evidence(
        finding,
        by=people.taer_officer,
        stage="before",
        upload=SimpleUploadedFile(f"{canary}.png", walker.tiny_png().read(), "image/png"),
        caption=canary,
    )
    extension = cases.request_extension(
        case,
        by=bureau,
        until=case.assignment.deadline + datetime.timedelta(days=5),
        reason=canary,
    )
    evidence = Evidence.objects.get(finding=finding)
    return [
        campaign,
        campaign.categories.get(),
        case,
        finding,
        evidence,
        photo,
        extension,
        case.assignment.clocks.get(),
    ]
