"""Uploads that would unpack or decode to far more than they weigh are refused with a reason,
never a server error: photos, office documents, Excel imports and intake reports."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from taizhang.core import imports
from taizhang.core.attachments import add_attachment
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import Attachment, ImportJob
from taizhang.intake.reading import IntakeInputError, read_upload
from tests.conftest import client_for
from tests.lib.test_archives import zipped

pytestmark = pytest.mark.django_db

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def huge_png() -> bytes:
    """A 12,000 × 12,000 black-and-white PNG: a few kilobytes, 144 megapixels."""
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")
    return buffer.getvalue()


def docx_bomb() -> bytes:
    return zipped(
        {
            "[Content_Types].xml": f'<Types><Override ContentType="{WORD}"/></Types>'.encode(),
            "word/document.xml": b" " * (30 << 20),
        }
    ).getvalue()


def test_a_photo_of_too_many_pixels_is_refused_and_nothing_is_stored(district, people):
    with pytest.raises(ValidationError, match="megapixels"):
        add_attachment(
            district.taer, SimpleUploadedFile("炸弹.png", huge_png()), by=people.taer_officer
        )
    assert not Attachment.objects.exists()


def test_the_api_answers_a_bomb_with_400_and_a_reason(district, people):
    client = client_for(people.taer_officer)
    response = client.post(
        f"/api/v1/attachments/core/unit/{district.taer.pk}",
        {"file": SimpleUploadedFile("炸弹.png", huge_png())},
    )
    assert response.status_code == 400
    assert "megapixels" in response.json()["detail"]


def test_an_office_document_that_is_a_zip_bomb_is_refused(district, people):
    with pytest.raises(ValidationError, match="zip bomb"):
        add_attachment(
            district.taer, SimpleUploadedFile("说明.docx", docx_bomb()), by=people.taer_officer
        )


def test_an_excel_import_that_is_a_zip_bomb_is_refused_before_reading(people):
    workbook = zipped(
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"<" * (30 << 20)}
    )
    with pytest.raises(ValidationError, match="zip bomb"):
        imports.create_job(
            ledger=get_ledger("units"),
            by=people.admin,
            upload=workbook,
            file_name="bomb.xlsx",
            dry_run=True,
        )
    assert not ImportJob.objects.exists()


def test_a_report_that_is_a_zip_bomb_is_refused_naming_the_file():
    with pytest.raises(IntakeInputError, match=r"简报\.docx.*zip bomb"):
        read_upload(docx_bomb(), "简报.docx")
