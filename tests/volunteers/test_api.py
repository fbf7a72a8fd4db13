"""The API under /api/v1/volunteers/ and the workbench's to-dos."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.volunteers import services, workbench
from taizhang.volunteers.models import ParticipationState
from tests.conftest import client_for
from tests.factories import make_organisation
from tests.volunteers.conftest import id_number, sign_up, signature

pytestmark = pytest.mark.django_db


def test_the_organiser_confirms_and_checks_in_through_the_api(world):
    [participation] = sign_up(world)
    api = client_for(world.organiser)
    listed = api.get(f"/api/v1/volunteers/campaigns/{world.campaign.pk}/participations").json()
    assert listed["results"][0]["state"] == "requested"
    url = f"/api/v1/volunteers/participations/{participation.pk}"
    assert api.post(f"{url}/confirm").json()["state"] == ParticipationState.CONFIRMED
    response = api.post(f"{url}/check-in", {"at": "2022-01-20T09:00:00+08:00"}, "application/json")
    assert response.status_code == 200
    refused = api.post(f"{url}/check-out", {"at": "2022-01-20T08:00:00+08:00"}, "application/json")
    assert refused.status_code == 400 and "after the check-in" in refused.json()["detail"]


def test_the_api_shows_phones_masked_and_nothing_to_another_village(world):
    sign_up(world)
    people = client_for(world.organiser).get("/api/v1/volunteers/people").json()["results"]
    assert people[0]["phone"] == "138****1234"
    other = client_for(world.people.xwz_officer)
    assert other.get("/api/v1/volunteers/people").json()["results"] == []
    assert other.get(f"/api/v1/volunteers/campaigns/{world.campaign.pk}/shifts").status_code == 404


def test_the_api_refuses_a_letter_signed_without_a_date(world):
    letters = services.create_letter_campaign(
        by=world.organiser, unit=world.league, places=[world.wenxing], title="责任书",
        duties="消毒", starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 1),
    )  # fmt: skip
    target = services.add_target(
        letters, by=world.organiser, organisation=make_organisation(world.wenxing, "物业")
    )
    api = client_for(world.wenxing_officer)
    url = f"/api/v1/volunteers/targets/{target.pk}/sign"
    assert api.post(url, {"signed_by": "吴"}, "application/json").status_code == 400
    payload = {"signed_by": "吴", "signed_on": "2022-01-18"}
    signed = api.post(url, {**payload, "signature": signature()}, "application/json")
    assert signed.json()["state"] == "signed"
    stats = api.get("/api/v1/volunteers/stats?year=2022").json()
    assert stats["letters"] == [
        {"campaign": "责任书", "unit": "共青团平城区委", "targets": 1, "signed": 1, "rate": 1.0}
    ]


def test_the_workbench_lists_requests_claims_and_letters_in_three_queries(world):
    for sequence in (1, 3):
        sign_up(world, id_number(sequence), name=f"同学{sequence}")
    officer = world.wenxing_officer
    workbench.todo(officer, datetime.date(2022, 1, 20), 8)  # the user's unit and roles, cached
    with CaptureQueriesContext(connection) as captured:
        batches = workbench.todo(officer, datetime.date(2022, 1, 20), 8)
    assert [batch.kind for batch in batches] == ["volunteers_requests"]
    assert batches[0].total == 2
    assert len(captured) <= 3
