"""Nobody runs both sides of a case or decides their own request: a case goes only to an agency
that takes part in the campaign and is not the finder; a public notice needs the district
office; an extension is decided by someone other than who asked."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import UnitKind
from taizhang.core.roles import Role
from taizhang.rectification.services import campaigns, cases
from tests.factories import make_unit, make_user
from tests.rectification.conftest import walk_to

pytestmark = pytest.mark.django_db


def test_a_case_cannot_be_addressed_outside_the_campaigns_participants(
    district, rect, open_seed_case
):
    stranger = make_unit("市住建局", UnitKind.AGENCY, code="990200901")
    with pytest.raises(ValidationError, match="does not take part"):
        open_seed_case(agency=stranger)


def test_an_agency_cannot_open_a_case_against_itself(district, rect, open_seed_case):
    rect.campaign.participants.add(rect.procuratorate)
    with pytest.raises(ValidationError, match="another unit than the one that found"):
        open_seed_case(agency=rect.procuratorate)


def test_a_unit_cannot_address_a_unit_inside_its_own_tree(district, people, rect, open_seed_case):
    """The district's officers write for 白登山街道 too: they would run both sides."""
    officer = make_user("district-officer", Role.UNIT_OFFICER, unit=district.pingcheng)
    with pytest.raises(ValidationError, match="within or above"):
        open_seed_case(by=officer, found_by_unit=district.pingcheng, agency=district.baidengshan)


def test_a_returned_case_is_readdressed_only_within_the_campaign(
    district, rect, open_seed_case, clock
):
    case = walk_to(open_seed_case(), rect, clock, "issued")
    cases.take_step(case, by=rect.inspector, action="return", note="不归我局管")
    stranger = make_unit("市住建局", UnitKind.AGENCY, code="990200901")
    with pytest.raises(ValidationError, match="does not take part"):
        cases.readdress(case, by=rect.prosecutor, agency=stranger)


def test_a_lead_unit_officer_cannot_publish_a_notice_on_their_own(people, rect):
    with pytest.raises(PermissionDenied):
        campaigns.update_campaign(rect.campaign, by=rect.prosecutor, is_public=True)
    with pytest.raises(PermissionDenied):
        campaigns.create_campaign(
            by=rect.prosecutor,
            name="另一个",
            plan_document="方案",
            lead_unit=rect.procuratorate,
            starts_on=datetime.date(2022, 2, 1),
            ends_on=datetime.date(2022, 12, 31),
            is_public=True,
        )
    campaigns.update_campaign(rect.campaign, by=people.office, is_public=True)
    rect.campaign.refresh_from_db()
    assert rect.campaign.is_public


def test_nobody_decides_their_own_extension_request(rect, open_seed_case, clock):
    """The lead unit's officer who asked (acting for the agency too) may not approve it."""
    case = walk_to(open_seed_case(), rect, clock, "accepted")
    request = cases.request_extension(
        case, by=rect.inspector, until=datetime.date(2022, 12, 1), reason="需要调查"
    )
    request.requested_by = rect.prosecutor  # as if the decider had asked for it
    request.save(update_fields=["requested_by"])
    with pytest.raises(PermissionDenied, match="another person"):
        cases.decide_extension(request, by=rect.prosecutor, approve=True)
    cases.decide_extension(request, by=rect.verifier, approve=True)
