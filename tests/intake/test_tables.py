import io
from decimal import Decimal

import docx

from taizhang.intake.extraction import extract
from taizhang.intake.reading import read_upload

TAB_REPORT = (
    "平城区庭院经济扶持资金分配情况\n\n"
    "本报讯（记者 韩雪）近日，区农业农村局公布扶持资金分配结果，具体分配如下：\n\n"
    "村名\t扶持资金（万元）\t受益户数（户）\t种植面积（亩）\n"
    "西王庄村\t120\t86\t310\n"
    "西谷庄村\t95\t64\t226.5\n\n"
    "资金将于6月底前拨付到位。\n"
)

SPACE_REPORT = (
    "永泰街道老旧小区改造进度过半\n\n"
    "通讯员 郭峰\n\n"
    "各小区进展情况如下：\n\n"
    "序号  小区名称        投资额（万元）    完成进度（%）\n"
    "1     煤机小区        1860              65\n"
    "2     新华街小区      1025.6            —\n"
    "      合计            2885.6            —\n"
)


def figures_of(text):
    return [
        (f["text"], f["value"], f["unit"], f["subject"]) for f in extract(text).as_dict()["figures"]
    ]


def test_a_tab_separated_table_gives_each_cell_with_its_column_unit_and_row_subject():
    figures = figures_of(TAB_REPORT)
    assert figures == [
        ("120", Decimal("120"), "万元", "西王庄村扶持资金"),
        ("86", Decimal("86"), "户", "西王庄村受益户数"),
        ("310", Decimal("310"), "亩", "西王庄村种植面积"),
        ("95", Decimal("95"), "万元", "西谷庄村扶持资金"),
        ("64", Decimal("64"), "户", "西谷庄村受益户数"),
        ("226.5", Decimal("226.5"), "亩", "西谷庄村种植面积"),
    ]


def test_a_table_cell_in_wan_yuan_is_money_with_its_multiplier():
    first = extract(TAB_REPORT).as_dict()["figures"][0]
    assert (first["unit"], first["wan"]) == ("万元", Decimal("120"))


def test_table_rows_are_kept_apart_from_the_paragraphs():
    article = extract(TAB_REPORT).as_dict()["articles"][0]
    assert article["body"] == [
        "本报讯（记者 韩雪）近日，区农业农村局公布扶持资金分配结果，具体分配如下：",
        "资金将于6月底前拨付到位。",
    ]
    assert article["tables"] == [
        {
            "header": ["村名", "扶持资金（万元）", "受益户数（户）", "种植面积（亩）"],
            "rows": [["西王庄村", "120", "86", "310"], ["西谷庄村", "95", "64", "226.5"]],
        }
    ]


def test_a_table_cell_points_back_at_its_source():
    result = extract(TAB_REPORT).as_dict()
    start, end = result["figures"][5]["span"]
    assert TAB_REPORT[start:end] == "226.5"


def test_the_villages_of_a_table_are_names_of_the_article():
    names = [n["text"] for n in extract(TAB_REPORT).as_dict()["names"] if n["kind"] == "unit"]
    assert "西王庄村" in names and "西谷庄村" in names


def test_a_space_aligned_table_skips_serial_numbers_and_blank_cells():
    figures = figures_of(SPACE_REPORT)
    assert figures == [
        ("1860", Decimal("1860"), "万元", "煤机小区投资额"),
        ("65", Decimal("65"), "%", "煤机小区完成进度"),
        ("1025.6", Decimal("1025.6"), "万元", "新华街小区投资额"),
        ("2885.6", Decimal("2885.6"), "万元", "合计投资额"),
    ]


def test_two_spaces_in_running_text_make_no_table():
    text = "标题\n\n本报记者  宋芳\n\n全区共有223个项目，  总投资809.68亿元。\n"
    result = extract(text).as_dict()
    assert result["articles"][0]["tables"] == []
    assert [f["text"] for f in result["figures"]] == ["223个", "809.68亿元"]


def test_a_docx_table_is_read_like_a_pasted_one():
    document = docx.Document()
    document.add_paragraph("水泊寺街道发放冬季取暖补贴")
    document.add_paragraph("日前，水泊寺街道发放冬季取暖补贴，各社区发放情况如下：")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("社区", "发放户数（户）", "发放金额（元）"),
            ("文兴社区", "132", "158400"),
            ("和平社区", "97", ""),
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("此次补贴已全部发放到户。")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_upload(buffer.getvalue(), "report.docx")
    result = extract(text).as_dict()
    assert [(f["text"], f["unit"], f["subject"]) for f in result["figures"]] == [
        ("132", "户", "文兴社区发放户数"),
        ("158400", "元", "文兴社区发放金额"),
        ("97", "户", "和平社区发放户数"),
    ]
    assert result["articles"][0]["body"][-1] == "此次补贴已全部发放到户。"


def test_a_table_set_with_full_width_spaces_and_units_in_its_cells_is_a_table():
    text = (
        "小南头街道人居环境整治\n\n本报记者 何婧\n\n各村完成情况如下表：\n\n"
        "村名　　　　硬化巷道　　　　新建花池\n"
        "西王庄村　　3200平方米　　　40个\n"
        "塔儿村　　　2600平方米　　　35个\n"
    )
    assert figures_of(text) == [
        ("3200平方米", Decimal("3200"), "平方米", "西王庄村硬化巷道"),
        ("40个", Decimal("40"), "个", "西王庄村新建花池"),
        ("2600平方米", Decimal("2600"), "平方米", "塔儿村硬化巷道"),
        ("35个", Decimal("35"), "个", "塔儿村新建花池"),
    ]
