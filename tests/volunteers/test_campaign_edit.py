"""The organiser edits a campaign (its title, purpose, period and places; never its organiser)
and closes or reopens its public sign-up; the period keeps every shift inside it and a place
with shifts stays."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from taizhang.core.models import AuditEntry, UnitKind
from taizhang.core.versions import StaleEdit
from taizhang.volunteers import services
from taizhang.volunteers.models import Campaign
from tests.conftest import client_for
from tests.factories import make_unit
from tests.volunteers.conftest import id_number

pytestmark = pytest.mark.django_db


def edit_form(world, **changes):
    campaign = world.campaign
    data = {
        "title": campaign.title,
        "purpose": campaign.purpose,
        "requirements": campaign.requirements,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "places": [place.pk for place in campaign.places.all()],
        "version": campaign.version,
    }
    data.update(changes)
    return data


def edit_url(world) -> str:
    return f"/volunteers/campaigns/{world.campaign.pk}/edit/"


def test_the_district_office_edits_the_title_period_and_places_and_it_is_audited(world):
    """The league's officer reads no community of its own (its places stay its choices); the
    district's office adds one."""
    huayuan = make_unit("花园社区", UnitKind.COMMUNITY, world.shuibosi, code="140213003002")
    organiser = client_for(world.people.office)
    page = organiser.get(edit_url(world)).content.decode()
    assert "寒假返乡大学生疫情防控志愿服务" in page and "文兴社区" in page
    response = organiser.post(
        edit_url(world),
        edit_form(world, title="寒假返乡大学生志愿服务", ends_on="2022-02-28",
                  places=[world.wenxing.pk, huayuan.pk]),
    )  # fmt: skip
    assert response.status_code == 302
    campaign = Campaign.objects.get(pk=world.campaign.pk)
    assert campaign.title == "寒假返乡大学生志愿服务"
    assert campaign.ends_on == datetime.date(2022, 2, 28)
    assert set(campaign.places.values_list("name", flat=True)) == {"文兴社区", "花园社区"}
    assert campaign.version == world.campaign.version + 1 and campaign.unit == world.league
    entry = AuditEntry.objects.filter(object_id=str(campaign.pk), action="update").get()
    assert entry.after["title"] == "寒假返乡大学生志愿服务" and huayuan.pk in entry.after["places"]
    assert "寒假返乡大学生志愿服务" in organiser.get(campaign.get_absolute_url()).content.decode()


def test_a_period_that_leaves_a_shift_outside_is_refused_and_nothing_changes(world):
    response = client_for(world.organiser).post(
        edit_url(world), edit_form(world, title="改名", starts_on="2022-01-21")
    )
    assert response.status_code == 200
    assert "lies outside this period" in response.content.decode()
    campaign = Campaign.objects.get(pk=world.campaign.pk)
    assert (campaign.title, campaign.starts_on) == (world.campaign.title, world.campaign.starts_on)
    assert not AuditEntry.objects.filter(object_id=str(campaign.pk), action="update").exists()


def test_a_place_with_shifts_stays_a_place(world):
    tower = make_unit("塔东社区", UnitKind.COMMUNITY, world.shuibosi, code="140213003003")
    office = client_for(world.people.office)
    response = office.post(edit_url(world), edit_form(world, places=[tower.pk]))
    assert "文兴社区 has the shift" in response.content.decode()
    assert list(Campaign.objects.get(pk=world.campaign.pk).places.all()) == [world.wenxing]


def test_an_edit_from_an_old_version_is_refused(world):
    services.update_campaign(world.campaign, by=world.organiser, title="先改的")
    with pytest.raises(StaleEdit):
        services.update_campaign(
            Campaign.objects.get(pk=world.campaign.pk),
            by=world.organiser,
            version=world.campaign.version - 1,
            title="后改的",
        )
    response = client_for(world.organiser).post(
        edit_url(world), edit_form(world, title="后改的", version=1)
    )
    assert response.status_code == 200
    assert Campaign.objects.get(pk=world.campaign.pk).title == "先改的"


