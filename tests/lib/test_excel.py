import datetime
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from taizhang.lib.excel import (
    ErrorCopyWriter,
    TemplateColumn,
    UnreadableWorkbook,
    XlsxReader,
    normalise_header,
    restore_text,
    split_unit,
    write_template,
    write_xlsx,
)
from tests.excel_files import read_rows, write_rows

HEADERS = {"编码", "名称"}


def score(cells):
    return sum(cell in HEADERS for cell in cells)


def test_it_finds_the_header_below_title_rows_and_numbers_rows_as_excel_does(tmp_path):
    path = write_rows(
        tmp_path / "t.xlsx",
        [
            ["2022年组织机构表"],
            [],
            ["填表单位：平城区", None, "2022-03"],
            ["编码", "名称"],
            ["001", "甲"],
            [],
            ["002", "乙"],
            [None, "  "],
            [],
        ],
    )
    with XlsxReader(path) as reader:
        table = reader.table(score)
        assert table.header_row == 4
        assert table.headers[:2] == ["编码", "名称"]
        rows = list(table.rows)
    assert [number for number, _values in rows] == [5, 7]
    assert rows[0][1][:2] == ["001", "甲"]
    assert [number for number, _values in table.preamble] == [1, 3]


def test_it_numbers_rows_when_data_starts_lower_and_to_the_right(tmp_path):
    book = openpyxl.Workbook()
    book.active["C5"] = "编码"
    book.active["D5"] = "名称"
    book.active["C6"] = "001"
    book.save(tmp_path / "t.xlsx")
    with XlsxReader(tmp_path / "t.xlsx") as reader:
        table = reader.table(score)
        assert (table.header_row, table.first_column) == (5, 2)
        assert list(table.rows) == [(6, ["001", ""])]


def test_a_sheet_without_a_header_has_no_table(tmp_path):
    path = write_rows(tmp_path / "t.xlsx", [["甲", "乙"], ["1", "2"]])
    with XlsxReader(path) as reader:
        assert reader.table(score) is None


def test_a_file_that_is_not_xlsx_is_unreadable(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("编码,名称\n001,甲\n")
    with pytest.raises(UnreadableWorkbook):
        XlsxReader(path)


@pytest.mark.parametrize(
    ("header", "normal"),
    [("总投资（亿元）", "总投资(亿元)"), (" 编 码 ", "编码"), ("*名称", "名称"), (None, "")],
)
def test_headers_are_compared_loosely(header, normal):
    assert normalise_header(header) == normal


def test_a_unit_in_brackets_is_split_off_the_header():
    assert split_unit("总投资(亿元)") == ("总投资", "亿元")
    assert split_unit("名称") == ("名称", None)


DANGEROUS = ["=1+2", '=HYPERLINK("http://x","y")', "+86 139", "-5", "@SUM(A1)", "\tx", "\rx"]


def test_formula_like_strings_are_written_as_quoted_text_never_formulas(tmp_path):
    path = tmp_path / "out.xlsx"
    write_xlsx(path, ["值", "数"], [[text, 1] for text in DANGEROUS] + [["普通", Decimal("1.50")]])
    sheet = openpyxl.load_workbook(path).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    # Some XML parsers read a lone carriage return back as a newline (XML line-end rules).
    values = [cell.value.replace("\r", "\n") for cell in cells]
    assert values == ["'" + text.replace("\r", "\n") for text in DANGEROUS] + ["普通"]
    assert sheet["B2"].data_type == "n"
    assert sheet["B9"].value == 1.5
    with zipfile.ZipFile(path) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_the_quote_is_removed_again_on_import():
    assert [restore_text("'" + text) for text in DANGEROUS] == DANGEROUS
    assert restore_text("'quoted'") == "'quoted'"


def test_dates_and_aware_datetimes_are_written_as_excel_dates(tmp_path):
    path = tmp_path / "out.xlsx"
    aware = datetime.datetime(2022, 3, 5, 2, 0, tzinfo=datetime.UTC)
    write_xlsx(path, ["日期", "时间"], [[datetime.date(2022, 3, 5), aware]])
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A2"].value == datetime.datetime(2022, 3, 5)
    assert sheet["B2"].value == datetime.datetime(2022, 3, 5, 10, 0)  # Asia/Shanghai


def test_the_template_has_bold_headers_and_a_notes_sheet_for_every_column(tmp_path):
    path = tmp_path / "template.xlsx"
    columns = [
        TemplateColumn("编码", True, "Text", "", "Unique"),
        TemplateColumn("总投资（万元）", False, "Amount", "万元、亿元"),
    ]
    write_template(
        path,
        columns,
        sheet_title="Ledger",
        notes_title="说明",
        notes_headers=["Column", "Required", "Type", "Accepted", "Help"],
        yes_no=("是", "否"),
    )
    book = openpyxl.load_workbook(path)
    sheet, notes = book.worksheets
    assert [cell.value for cell in sheet[1]] == ["编码", "总投资（万元）"]
    assert all(cell.font.bold for cell in sheet[1])
    assert notes.title == "说明"
    assert read_rows(path, 1)[1:] == [
        ("编码", "是", "Text", None, "Unique"),
        ("总投资（万元）", "否", "Amount", "万元、亿元", None),
    ]


def test_the_error_copy_keeps_row_numbers_and_adds_a_reason_column(tmp_path):
    path = tmp_path / "errors.xlsx"
    copy = ErrorCopyWriter(path, first_column=1, width=2, header="错误")
    copy.add(1, ["标题", ""])
    copy.add(3, ["编码", "名称"], header=True)
    copy.add(4, ["=1+1", "甲"], "[名称] bad")
    copy.add(6, ["002", "乙"])
    copy.save()
    assert read_rows(path) == [
        (None, "标题", None, None),
        (None, None, None, None),
        (None, "编码", "名称", "错误"),
        (None, "'=1+1", "甲", "[名称] bad"),
        (None, None, None, None),
        (None, "002", "乙", None),
    ]
