import pytest

from taizhang.intake import queries
from taizhang.intake.models import IntakeReport
from taizhang.projects.models import PublishedProjectStats
from tests.conftest import client_for
from tests.intake.helpers import STATS_TEXT, WORKS_TEXT, take_in

pytestmark = pytest.mark.django_db


def test_extract_returns_the_command_shape_and_stores_nothing(people, seed_text):
    response = client_for(people.admin).post(
        "/api/v1/intake/extract", {"text": seed_text}, content_type="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"articles", "figures", "names", "unreadable"}
    assert len(data["articles"]) == 6
    assert set(data["articles"][0]) == {
        "kicker",
        "title",
        "subtitles",
        "bylines",
        "body",
        "captions",
        "truncated",
        "tables",
        "fields",
    }
    range_figure = next(f for f in data["figures"] if f["text"] == "600~700元")
    assert (range_figure["low"], range_figure["high"], range_figure["unit"]) == (600, 700, "元")
    assert "value" not in range_figure
    total = next(f for f in data["figures"] if f["text"] == "809.68亿元")
    assert (total["value"], total["unit"], total["wan"], total["article"]) == (
        809.68,
        "亿元",
        8096800,
        3,
    )
    assert not IntakeReport.objects.exists()


def test_extract_reads_an_uploaded_file(people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("r.txt", STATS_TEXT.encode("gb18030"))
    response = client_for(people.admin).post("/api/v1/intake/extract/file", {"file": upload})
    assert response.status_code == 200
    assert any(f["text"] == "223个" for f in response.json()["figures"])


def test_bad_input_gets_one_error_shape(people):
    client = client_for(people.admin)
    response = client.post(
        "/api/v1/intake/extract", {"text": "  "}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "empty" in response.json()["detail"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/api/v1/intake/reports/file", {"file": SimpleUploadedFile("a.exe", b"MZ")}
    )
    assert response.status_code == 400 and "a.exe" in response.json()["detail"]
    assert not IntakeReport.objects.exists()


def test_a_report_taken_in_through_the_api_has_its_drafts_and_a_draft_confirms(people):
    client = client_for(people.admin)
    response = client.post(
        "/api/v1/intake/reports", {"text": STATS_TEXT}, content_type="application/json"
    )
    assert response.status_code == 201
    report_id = response.json()["id"]
    drafts = client.get(f"/api/v1/intake/reports/{report_id}/drafts").json()
    stats_draft = next(d for d in drafts if d["kind"] == "project_stats")
    url = f"/api/v1/intake/reports/{report_id}/drafts/project_stats/{stats_draft['key']}/confirm"
    data = {**stats_draft["data"], "count": 224}
    response = client.post(url, {"data": data}, content_type="application/json")
    assert response.status_code == 201, response.json()
    link = response.json()
    assert link["record_type"] == "projects.publishedprojectstats"
    assert PublishedProjectStats.objects.get().count == 224
    again = client.post(url, {"data": data}, content_type="application/json")
    assert again.status_code == 400
    detail = client.get(f"/api/v1/intake/reports/{report_id}").json()
    assert detail["drafts"][0]["confirmed_record"]


def test_the_report_list_is_scoped_and_paged(people):
    take_in(people.taer_officer, WORKS_TEXT)
    own = take_in(people.xwz_officer, WORKS_TEXT)
    data = client_for(people.xwz_officer).get("/api/v1/intake/reports").json()
    assert data["count"] == 1 and data["results"][0]["id"] == own.pk
    assert client_for(people.admin).get("/api/v1/intake/reports").json()["count"] == 2


def test_forbidden_callers_get_403_or_404(people):
    taer_report = take_in(people.taer_officer, WORKS_TEXT)
    leader = client_for(people.leader)
    assert (
        leader.post(
            "/api/v1/intake/extract", {"text": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        leader.post(
            "/api/v1/intake/reports", {"text": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    xwz = client_for(people.xwz_officer)
    assert xwz.get(f"/api/v1/intake/reports/{taer_report.pk}").status_code == 404
    proposal = next(p for p, _l in queries.drafts_of(taer_report) if p.kind == "village_works")
    url = f"/api/v1/intake/reports/{taer_report.pk}/drafts/village_works/{proposal.key}/confirm"
    assert (
        xwz.post(url, {"data": proposal.data}, content_type="application/json").status_code == 404
    )
    from django.test import Client

    assert Client().get("/api/v1/intake/reports").status_code == 401


def test_the_source_of_a_record_is_found_by_its_type_and_id(people, district):
    client = client_for(people.taer_officer)
    report = take_in(people.taer_officer, WORKS_TEXT)
    proposal = next(p for p, _l in queries.drafts_of(report) if p.kind == "village_works")
    url = f"/api/v1/intake/reports/{report.pk}/drafts/village_works/{proposal.key}/confirm"
    created = client.post(url, {"data": proposal.data}, content_type="application/json").json()
    assert created["record_type"] == "projects.project"
    found = client.get(
        "/api/v1/intake/records",
        {"record_type": "projects.project", "record_id": created["record_id"]},
    ).json()
    assert found["count"] == 1
    assert (found["results"][0]["report_id"], found["results"][0]["span_start"]) == (
        report.pk,
        proposal.start,
    )
    assert client_for(people.xwz_officer).get("/api/v1/intake/records").json()["count"] == 0
