"""A death report: the registry person marked dead through the people services, the pension
stopped, the 死亡信息反馈单 (.docx) and the survivors' claims to completion."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from taizhang.core.access import SYSTEM
from taizhang.core.models import Attachment, PersonalDataAccess
from taizhang.people.models import PersonStatus, StatusChange
from taizhang.retirees.models import (
    ClaimStatus,
    DeathReport,
    PensionEvent,
    PensionEventKind,
    PensionState,
)
from taizhang.retirees.services.deaths import advance_claim, open_claim, report_death
from tests.conftest import client_for
from tests.retirees.conftest import SOCIAL_NUMBER
from tests.walker import tiny_png

D = datetime.date


def report(retiree, by, **fields):
    fields.setdefault("died_on", D(2026, 6, 1))
    fields.setdefault("source", "family")
    fields.setdefault("reporter", "王家属")
    return report_death(retiree, by=by, **fields)


def text_of(docx_bytes: bytes) -> str:
    document = Document(io.BytesIO(docx_bytes))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_death_marks_the_person_dead_stops_the_pension_and_keeps_the_evidence(retirees, people):
    scan = SimpleUploadedFile("scan.png", tiny_png().getvalue(), content_type="image/png")
    death = report(retirees.wang, people.xwz_officer, evidence=[scan])
    person = death.retiree.person
    person.refresh_from_db()
    assert person.status == PersonStatus.DECEASED and person.died_on == D(2026, 6, 1)
    change = StatusChange.objects.get(person=person)
    assert change.status == PersonStatus.DECEASED and change.recorded_by == people.xwz_officer
    retirees.wang.refresh_from_db()
    assert retirees.wang.pension_state == PensionState.STOPPED
    stop = PensionEvent.objects.get(retiree=retirees.wang)
    assert stop.kind == PensionEventKind.STOP and stop.from_month == D(2026, 7, 1)
    assert Attachment.objects.filter(object_id=str(death.pk)).count() == 1


def test_the_feedback_form_names_the_retiree_and_the_death_with_numbers_masked(retirees, people):
    death = report(retirees.wang, people.xwz_officer)
    response = client_for(people.xwz_officer).get(f"/retirees/deaths/{death.pk}/feedback.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = text_of(response.content)
    assert "企业退休人员死亡信息反馈单" in text
    assert "王退休" in text and "机车配件厂" in text
    assert "2026年06月01日" in text  # date of death
    assert "2026年07月" in text  # pension stopped from the next month
    assert "家属" in text or "family" in text.lower()
    assert SOCIAL_NUMBER not in text and retirees.wang.person.id_number not in text
    assert f"{SOCIAL_NUMBER[:4]}**********{SOCIAL_NUMBER[-4:]}" in text


def test_another_village_cannot_read_the_report_or_its_form(retirees, people):
    death = report(retirees.wang, people.xwz_officer)
    client = client_for(people.taer_officer)
    assert client.get(f"/retirees/deaths/{death.pk}/").status_code == 404
    assert client.get(f"/retirees/deaths/{death.pk}/feedback.docx").status_code == 404
    assert client.get(f"/api/v1/retirees/deaths/{death.pk}").status_code == 404


def test_a_second_death_a_future_death_or_one_before_birth_is_refused(retirees, people):
    with pytest.raises(ValidationError, match="future"):
        report(retirees.wang, SYSTEM, died_on=D(2026, 6, 16))
    with pytest.raises(ValidationError, match="before the birth date"):
        report(retirees.wang, SYSTEM, died_on=D(1949, 1, 1))
    assert not DeathReport.objects.exists()
    report(retirees.wang, SYSTEM)
    with pytest.raises(ValidationError, match="already recorded"):
        report(retirees.wang, SYSTEM)


def test_survivors_claims_move_forward_to_completion(retirees, people):
    death = report(retirees.wang, people.xwz_officer)
    claim = open_claim(death, by=people.xwz_officer, kind="funeral_grant", claimant="王子")
    with pytest.raises(ValidationError, match="already recorded"):
        open_claim(death, by=people.xwz_officer, kind="funeral_grant", claimant="王子")
    advance_claim(claim, by=people.xwz_officer, status=ClaimStatus.SUBMITTED)
    advance_claim(claim, by=people.xwz_officer, status=ClaimStatus.COMPLETED, on=D(2026, 6, 15))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.COMPLETED and claim.completed_on == D(2026, 6, 15)
    with pytest.raises(ValidationError, match="only moves forward"):
        advance_claim(claim, by=people.xwz_officer, status=ClaimStatus.SUBMITTED)


def test_the_death_page_records_a_death_with_its_scan(retirees, people):
    client = client_for(people.xwz_officer)
    response = client.post(
        f"/retirees/{retirees.wang.pk}/death/",
        {
            "died_on": "2026-06-10",
            "source": "hospital",
            "reporter": "市一院",
            "reported_on": "2026-06-12",
            "evidence": tiny_png(),
        },
    )
    death = DeathReport.objects.get()
    assert response.status_code == 302 and response["Location"] == death.get_absolute_url()
    assert client.get(death.get_absolute_url()).status_code == 200


def test_the_form_with_full_numbers_is_given_for_a_reason_and_recorded(retirees, people):
    death = report(retirees.wang, people.xwz_officer)
    client = client_for(people.xwz_officer)
    assert "feedback-full.docx" in client.get(f"/retirees/deaths/{death.pk}/").content.decode()
    response = client.post(
        f"/retirees/deaths/{death.pk}/feedback-full.docx", {"reason": "报社保经办机构停发养老金"}
    )
    assert response.status_code == 200
    text = text_of(response.content)
    assert SOCIAL_NUMBER in text and retirees.wang.person.id_number in text
    logged = PersonalDataAccess.objects.filter(user=people.xwz_officer, kind="export")
    assert logged.count() == 2
    assert {entry.reason for entry in logged} == {"报社保经办机构停发养老金"}


def test_the_form_with_full_numbers_needs_a_reason_and_a_right_to_see_them(retirees, people):
    death = report(retirees.wang, people.xwz_officer)
    url = f"/retirees/deaths/{death.pk}/feedback-full.docx"
    blank = client_for(people.xwz_officer).post(url, {"reason": " "})
    assert blank.status_code == 302 and blank["Content-Type"].startswith("text/html")
    leader = client_for(people.leader)
    assert "feedback-full.docx" not in leader.get(f"/retirees/deaths/{death.pk}/").content.decode()
    assert leader.post(url, {"reason": "查看"}).status_code == 403
    assert client_for(people.taer_officer).post(url, {"reason": "查看"}).status_code == 404
    assert client_for(people.xwz_officer).get(url).status_code == 405
    assert not PersonalDataAccess.objects.exists()
