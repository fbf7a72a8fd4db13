"""Candidate pages and endpoints: nominating by the superior organisation, scoring from the
records, assessors' scores (within the item's weight, with evidence, a file and who gave
them) and the yearly review of stars."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from taizhang.core.models import Attachment
from taizhang.party.models import AutoSource, Candidate, CandidateStatus, Score
from taizhang.party.services import demonstration
from tests.conftest import client_for


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def rubric(people):
    return demonstration.create_rubric(by=people.admin, year=2022, title="2022年评分细则")


@pytest.fixture
def nominee(party, people, rubric):
    return demonstration.nominate(party.xwz, by=people.subdistrict_officer, year=2022)


def manual_items(rubric):
    return list(rubric.items.filter(auto_source=AutoSource.NONE).order_by("order"))


def test_the_superior_organisations_officer_nominates_a_branch_on_the_page(party, people, rubric):
    client = client_for(people.subdistrict_officer)
    page = client.get("/party/candidates/new/").content.decode()
    assert "西王庄村党支部" in page and "小南头街道党工委" not in page
    response = client.post("/party/candidates/new/", {"year": 2022, "org": party.xwz.pk})
    candidate = Candidate.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/party/candidates/{candidate.pk}/"
    )
    again = client.post("/party/candidates/new/", {"year": 2022, "org": party.xwz.pk})
    assert again.status_code == 200 and Candidate.objects.count() == 1


def test_a_branch_does_not_nominate_itself_and_another_village_sees_nothing(party, people):
    assert client_for(people.xwz_officer).get("/party/candidates/new/").status_code == 403
    response = client_for(people.xwz_officer).post(
        "/api/v1/party/candidates", {"org_id": party.xwz.pk, "year": 2022},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    response = client_for(people.taer_officer).post(
        "/api/v1/party/candidates", {"org_id": party.xwz.pk, "year": 2022},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 404
    assert not Candidate.objects.exists()


def test_an_assessor_scores_with_evidence_and_a_file_shown_with_who_gave_it(
    nominee, rubric, people
):
    first, second = manual_items(rubric)[:2]
    client = client_for(people.office)
    page = client.get(f"/party/candidates/{nominee.pk}/score/").content.decode()
    assert first.title in page and first.evidence_needed in page
    response = client.post(
        f"/party/candidates/{nominee.pk}/score/",
        {
            f"points_{first.pk}": "12",
            f"evidence_{first.pk}": "班子述职报告",
            f"file_{first.pk}": SimpleUploadedFile("report.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302
    score = Score.objects.get(item=first)
    assert (score.points, score.given_by, score.automatic) == (Decimal(12), people.office, False)
    assert not Score.objects.filter(item=second).exists()
    attachment = Attachment.objects.get(object_id=str(score.pk))
    detail = client_for(people.xwz_officer).get(f"/party/candidates/{nominee.pk}/").content.decode()
    assert "班子述职报告" in detail and str(people.office) in detail
    assert f"/attachments/{attachment.pk}/" in detail
    nominee.refresh_from_db()
    assert nominee.total == Decimal(12)


def test_a_score_above_the_items_weight_is_refused_on_the_page_and_nothing_changes(
    nominee, rubric, people
):
    first, second = manual_items(rubric)[:2]
    response = client_for(people.admin).post(
        f"/party/candidates/{nominee.pk}/score/",
        {
            f"points_{first.pk}": "10",
            f"evidence_{first.pk}": "述职",
            f"points_{second.pk}": str(second.weight + 1),
            f"evidence_{second.pk}": "学习记录",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert str(second.weight) in text and second.title in text
    assert not Score.objects.exists()
    nominee.refresh_from_db()
    assert nominee.total == 0


def test_scoring_from_the_records_on_the_page(nominee, rubric, people):
    response = client_for(people.admin).post(f"/party/candidates/{nominee.pk}/auto-score/")
    assert response.status_code == 302
    assert Score.objects.filter(candidate=nominee, automatic=True).count() == 2


def test_only_the_districts_assessors_score(nominee, rubric, people):
    item = manual_items(rubric)[0]
    for user in (people.xwz_officer, people.subdistrict_officer):
        client = client_for(user)
        assert client.get(f"/party/candidates/{nominee.pk}/score/").status_code == 403
        assert client.post(f"/party/candidates/{nominee.pk}/auto-score/").status_code == 403
        response = client.post(
            f"/api/v1/party/candidates/{nominee.pk}/scores",
            {"scores": [{"item_id": item.pk, "points": "1", "evidence": "x"}]},
            content_type="application/json",
        )
        assert response.status_code == 403
    taer = client_for(people.taer_officer)
    assert taer.get(f"/party/candidates/{nominee.pk}/score/").status_code == 404
    assert taer.get(f"/api/v1/party/candidates/{nominee.pk}").status_code == 404
    assert not Score.objects.exists()


def test_the_api_scores_and_refuses_a_score_above_the_weight(nominee, rubric, people):
    client = client_for(people.admin)
    item = manual_items(rubric)[0]
    refused = client.post(
        f"/api/v1/party/candidates/{nominee.pk}/scores",
        {"scores": [{"item_id": item.pk, "points": str(item.weight + 1), "evidence": "述职"}]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "points"
    assert not Score.objects.exists()
    scored = client.post(
        f"/api/v1/party/candidates/{nominee.pk}/scores",
        {"scores": [{"item_id": item.pk, "points": "9.5", "evidence": "述职"}]},
        content_type="application/json",
    )
    assert scored.status_code == 200
    assert scored.json()["scores"][0]["given_by"] == people.admin.username
    auto = client.post(f"/api/v1/party/candidates/{nominee.pk}/auto-score")
    assert auto.status_code == 200 and len(auto.json()["scores"]) == 3


def test_the_candidate_list_costs_the_same_queries_for_more_rows(
    party, people, rubric, django_assert_max_num_queries
):
    demonstration.nominate(party.xwz, by=people.admin, year=2022)
    client = client_for(people.admin)
    with django_assert_max_num_queries(12) as one:
        client.get("/party/candidates/?year=2022")
    demonstration.nominate(party.taer, by=people.admin, year=2022)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/party/candidates/?year=2022")


def test_a_named_organisation_is_reviewed_yearly_on_the_page(nominee, people):
    Candidate.objects.filter(pk=nominee.pk).update(status=CandidateStatus.NAMED, stars=3)
    client = client_for(people.admin)
    refused = client.post(
        f"/party/candidates/{nominee.pk}/review/", {"year": 2022, "stars": 4, "reason": "成效好"}
    )
    assert refused.status_code == 200
    response = client.post(
        f"/party/candidates/{nominee.pk}/review/", {"year": 2023, "stars": 4, "reason": "成效好"}
    )
    assert response.status_code == 302
    nominee.refresh_from_db()
    assert nominee.stars == 4
    assert "成效好" in client.get(f"/party/candidates/{nominee.pk}/").content.decode()
    officer = client_for(people.xwz_officer)
    assert officer.get(f"/party/candidates/{nominee.pk}/review/").status_code == 403
    denied = officer.post(
        f"/api/v1/party/candidates/{nominee.pk}/reviews",
        {"year": 2024, "stars": 5, "reason": "x"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    nominee.refresh_from_db()
    assert nominee.stars == 4
