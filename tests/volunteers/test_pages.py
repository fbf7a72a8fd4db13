"""The pages: the public sign-up from its link, the volunteer's own page, the shift's QR
page, the organiser's confirm and attendance, QR downloads, letters, scope and query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from taizhang.core.models import Attachment
from taizhang.volunteers import services
from taizhang.volunteers.models import Participation, ParticipationState, TargetState
from taizhang.volunteers.views.public import shift_path
from tests.conftest import client_for
from tests.factories import make_organisation, make_person
from tests.volunteers.conftest import at, id_number, sign_up, wrong_check
from tests.walker import tiny_png

pytestmark = pytest.mark.django_db


def form(world, number=None, **changes):
    data = {
        "name": "张同学",
        "id_number": number or id_number(),
        "phone": "13800001234",
        "community": world.wenxing.pk,
        "school": "山西大学",
        "shifts": [world.shift.pk],
        "consent": "on",
    }
    data.update(changes)
    return data


def test_the_public_page_signs_up_without_an_account(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get(world.campaign.public_path())
    assert page.status_code == 200 and "入户走访" in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = client.post(
        world.campaign.public_path(), {**form(world), "csrfmiddlewaretoken": token}
    )
    participation = Participation.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/volunteers/me/{participation.token}/")
    assert participation.state == ParticipationState.REQUESTED
    mine = client.get(response["Location"]).content.decode()
    assert "张**" in mine and id_number() not in mine


def test_the_public_page_refuses_a_post_without_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post(world.campaign.public_path(), form(world)).status_code == 403
    assert not Participation.objects.exists()


def test_the_public_page_refuses_a_wrong_check_character_with_a_message(world):
    response = Client().post(world.campaign.public_path(), form(world, wrong_check(id_number())))
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not Participation.objects.exists()


def test_the_public_page_refuses_a_second_sign_up(world):
    Client().post(world.campaign.public_path(), form(world))
    response = Client().post(world.campaign.public_path(), form(world))
    assert "already signed up" in response.content.decode()
    assert Participation.objects.count() == 1


def test_the_public_page_shows_no_personal_data_of_others(world):
    sign_up(world, id_number(1), name="李四海")
    page = Client().get(world.campaign.public_path()).content.decode()
    assert "李四海" not in page and "李**" not in page and id_number(1) not in page
    assert "13800001234" not in page


def test_an_unknown_key_is_not_found(world):
    assert Client().get("/volunteers/join/nothing-here/").status_code == 404
    assert Client().get("/volunteers/s/forged/").status_code == 404


def test_the_public_posts_are_limited_per_address(world, settings):
    from taizhang.volunteers.views import public

    public.POSTS_PER_HOUR = 2
    try:
        client = Client()
        for _ in range(2):
            client.post(world.campaign.public_path(), form(world, wrong_check(id_number())))
        assert client.post(world.campaign.public_path(), form(world)).status_code == 429
    finally:
        public.POSTS_PER_HOUR = 30
    assert not Participation.objects.exists()


def test_the_organiser_confirms_and_the_shift_code_checks_in_and_out(world):
    [participation] = sign_up(world)
    organiser = client_for(world.organiser)
    url = f"/volunteers/participations/{participation.pk}/confirm/"
    assert organiser.post(url).status_code == 302
    participation.refresh_from_db()
    assert participation.state == ParticipationState.CONFIRMED
    world.set_day(datetime.date(2022, 1, 20))
    phone = Client()
    checked_in = phone.post(shift_path(world.shift), {"id_number": id_number()})
    assert "checked in" in checked_in.content.decode()
    from zoneinfo import ZoneInfo

    later = datetime.datetime(2022, 1, 20, 12, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    import taizhang.lib.clock as clock

    original = clock.now
    clock.now = lambda: later
    try:
        checked_out = phone.post(shift_path(world.shift), {"id_number": id_number()})
    finally:
        clock.now = original
    assert "2.50" in checked_out.content.decode()
    mine = Client().get(f"/volunteers/me/{participation.token}/").content.decode()
    assert "2.50" in mine


def test_the_organiser_checks_in_and_out_and_a_check_out_before_is_refused(world):
    [participation] = sign_up(world)
    services.confirm(participation, by=world.organiser)
    organiser = client_for(world.organiser)
    base = f"/volunteers/participations/{participation.pk}"
    organiser.post(f"{base}/check-in/", {"at": "2022-01-20T09:00"})
    organiser.post(f"{base}/check-out/", {"at": "2022-01-20T08:00"})
    participation.refresh_from_db()
    assert participation.checked_in_at == at("2022-01-20", 9)
    assert participation.checked_out_at is None


def test_the_qr_codes_download_as_png_and_svg(world):
    organiser = client_for(world.organiser)
    png = organiser.get(f"/volunteers/campaigns/{world.campaign.pk}/qr.png")
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    svg = organiser.get(f"/volunteers/shifts/{world.shift.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert organiser.get(f"/volunteers/campaigns/{world.campaign.pk}/qr.gif").status_code == 404


def test_an_officer_of_another_village_sees_nothing_of_the_campaign(world):
    [participation] = sign_up(world)
    other = client_for(world.people.xwz_officer)
    assert other.get(world.campaign.get_absolute_url()).status_code == 404
    assert other.post(f"/volunteers/participations/{participation.pk}/confirm/").status_code == 404
    assert "寒假返乡" not in other.get("/volunteers/").content.decode()


def test_the_campaign_page_shows_phones_masked(world):
    sign_up(world)
    page = client_for(world.organiser).get(world.campaign.get_absolute_url()).content.decode()
    assert "138****1234" in page and "13800001234" not in page


def test_the_lists_cost_the_same_queries_for_more_rows(world):
    organiser = client_for(world.wenxing_officer)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert organiser.get(url).status_code == 200
        return len(captured)

    sign_up(world, id_number(1))
    urls = ["/volunteers/", "/volunteers/people/", world.campaign.get_absolute_url()]
    before = [queries(url) for url in urls]
    for sequence in (3, 5, 7):
        person = make_person(world.wenxing, f"学生{sequence}", born="2002-01-01")
        services.register_volunteer(person, by=world.wenxing_officer)
    after = [queries(url) for url in urls]
    assert after == before


def test_a_letter_marked_signed_with_a_photo_changes_the_rate(world):
    letters = services.create_letter_campaign(
        by=world.organiser, unit=world.league, places=[world.wenxing], title="责任书",
        duties="健康监测\n消毒", starts_on=datetime.date(2022, 1, 15),
        ends_on=datetime.date(2022, 2, 20),
    )  # fmt: skip
    targets = [
        services.add_target(letters, by=world.organiser, organisation=org)
        for org in (
            make_organisation(world.wenxing, "物业"),
            make_organisation(world.wenxing, "商铺"),
        )
    ]
    client = client_for(world.wenxing_officer)
    assert "0%" in client.get("/volunteers/letters/?year=2022").content.decode()
    photo = tiny_png()
    photo.name = "letter.png"
    response = client.post(
        targets[0].get_absolute_url(),
        {"action": "sign", "signed_on": "2022-01-18", "signed_by": "吴经理", "scan": photo},
    )
    assert response.status_code == 302
    targets[0].refresh_from_db()
    assert targets[0].state == TargetState.SIGNED
    assert Attachment.objects.filter(object_id=str(targets[0].pk)).count() == 1
    assert "50%" in client.get("/volunteers/letters/?year=2022").content.decode()
    refused = client.post(targets[1].get_absolute_url(), {"action": "sign", "signed_by": "x"})
    assert "date" in refused.content.decode()


def test_the_dashboard_opens(world):
    page = client_for(world.organiser).get("/volunteers/dashboard/?year=2022")
    assert page.status_code == 200
    feed = client_for(world.organiser).get("/api/v1/volunteers/dashboard?year=2022")
    assert feed.json() == {"communities": [], "ranking": []}