def test_closing_the_sign_up_stops_the_public_page_and_reopening_restores_it(world):
    organiser = client_for(world.organiser)
    close = f"/volunteers/campaigns/{world.campaign.pk}/sign-up/closed/"
    assert organiser.get(close).status_code == 405
    assert organiser.post(close).status_code == 302
    assert not Campaign.objects.get(pk=world.campaign.pk).is_open
    public = Client().post(
        world.campaign.public_path(),
        {"name": "李同学", "id_number": id_number(7), "phone": "13800001111",
         "community": world.wenxing.pk, "shifts": [world.shift.pk], "consent": "on"},
    )  # fmt: skip
    assert not world.shift.participations.filter(volunteer__person__name="李同学").exists()
    assert public.status_code in (200, 403, 410)
    organiser.post(f"/volunteers/campaigns/{world.campaign.pk}/sign-up/open/")
    assert Campaign.objects.get(pk=world.campaign.pk).is_open
    updates = AuditEntry.objects.filter(object_id=str(world.campaign.pk), action="update")
    assert updates.count() == 2
    assert (
        organiser.post(f"/volunteers/campaigns/{world.campaign.pk}/sign-up/x/").status_code == 404
    )


def test_closing_a_closed_sign_up_again_changes_and_records_nothing(world):
    services.close_campaign(world.campaign, by=world.organiser)
    closed = Campaign.objects.get(pk=world.campaign.pk)
    updates = AuditEntry.objects.filter(object_id=str(closed.pk), action="update").count()
    services.close_campaign(closed, by=world.organiser)
    again = Campaign.objects.get(pk=closed.pk)
    assert (again.is_open, again.version) == (False, closed.version)
    assert AuditEntry.objects.filter(object_id=str(closed.pk), action="update").count() == updates


def test_only_the_organiser_edits_or_closes(world):
    for user in (world.wenxing_officer, world.people.leader):
        client = client_for(user)
        assert client.get(edit_url(world)).status_code in (403, 404)
        closing = client.post(f"/volunteers/campaigns/{world.campaign.pk}/sign-up/closed/")
        assert closing.status_code in (403, 404)
    assert Campaign.objects.get(pk=world.campaign.pk).is_open
    page = client_for(world.wenxing_officer).get(world.campaign.get_absolute_url())
    assert page.status_code == 200 and "Close the sign-up" not in page.content.decode()


def test_the_league_recruits_in_any_community_of_the_district_and_a_village_only_at_home(world):
    """共青团平城区委 serves the whole district: every village and community of it is a place it
    may name; a village officer names only their own village and sees no other's name."""
    league = client_for(world.organiser)
    page = league.get("/volunteers/campaigns/new/").content.decode()
    assert "文兴社区" in page and "塔儿村" in page and "西王庄村" in page
    response = league.post(
        "/volunteers/campaigns/new/",
        {"unit": world.league.pk, "title": "暑期志愿服务", "purpose": "助老",
         "starts_on": "2022-07-01", "ends_on": "2022-08-31",
         "places": [world.wenxing.pk, world.district.taer.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="暑期志愿服务")
    assert set(campaign.places.values_list("name", flat=True)) == {"文兴社区", "塔儿村"}
    village = client_for(world.people.xwz_officer).get("/volunteers/campaigns/new/")
    assert "西王庄村" in village.content.decode() and "塔儿村" not in village.content.decode()


def test_a_village_officer_cannot_name_another_village_through_the_service(world):
    """The rule of the form holds in the service the API and imports call: nothing is made."""
    officer = world.people.xwz_officer
    with pytest.raises(ValidationError) as refused:
        services.create_campaign(
            by=officer, unit=world.district.xiwangzhuang, places=[world.district.taer],
            title="越界招募", purpose="助老",
            starts_on=datetime.date(2022, 7, 1), ends_on=datetime.date(2022, 8, 31),
        )  # fmt: skip
    assert "塔儿村" in str(refused.value.message_dict["places"])
    assert not Campaign.objects.filter(title="越界招募").exists()
