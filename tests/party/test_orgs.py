import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.access import SYSTEM
from taizhang.core.models import AuditEntry
from taizhang.party.models import Membership, OrgLevel, PartyOrg
from taizhang.party.services import orgs
from tests.factories import make_person


def test_an_organisation_sits_in_the_tree_tied_to_its_unit(party, district):
    assert party.xwz.parent == party.working
    assert party.working.parent == party.district_committee
    assert AuditEntry.objects.filter(object_id=str(party.xwz.pk)).exists()


def test_it_refuses_a_branch_above_a_committee(party, district):
    with pytest.raises(ValidationError) as error:
        orgs.create_org(
            by=SYSTEM,
            name="倒挂党委",
            level=OrgLevel.COMMITTEE,
            unit=district.xiwangzhuang,
            parent=party.xwz,
        )
    assert "parent" in error.value.message_dict
    assert not PartyOrg.objects.filter(name="倒挂党委").exists()


def test_it_refuses_a_unit_outside_the_superior_organisations_unit(party, district):
    with pytest.raises(ValidationError) as error:
        orgs.create_org(
            by=SYSTEM,
            name="古城村党支部",
            level=OrgLevel.BRANCH,
            unit=district.guchengcun,
            parent=party.working,
        )
    assert "unit" in error.value.message_dict


def test_it_refuses_a_member_in_two_branches_at_once(party, district):
    person = party.taer_people[1]
    before = Membership.objects.count()
    with pytest.raises(ValidationError) as error:
        orgs.add_member(
            party.xwz,
            by=SYSTEM,
            person=person,
            joined_party_on=datetime.date(2010, 7, 1),
            joined_org_on=datetime.date(2022, 1, 1),
        )
    assert "塔儿村党支部" in str(error.value.message_dict["person"])
    assert Membership.objects.count() == before


def test_a_transfer_takes_the_member_out_of_one_roster_and_into_another(party):
    member = Membership.objects.get(person=party.taer_people[1], left_org_on__isnull=True)
    moved = orgs.transfer_member(member, by=SYSTEM, to=party.xwz, on=datetime.date(2022, 3, 1))
    member.refresh_from_db()
    assert member.left_org_on == datetime.date(2022, 3, 1)
    assert member.transferred_to == "西王庄村党支部"
    assert moved.org == party.xwz and moved.transferred_from == "塔儿村党支部"
    on_feb = Membership.objects.filter(org=party.xwz).on(datetime.date(2022, 2, 1)).count()
    on_mar = Membership.objects.filter(org=party.xwz).on(datetime.date(2022, 3, 1)).count()
    assert (on_feb, on_mar) == (5, 6)


def test_an_officer_of_another_village_may_not_add_members(party, people, district):
    person = make_person(district.taer, "新党员")
    with pytest.raises(PermissionDenied):
        orgs.add_member(
            party.taer,
            by=people.xwz_officer,
            person=person,
            joined_party_on=datetime.date(2020, 7, 1),
            joined_org_on=datetime.date(2021, 1, 1),
        )


def test_members_belong_to_a_branch_not_to_a_working_committee(party, district):
    with pytest.raises(ValidationError):
        orgs.add_member(
            party.working,
            by=SYSTEM,
            person=make_person(district.xiaonantou, "街道党员"),
            joined_party_on=datetime.date(2020, 7, 1),
            joined_org_on=datetime.date(2021, 1, 1),
        )
