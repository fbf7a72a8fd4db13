"""An assessor clears (withdraws) a score they gave, on the page and through the API, with the
reason: audited, the total counted again, the file of evidence taken off; refused for someone
else's score, one from the records, and once the year's public notice has started."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core.models import Attachment, AuditEntry
from taizhang.party.models import AutoSource, Candidate, CandidateStatus, Score
from taizhang.party.services import demonstration
from tests.conftest import client_for
from tests.party.test_candidates import png_bytes


@pytest.fixture
def rubric(people):
    return demonstration.create_rubric(by=people.admin, year=2022, title="2022年评分细则")


@pytest.fixture
def nominee(party, people, rubric):
    return demonstration.nominate(party.xwz, by=people.subdistrict_officer, year=2022)


@pytest.fixture
def scores(nominee, rubric, people):
    """The office's score of the first assessors' item (with a file), the admin's of the
    second; 12 + 10 points."""
    first, second = rubric.items.filter(auto_source=AutoSource.NONE).order_by("order")[:2]
    mine = demonstration.score_items(
        nominee,
        [(first, Decimal(12), "班子述职报告")],
        by=people.office,
        attachments={first.pk: SimpleUploadedFile("report.png", png_bytes(), "image/png")},
    )[0]
    theirs = demonstration.score_item(
        nominee, second, by=people.admin, points=Decimal(10), evidence="学习记录"
    )
    return mine, theirs


def total(candidate) -> Decimal:
    return Candidate.objects.get(pk=candidate.pk).total


def test_an_assessor_withdraws_their_score_on_the_page(nominee, scores, people):
    mine, theirs = scores
    client = client_for(people.office)
    detail = client.get(f"/party/candidates/{nominee.pk}/").content.decode()
    assert f"/party/scores/{mine.pk}/withdraw/" in detail
    assert f"/party/scores/{theirs.pk}/withdraw/" not in detail  # the admin's
    refused = client.post(f"/party/scores/{mine.pk}/withdraw/", {"reason": ""})
    assert refused.status_code == 200 and Score.objects.filter(pk=mine.pk).exists()
    response = client.post(f"/party/scores/{mine.pk}/withdraw/", {"reason": "评错了项目"})
    assert response.status_code == 302
    assert response["Location"] == f"/party/candidates/{nominee.pk}/"
    assert not Score.objects.filter(pk=mine.pk).exists()
    assert total(nominee) == Decimal(10)
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Score), object_id=str(mine.pk),
        action="delete",
    )  # fmt: skip
    assert (entry.actor, entry.reason) == (people.office, "评错了项目")
    attachment = Attachment.objects.get(object_id=str(mine.pk))
    assert attachment.removed_at is not None
    # The item is open to be scored again.
    demonstration.score_item(nominee, mine.item, by=people.office, points=Decimal(13), evidence="x")
    assert total(nominee) == Decimal(23)


def test_someone_elses_score_and_one_from_the_records_are_refused(nominee, scores, people):
    mine, theirs = scores
    office = client_for(people.office)
    assert office.get(f"/party/scores/{theirs.pk}/withdraw/").status_code == 403
    assert office.post(f"/party/scores/{theirs.pk}/withdraw/", {"reason": "x"}).status_code == 403
    response = office.post(
        f"/api/v1/party/candidates/{nominee.pk}/scores/{theirs.item_id}/withdraw",
        {"reason": "x"}, content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    demonstration.auto_score(nominee, by=people.admin)
    automatic = Score.objects.filter(candidate=nominee, automatic=True).first()
    assert client_for(people.admin).post(
        f"/party/scores/{automatic.pk}/withdraw/", {"reason": "x"}
    ).status_code == 403  # fmt: skip
    # An officer of the branch's superior reads the scores but is no assessor.
    officer = client_for(people.subdistrict_officer)
    assert officer.post(f"/party/scores/{mine.pk}/withdraw/", {"reason": "x"}).status_code == 403
    assert Score.objects.filter(pk__in=[mine.pk, theirs.pk, automatic.pk]).count() == 3


def test_a_score_stands_once_the_public_notice_has_started(nominee, party, scores, people, set_day):
    mine, _theirs = scores
    other = demonstration.nominate(party.taer, by=people.subdistrict_officer, year=2022)
    item = mine.item
    off_list = demonstration.score_item(
        other, item, by=people.office, points=Decimal(9), evidence="x"
    )
    demonstration.open_notice(
        by=people.admin, year=2022, starts_on=datetime.date(2022, 6, 16),
        ends_on=datetime.date(2022, 6, 20), candidates=[nominee], contact="区委组织部",
    )  # fmt: skip
    client = client_for(people.office)
    # On the list: publicised, past scoring.
    refused = client.post(f"/party/scores/{mine.pk}/withdraw/", {"reason": "x"})
    assert refused.status_code == 200 and 'role="alert"' in refused.content.decode()
    # Off the list, still a nominee: open until the notice starts, not after.
    api = f"/api/v1/party/candidates/{other.pk}/scores/{item.pk}/withdraw"
    set_day(datetime.date(2022, 6, 16))
    client = client_for(people.office)
    assert (
        f"/party/scores/{off_list.pk}/withdraw/"
        not in client.get(f"/party/candidates/{other.pk}/").content.decode()
    )
    response = client.post(api, {"reason": "x"}, content_type="application/json")
    assert response.status_code == 400 and "2022" in response.json()["detail"]
    assert Score.objects.filter(pk__in=[mine.pk, off_list.pk]).count() == 2
    assert Candidate.objects.get(pk=nominee.pk).status == CandidateStatus.PUBLICISED


def test_the_api_withdraws_a_score_before_the_notice(nominee, scores, people):
    mine, theirs = scores
    response = client_for(people.office).post(
        f"/api/v1/party/candidates/{nominee.pk}/scores/{mine.item_id}/withdraw",
        {"reason": "评错了项目"}, content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200
    assert [s["item_id"] for s in response.json()["scores"]] == [theirs.item_id]
    assert Decimal(response.json()["total"]) == Decimal(10)
    assert not Score.objects.filter(pk=mine.pk).exists()
