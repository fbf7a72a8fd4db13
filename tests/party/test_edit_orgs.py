"""The pages and API that create an organisation under its superior, rename it or change its
level, and set its secretary and committee."""

import pytest

from taizhang.core.models import AuditEntry
from taizhang.party.models import OrgLevel, PartyOrg
from tests.conftest import client_for

API = "/api/v1/party"


def test_an_officer_creates_a_party_group_under_their_branch(party, people, district):
    client = client_for(people.xwz_officer)
    url = f"/party/orgs/{party.xwz.pk}/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "第一党小组", "level": OrgLevel.GROUP, "unit": district.xiwangzhuang.pk}
    )
    group = PartyOrg.objects.get(name="第一党小组")
    assert response.status_code == 302 and response["Location"] == f"/party/orgs/{group.pk}/"
    assert group.parent == party.xwz and group.unit == district.xiwangzhuang
    assert AuditEntry.objects.filter(object_id=str(group.pk), action="create").exists()


def test_a_branch_above_its_superior_is_refused_naming_the_field(party, people, district):
    client = client_for(people.xwz_officer)
    response = client.post(
        f"/party/orgs/{party.xwz.pk}/new/",
        {"name": "倒挂党委", "level": OrgLevel.COMMITTEE, "unit": district.xiwangzhuang.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # the parent is no field of the form
    assert not PartyOrg.objects.filter(name="倒挂党委").exists()


def test_the_unit_offered_is_one_the_officer_writes_for(party, people, district):
    client = client_for(people.subdistrict_officer)
    form = client.get(f"/party/orgs/{party.working.pk}/new/").context["form"]
    offered = set(form.fields["unit"].queryset)
    assert district.xiwangzhuang in offered and district.guchengcun not in offered


def test_an_officer_renames_the_branch_and_a_stale_edit_is_refused(party, people):
    client = client_for(people.xwz_officer)
    url = f"/party/orgs/{party.xwz.pk}/edit/"
    version = party.xwz.version
    response = client.post(
        url, {"name": "中共西王庄村支部委员会", "level": OrgLevel.BRANCH, "version": version}
    )
    assert response.status_code == 302
    party.xwz.refresh_from_db()
    assert party.xwz.name == "中共西王庄村支部委员会" and party.xwz.version == version + 1
    stale = client.post(url, {"name": "旧名", "level": OrgLevel.BRANCH, "version": version})
    assert stale.status_code == 200 and "旧名" not in PartyOrg.objects.values_list(
        "name", flat=True
    )


def test_a_branch_with_members_keeps_its_level(party, people):
    response = client_for(people.xwz_officer).post(
        f"/party/orgs/{party.xwz.pk}/edit/", {"name": "西王庄村党支部", "level": OrgLevel.GROUP}
    )
    assert response.status_code == 200
    assert "level" in response.context["form"].errors
    party.xwz.refresh_from_db()
    assert party.xwz.level == OrgLevel.BRANCH


def test_the_leadership_is_chosen_among_the_members_of_its_branches(party, people):
    client = client_for(people.xwz_officer)
    url = f"/party/orgs/{party.xwz.pk}/leadership/"
    page = client.get(url)
    offered = {pk for pk, _name in page.context["form"].fields["committee"].choices}
    assert {p.pk for p in party.xwz_people} <= offered
    assert not {p.pk for p in party.taer_people} & offered
    new_secretary, committee = party.xwz_people[1], party.xwz_people[1:3]
    response = client.post(
        url,
        {
            "secretary": new_secretary.pk,
            "committee": [p.pk for p in committee],
            "published_names": "李委员",
        },
    )
    assert response.status_code == 302
    party.xwz.refresh_from_db()
    assert party.xwz.secretary == new_secretary
    assert set(party.xwz.committee.all()) == set(committee)
    assert party.xwz.published_names == "李委员"


def test_the_org_page_links_the_edits_only_for_those_who_write(party, people):
    own = client_for(people.xwz_officer).get(f"/party/orgs/{party.xwz.pk}/").content.decode()
    assert f"/party/orgs/{party.xwz.pk}/edit/" in own
    assert f"/party/orgs/{party.xwz.pk}/members/new/" in own
    read_only = client_for(people.leader).get(f"/party/orgs/{party.xwz.pk}/").content.decode()
    assert f"/party/orgs/{party.xwz.pk}/edit/" not in read_only
    assert "/members/new/" not in read_only


@pytest.mark.parametrize("suffix", ["new/", "edit/", "leadership/"])
def test_another_villages_officer_is_refused_every_edit_page(party, people, suffix):
    client = client_for(people.taer_officer)
    url = f"/party/orgs/{party.xwz.pk}/{suffix}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "X", "level": OrgLevel.GROUP}).status_code == 404
    party.xwz.refresh_from_db()
    assert party.xwz.name == "西王庄村党支部"


def test_a_leader_who_reads_everything_may_not_open_the_edit_pages(party, people):
    client = client_for(people.leader)
    assert client.get(f"/party/orgs/{party.xwz.pk}/edit/").status_code == 403


def test_the_api_creates_renames_and_sets_the_leadership(party, people, district):
    client = client_for(people.xwz_officer)
    created = client.post(
        f"{API}/orgs",
        {
            "parent_id": party.xwz.pk,
            "name": "第二党小组",
            "level": "group",
            "unit_id": district.xiwangzhuang.pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    group = created.json()
    renamed = client.patch(
        f"{API}/orgs/{group['id']}",
        {"name": "第二小组", "level": "group", "version": 1},
        content_type="application/json",
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "第二小组"
    stale = client.patch(
        f"{API}/orgs/{group['id']}",
        {"name": "旧", "level": "group", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    led = client.put(
        f"{API}/orgs/{party.xwz.pk}/leadership",
        {"secretary_id": party.xwz_people[2].pk, "committee_ids": [party.xwz_people[3].pk]},
        content_type="application/json",
    )
    assert led.status_code == 200 and led.json()["secretary_name"] == "张党员"


def test_the_api_refuses_an_outsider_each_write(party, people, district):
    client = client_for(people.taer_officer)
    assert (
        client.post(
            f"{API}/orgs",
            {"parent_id": party.xwz.pk, "name": "X", "level": "group",
             "unit_id": district.xiwangzhuang.pk},
            content_type="application/json",
        ).status_code
        == 404
    )  # fmt: skip
    assert (
        client.patch(
            f"{API}/orgs/{party.xwz.pk}", {"name": "X", "level": "branch"},
            content_type="application/json",
        ).status_code
        == 404
    )  # fmt: skip
    assert (
        client.put(
            f"{API}/orgs/{party.xwz.pk}/leadership", {"committee_ids": []},
            content_type="application/json",
        ).status_code
        == 404
    )  # fmt: skip
    party.xwz.refresh_from_db()
    assert party.xwz.name == "西王庄村党支部" and party.xwz.committee.count() == 2


def test_a_level_that_puts_the_branches_below_above_it_is_refused(party, people):
    response = client_for(people.subdistrict_officer).post(
        f"/party/orgs/{party.working.pk}/edit/",
        {"name": "小南头街道党工委", "level": OrgLevel.BRANCH},
    )
    assert response.status_code == 200
    assert "西王庄村党支部" in str(response.context["form"].errors["level"])
    party.working.refresh_from_db()
    assert party.working.level == OrgLevel.WORKING_COMMITTEE
