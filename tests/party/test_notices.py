"""The public notice (公示) pages and endpoints: at least five days (shorter refused, nothing
changed), then the list is named once it is over, less those withdrawn."""

import datetime
from decimal import Decimal

import pytest

from taizhang.party.models import Candidate, CandidateStatus, PublicNotice
from taizhang.party.services import demonstration
from tests.conftest import client_for


@pytest.fixture
def nominees(party, people):
    demonstration.create_rubric(by=people.admin, year=2022, title="2022")
    made = [
        demonstration.nominate(org, by=people.subdistrict_officer, year=2022)
        for org in (party.xwz, party.taer)
    ]
    Candidate.objects.filter(pk=made[0].pk).update(total=Decimal("96"))
    Candidate.objects.filter(pk=made[1].pk).update(total=Decimal("86"))
    return made


def notice_post(ends_on, nominees):
    return {
        "starts_on": "2022-06-16",
        "ends_on": ends_on,
        "text": "2022年拟命名名单",
        "contact": "区委组织部",
        "candidates": [c.pk for c in nominees],
    }


def test_a_notice_shorter_than_five_days_is_refused_on_the_page_and_nothing_changes(
    nominees, people
):
    client = client_for(people.admin)
    response = client.post("/party/notices/new/?year=2022", notice_post("2022-06-19", nominees))
    assert response.status_code == 200
    assert "5" in response.content.decode() and "4" in response.content.decode()
    assert not PublicNotice.objects.exists()
    assert set(Candidate.objects.values_list("status", flat=True)) == {CandidateStatus.NOMINATED}


def test_the_list_is_named_after_the_notice_less_those_withdrawn(nominees, people, set_day):
    client = client_for(people.admin)
    page = client.get("/party/notices/new/?year=2022").content.decode()
    assert "西王庄村党支部" in page and "塔儿村党支部" in page
    response = client.post("/party/notices/new/?year=2022", notice_post("2022-06-20", nominees))
    notice = PublicNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/party/notices/{notice.pk}/"
    assert notice.days == 5
    early = client.post(f"/party/notices/{notice.pk}/name/", {"withdrawn": []})
    assert early.status_code == 302
    assert Candidate.objects.filter(status=CandidateStatus.NAMED).count() == 0
    set_day(datetime.date(2022, 6, 21))
    client = client_for(people.admin)  # a new day's session
    detail = client.get(f"/party/notices/{notice.pk}/")
    assert detail.status_code == 200, detail
    assert "name-list" in detail.content.decode()
    client.post(f"/party/notices/{notice.pk}/name/", {"withdrawn": [nominees[1].pk]})
    named, withdrawn = (Candidate.objects.get(pk=c.pk) for c in nominees)
    assert (named.status, named.stars) == (CandidateStatus.NAMED, 5)
    assert withdrawn.status == CandidateStatus.NOT_NAMED
    notice.refresh_from_db()
    assert notice.named_on == datetime.date(2022, 6, 21)


def test_only_the_districts_writers_open_and_name_a_notice(nominees, people, set_day):
    officer = client_for(people.subdistrict_officer)
    assert officer.get("/party/notices/new/").status_code == 403
    assert (
        officer.post(
            "/party/notices/new/?year=2022", notice_post("2022-06-25", nominees)
        ).status_code
        == 403
    )
    response = officer.post(
        "/api/v1/party/notices",
        {"year": 2022, "starts_on": "2022-06-16", "ends_on": "2022-06-25",
         "candidate_ids": [c.pk for c in nominees]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    assert not PublicNotice.objects.exists()
    notice = demonstration.open_notice(
        by=people.admin, year=2022, starts_on=datetime.date(2022, 6, 1),
        ends_on=datetime.date(2022, 6, 5), candidates=nominees,
    )  # fmt: skip
    assert officer.post(f"/party/notices/{notice.pk}/name/").status_code == 403
    assert (
        officer.post(
            f"/api/v1/party/notices/{notice.pk}/name", {}, content_type="application/json"
        ).status_code
        == 403
    )
    assert not Candidate.objects.filter(status=CandidateStatus.NAMED).exists()
    assert officer.get(f"/party/notices/{notice.pk}/").status_code == 200
    assert client_for(people.auditor).get("/party/notices/").status_code == 403


def test_the_api_refuses_a_short_notice_and_names_the_list_after_it(nominees, people, set_day):
    client = client_for(people.admin)
    payload = {
        "year": 2022,
        "starts_on": "2022-06-16",
        "ends_on": "2022-06-18",
        "candidate_ids": [c.pk for c in nominees],
    }
    refused = client.post("/api/v1/party/notices", payload, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "ends_on"
    assert not PublicNotice.objects.exists()
    payload["ends_on"] = "2022-06-20"
    opened = client.post("/api/v1/party/notices", payload, content_type="application/json")
    assert opened.status_code == 201 and opened.json()["days"] == 5
    notice_id = opened.json()["id"]
    early = client.post(
        f"/api/v1/party/notices/{notice_id}/name", {}, content_type="application/json"
    )
    assert early.status_code == 400 and "2022-06-20" in early.json()["detail"]
    set_day(datetime.date(2022, 6, 21))
    client = client_for(people.admin)  # a new day's session
    named = client.post(
        f"/api/v1/party/notices/{notice_id}/name", {}, content_type="application/json"
    )
    assert named.status_code == 200 and named.json()["named_on"] == "2022-06-21"
    assert Candidate.objects.filter(status=CandidateStatus.NAMED).count() == 2
    assert [n["year"] for n in client.get("/api/v1/party/notices").json()] == [2022]


def test_an_auditor_reads_no_notice(nominees, people):
    notice = demonstration.open_notice(
        by=people.admin, year=2022, starts_on=datetime.date(2022, 6, 1),
        ends_on=datetime.date(2022, 6, 5), candidates=nominees,
    )  # fmt: skip
    auditor = client_for(people.auditor)
    assert auditor.get(f"/party/notices/{notice.pk}/").status_code == 403
    assert auditor.get("/api/v1/party/notices").status_code == 403
