import io

import docx
import pytest

from taizhang.intake.reading import IntakeInputError, check_text, read_upload

TEXT = "平城区建设项目共有223个，总投资809.68亿元。"


def test_it_reads_utf8_with_or_without_bom():
    assert read_upload(TEXT.encode(), "a.txt") == TEXT
    assert read_upload(b"\xef\xbb\xbf" + TEXT.encode(), "a.txt") == TEXT


def test_it_reads_gb18030_text():
    assert read_upload(TEXT.encode("gb18030"), "report.txt") == TEXT


def test_it_reads_a_docx_paragraph_by_paragraph():
    document = docx.Document()
    document.add_paragraph("标题")
    document.add_paragraph(TEXT)
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_upload(buffer.getvalue(), "report.docx") == "标题\n\n" + TEXT


def _pdf(text: str) -> bytes:
    """A one-page PDF whose text layer holds `text` (ASCII, Helvetica)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_it_reads_the_text_layer_of_a_pdf():
    assert "223 projects" in read_upload(_pdf("223 projects"), "report.pdf")


def test_a_pdf_without_text_is_refused_with_a_reason():
    with pytest.raises(IntakeInputError, match="no text layer"):
        read_upload(_pdf(""), "scan.pdf")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"abc", "report.xlsx", "only .txt, .docx and .pdf"),
        (b"PK\x03\x04broken", "report.docx", "not a readable .docx"),
        (b"%PDF-1.4 broken", "report.pdf", "not a readable PDF"),
        (b"%PDF-1.4 x", "report.txt", "not a text file"),
        (b"   \n ", "empty.txt", "is empty"),
    ],
)
def test_bad_input_is_refused_naming_the_file(data, name, message):
    with pytest.raises(IntakeInputError, match=message) as error:
        read_upload(data, name)
    assert name in str(error.value)


def test_too_large_input_is_refused(settings):
    with pytest.raises(IntakeInputError, match="larger than"):
        read_upload(b"x" * (11 * 1024 * 1024), "big.txt")
    with pytest.raises(IntakeInputError, match="more than"):
        check_text("字" * 200_001)
