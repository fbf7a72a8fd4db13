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


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill(table, rows):
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            if text is not None:
                cell.text = text


def _figures(data: bytes) -> list[tuple[str, str, str]]:
    from taizhang.intake.extraction import extract

    result = extract(read_upload(data, "report.docx")).as_dict()
    return [(f["text"], f["unit"], f["subject"]) for f in result["figures"]]


def test_a_docx_table_with_a_two_row_header_of_merged_cells_names_each_column_by_its_group():
    def build(document):
        document.add_paragraph("各村扶持资金分配情况")
        document.add_paragraph("近日，区农业农村局公布各村扶持资金分配情况如下：")
        table = document.add_table(rows=4, cols=5)
        _fill(
            table,
            [
                ("项目", "2021年", "", "2022年", ""),
                ("", "资金（万元）", "户数", "资金（万元）", "户数"),
                ("西王庄村", "120", "35", "150", "40"),
                ("塔儿村", "80", "22", "95", "30"),
            ],
        )
        table.cell(0, 1).merge(table.cell(0, 2)).text = "2021年"
        table.cell(0, 3).merge(table.cell(0, 4)).text = "2022年"
        table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"

    assert _figures(_docx(build)) == [
        ("120", "万元", "西王庄村2021年资金"),
        ("35", "户", "西王庄村2021年户数"),
        ("150", "万元", "西王庄村2022年资金"),
        ("40", "户", "西王庄村2022年户数"),
        ("80", "万元", "塔儿村2021年资金"),
        ("22", "户", "塔儿村2021年户数"),
        ("95", "万元", "塔儿村2022年资金"),
        ("30", "户", "塔儿村2022年户数"),
    ]


def test_merged_docx_cells_give_a_number_once_and_a_merged_village_names_each_of_its_rows():
    def build(document):
        document.add_paragraph("小南头街道人居环境整治")
        document.add_paragraph("日前，小南头街道各村整治情况如下：")
        table = document.add_table(rows=5, cols=4)
        _fill(
            table,
            [
                ("村名", "工程", "投资（万元）", "受益户数（户）"),
                ("西王庄村", "道路硬化", "120", "186"),
                ("", "新建花池", "30", ""),
                ("塔儿村", "安装路灯", "12", "75"),
                ("合计", "", "162", "261"),
            ],
        )
        table.cell(1, 0).merge(table.cell(2, 0)).text = "西王庄村"
        table.cell(1, 3).merge(table.cell(2, 3)).text = "186"
        table.cell(4, 0).merge(table.cell(4, 1)).text = "合计"

    assert _figures(_docx(build)) == [
        ("120", "万元", "西王庄村投资"),
        ("186", "户", "西王庄村受益户数"),
        ("30", "万元", "西王庄村投资"),
        ("12", "万元", "塔儿村投资"),
        ("75", "户", "塔儿村受益户数"),
        ("162", "万元", "合计投资"),
        ("261", "户", "合计受益户数"),
    ]


def test_a_docx_tables_title_row_merged_across_states_the_unit_of_its_columns():
    def build(document):
        document.add_paragraph("庭院经济扶持资金下达")
        document.add_paragraph("日前，区农业农村局下达庭院经济扶持资金，各村情况如下：")
        table = document.add_table(rows=3, cols=3)
        _fill(
            table,
            [
                ("各村扶持资金（单位：万元）", "", ""),
                ("村名", "扶持资金", "受益户数"),
                ("西王庄村", "120", "86"),
            ],
        )
        table.cell(0, 0).merge(table.cell(0, 2)).text = "各村扶持资金（单位：万元）"

    data = _docx(build)
    assert _figures(data) == [("120", "万元", "西王庄村扶持资金"), ("86", "户", "西王庄村受益户数")]
    assert "各村扶持资金（单位：万元）\n\n村名\t扶持资金\t受益户数" in read_upload(data, "r.docx")
