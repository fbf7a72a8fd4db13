"""Files that cannot be a report are refused with a message naming the file and the reason,
and nothing is stored (no report row, no audit entry)."""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from taizhang.core.models import AuditEntry
from taizhang.intake.models import IntakeReport
from taizhang.intake.reading import read_upload
from tests.conftest import client_for
from tests.intake.test_reading import _pdf

pytestmark = pytest.mark.django_db

ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
TEXT = "平城区建设项目共有223个，总投资809.68亿元。"


def _docx(build=None) -> bytes:
    document = docx.Document()
    document.add_paragraph(TEXT)
    if build is not None:
        build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return out.getvalue()


def _refused(people, name: str, data: bytes) -> str:
    response = client_for(people.admin).post(
        "/api/v1/intake/reports/file", {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert name in detail
    assert not IntakeReport.objects.exists()
    assert not AuditEntry.objects.filter(content_type__app_label="intake").exists()
    return detail


def test_a_binary_file_named_txt_is_refused(people):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert "is not a text file" in _refused(people, "photo.txt", png)


def test_binary_data_without_a_known_signature_or_zero_bytes_is_refused(people):
    noise = bytes(range(1, 256)) * 40
    assert "is not a text file" in _refused(people, "noise.txt", noise)


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.pdf"])
def test_an_empty_file_is_refused_whatever_its_kind(people, name):
    assert "is empty" in _refused(people, name, b"")


def test_a_docx_without_any_text_is_refused_as_empty(people):
    document = docx.Document()
    buffer = io.BytesIO()
    document.save(buffer)
    assert "is empty" in _refused(people, "blank.docx", buffer.getvalue())


def test_a_50_mb_text_is_refused_by_its_size_before_it_is_read(people):
    detail = _refused(people, "big.txt", "字".encode() * (50 * 1024 * 1024 // 3))
    assert "is larger than 10 MB" in detail


def test_a_docm_with_macros_is_refused(people):
    assert "contains macros" in _refused(people, "report.docm", _docx())


def test_a_docx_with_a_vba_project_inside_is_refused(people):
    data = _with_part(_docx(), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    assert "contains macros" in _refused(people, "report.docx", data)


def test_a_docx_with_a_linked_picture_is_refused_naming_the_link(people):
    data = _docx(
        lambda d: d.part.relate_to("http://tracker.example/pixel.png", RT.IMAGE, is_external=True)
    )
    detail = _refused(people, "linked.docx", data)
    assert "refers to files outside itself" in detail
    assert "http://tracker.example/pixel.png" in detail


def test_a_docx_with_an_external_template_is_refused(people):
    data = _docx(
        lambda d: d.part._settings_part.relate_to(
            "file://server/share/template.dotm", ATTACHED_TEMPLATE, is_external=True
        )
    )
    assert "refers to files outside itself" in _refused(people, "template.docx", data)


def test_a_docx_with_a_hyperlink_is_read():
    data = _docx(lambda d: d.part.relate_to("https://www.example.gov.cn/", RT.HYPERLINK, True))
    assert TEXT in read_upload(data, "links.docx")


def test_a_pdf_without_a_text_layer_is_refused_with_a_pointer_to_ocr(people):
    detail = _refused(people, "scan.pdf", _pdf(""))
    assert "has no text layer" in detail
    assert "OCR" in detail and "outside Taizhang" in detail


def test_a_text_mixing_utf8_and_gb18030_is_refused_saying_roughly_where(people):
    data = "平城区项目建设情况\n全区共有223个项目。\n".encode() + "总投资809.68亿元。\n".encode(
        "gb18030"
    )
    detail = _refused(people, "mixed.txt", data)
    assert "mixes two text encodings" in detail
    assert "line 1 is UTF-8" in detail and "line 3 is" in detail


def test_a_gb18030_text_is_still_read_whole():
    data = ("平城区项目建设情况\n" + TEXT + "\n").encode("gb18030")
    assert TEXT in read_upload(data, "gbk.txt")


def test_utf16_text_with_its_byte_order_mark_is_read():
    assert read_upload(TEXT.encode("utf-16"), "notepad.txt") == TEXT


def test_a_bad_file_on_the_page_shows_the_reason_and_stores_nothing(people):
    data = "平城区项目建设情况\n".encode() + TEXT.encode("gb18030")
    response = client_for(people.admin).post(
        "/intake/new/", {"file": SimpleUploadedFile("mixed.txt", data)}
    )
    assert response.status_code == 200
    assert "mixed.txt mixes two text encodings" in response.content.decode()
    assert not IntakeReport.objects.exists()
