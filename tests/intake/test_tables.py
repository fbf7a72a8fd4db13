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
            "units": [],
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


def _line(*placed):
    """A space-aligned line with each text starting at its display column (a Chinese
    character is two columns wide)."""
    out, width = "", 0
    for column, text in placed:
        out += " " * (column - width) + text
        width = column + sum(2 if "\u4e00" <= c <= "\uffee" else 1 for c in text)
    return out


def _report(*table_lines, lead="各村资金安排如下：", title="平城区庭院经济扶持情况"):
    return "\n".join(
        [
            title,
            "",
            "本报记者 韩雪",
            "",
            lead,
            "",
            *table_lines,
            "",
            "资金将于6月底前拨付到位。",
            "",
        ]
    )


def test_a_two_row_header_pasted_from_a_spreadsheet_names_each_column_by_its_group():
    text = _report(
        "项目\t2021年\t\t2022年\t",
        "\t资金（万元）\t户数\t资金（万元）\t户数",
        "西王庄村\t120\t35\t150\t40",
        "塔儿村\t80\t22\t95\t30",
    )
    assert figures_of(text) == [
        ("120", Decimal("120"), "万元", "西王庄村2021年资金"),
        ("35", Decimal("35"), "户", "西王庄村2021年户数"),
        ("150", Decimal("150"), "万元", "西王庄村2022年资金"),
        ("40", Decimal("40"), "户", "西王庄村2022年户数"),
        ("80", Decimal("80"), "万元", "塔儿村2021年资金"),
        ("22", Decimal("22"), "户", "塔儿村2021年户数"),
        ("95", Decimal("95"), "万元", "塔儿村2022年资金"),
        ("30", Decimal("30"), "户", "塔儿村2022年户数"),
    ]
    table = extract(text).as_dict()["articles"][0]["tables"][0]
    assert table["header"] == [
        "项目",
        "2021年资金（万元）",
        "2021年户数",
        "2022年资金（万元）",
        "2022年户数",
    ]
    assert len(table["rows"]) == 2


def test_a_space_aligned_two_row_header_of_plan_and_done_gives_each_column_its_group():
    text = _report(
        _line((0, "村名"), (12, "计划"), (36, "完成")),
        _line((12, "户数"), (20, "资金（万元）"), (36, "户数"), (44, "资金（万元）")),
        _line((0, "西王庄村"), (12, "40"), (20, "120"), (36, "35"), (44, "110")),
        _line((0, "塔儿村"), (12, "25"), (20, "80"), (36, "25"), (44, "80")),
    )
    assert figures_of(text)[:4] == [
        ("40", Decimal("40"), "户", "西王庄村计划户数"),
        ("120", Decimal("120"), "万元", "西王庄村计划资金"),
        ("35", Decimal("35"), "户", "西王庄村完成户数"),
        ("110", Decimal("110"), "万元", "西王庄村完成资金"),
    ]
    assert len(figures_of(text)) == 8


def test_group_names_centred_over_their_columns_are_read_like_left_aligned_ones():
    text = _report(
        _line((0, "村名"), (17, "2022年"), (42, "2023年")),
        _line((12, "资金（万元）"), (27, "户数"), (36, "资金（万元）"), (51, "户数")),
        _line((0, "西王庄村"), (12, "120"), (27, "35"), (36, "150"), (51, "40")),
    )
    assert [(f[0], f[2], f[3]) for f in figures_of(text)] == [
        ("120", "万元", "西王庄村2022年资金"),
        ("35", "户", "西王庄村2022年户数"),
        ("150", "万元", "西王庄村2023年资金"),
        ("40", "户", "西王庄村2023年户数"),
    ]


def test_a_group_that_carries_the_unit_gives_it_to_the_columns_under_it():
    text = _report(
        "村名\t扶持资金（万元）\t\t受益户数（户）\t",
        "\t2022年\t2023年\t2022年\t2023年",
        "西王庄村\t100\t120\t80\t86",
    )
    assert figures_of(text) == [
        ("100", Decimal("100"), "万元", "西王庄村扶持资金2022年"),
        ("120", Decimal("120"), "万元", "西王庄村扶持资金2023年"),
        ("80", Decimal("80"), "户", "西王庄村受益户数2022年"),
        ("86", Decimal("86"), "户", "西王庄村受益户数2023年"),
    ]


def test_a_second_header_row_of_units_gives_each_column_its_unit():
    text = _report("村名\t扶持资金\t受益户数", "\t万元\t户", "西王庄村\t120\t86")
    assert figures_of(text) == [
        ("120", Decimal("120"), "万元", "西王庄村扶持资金"),
        ("86", Decimal("86"), "户", "西王庄村受益户数"),
    ]


def test_a_unit_line_above_the_table_applies_to_the_columns_without_a_unit():
    text = _report(
        "单位：万元",
        "村名\t扶持资金\t配套资金\t受益户数\t完成进度",
        "西王庄村\t120\t30\t86\t65%",
        "塔儿村\t80\t20\t52\t—",
    )
    assert figures_of(text)[:4] == [
        ("120", Decimal("120"), "万元", "西王庄村扶持资金"),
        ("30", Decimal("30"), "万元", "西王庄村配套资金"),
        ("86", Decimal("86"), "户", "西王庄村受益户数"),
        ("65%", Decimal("65"), "%", "西王庄村完成进度"),
    ]
    article = extract(text).as_dict()["articles"][0]
    assert article["body"] == ["各村资金安排如下：", "资金将于6月底前拨付到位。"]
    assert article["tables"][0]["units"] == ["万元"]
    first = extract(text).as_dict()["figures"][0]
    assert first["wan"] == Decimal("120")


def test_a_unit_in_the_tables_title_applies_but_never_to_serial_numbers():
    text = _report(
        "表1  2023年各村扶持资金分配表（单位：万元）",
        "序号\t村名\t扶持资金\t其中：省级资金",
        "1\t西王庄村\t120\t40",
        "2\t塔儿村\t80\t25",
    )
    assert figures_of(text) == [
        ("120", Decimal("120"), "万元", "西王庄村扶持资金"),
        ("40", Decimal("40"), "万元", "西王庄村其中：省级资金"),
        ("80", Decimal("80"), "万元", "塔儿村扶持资金"),
        ("25", Decimal("25"), "万元", "塔儿村其中：省级资金"),
    ]
    body = extract(text).as_dict()["articles"][0]["body"]
    assert "表1  2023年各村扶持资金分配表（单位：万元）" in body


def test_two_units_in_a_caption_go_to_the_columns_whose_names_they_fit():
    text = _report(
        "（单位：亩、户）",
        "村名\t流转面积\t涉及农户\t流转价格（元/亩）",
        "西王庄村\t2000\t186\t650",
    )
    assert figures_of(text) == [
        ("2000", Decimal("2000"), "亩", "西王庄村流转面积"),
        ("186", Decimal("186"), "户", "西王庄村涉及农户"),
        ("650", Decimal("650"), "元/亩", "西王庄村流转价格"),
    ]


def test_a_caption_that_names_an_office_states_no_unit():
    text = _report(
        "责任单位：区农业农村局",
        "村名\t扶持资金\t受益户数（户）",
        "西王庄村\t120\t86",
    )
    assert figures_of(text) == [("86", Decimal("86"), "户", "西王庄村受益户数")]


def test_a_name_pasted_once_over_several_rows_is_the_subject_of_each():
    text = _report(
        "村名\t工程\t投资（万元）",
        "西王庄村\t道路硬化\t120",
        "\t新建花池\t30",
        "塔儿村\t安装路灯\t12",
    )
    assert [(f[0], f[3]) for f in figures_of(text)] == [
        ("120", "西王庄村投资"),
        ("30", "西王庄村投资"),
        ("12", "塔儿村投资"),
    ]


def test_a_heading_row_inside_a_table_keeps_the_table_whole():
    text = _report(
        "项目名称\t总投资（万元）",
        "一、基础设施类\t",
        "迎宾街改造\t4800",
        "二、民生类\t",
        "口袋公园提升\t350",
    )
    table = extract(text).as_dict()["articles"][0]["tables"][0]
    assert len(table["rows"]) == 4
    assert [(f[0], f[3]) for f in figures_of(text)] == [
        ("4800", "迎宾街改造总投资"),
        ("350", "口袋公园提升总投资"),
    ]


def test_a_title_line_over_a_one_row_header_is_not_taken_for_its_groups():
    text = _report(
        _line((0, "表1"), (6, "各村扶持情况")),
        _line((0, "村名"), (12, "资金（万元）"), (28, "户数（户）")),
        _line((0, "西王庄村"), (12, "120"), (28, "86")),
    )
    assert figures_of(text) == [
        ("120", Decimal("120"), "万元", "西王庄村资金"),
        ("86", Decimal("86"), "户", "西王庄村户数"),
    ]


def test_a_third_header_row_of_units_under_groups_and_columns_pasted_with_tabs():
    text = _report(
        "街道\t计划\t\t完成\t",
        "\t小区\t投资\t小区\t投资",
        "\t（个）\t（万元）\t（个）\t（万元）",
        "小南头街道\t6\t1820\t6\t1765",
        "合计\t42\t13000\t39\t12100",
    )
    assert figures_of(text)[:4] == [
        ("6", Decimal("6"), "个", "小南头街道计划小区"),
        ("1820", Decimal("1820"), "万元", "小南头街道计划投资"),
        ("6", Decimal("6"), "个", "小南头街道完成小区"),
        ("1765", Decimal("1765"), "万元", "小南头街道完成投资"),
    ]
    article = extract(text).as_dict()["articles"][0]
    assert article["body"] == ["各村资金安排如下：", "资金将于6月底前拨付到位。"]
    assert len(article["tables"][0]["rows"]) == 2


def test_a_third_header_row_of_units_in_a_space_aligned_table():
    text = _report(
        _line((0, "街道"), (14, "助餐服务"), (38, "上门服务")),
        _line((14, "服务人数"), (26, "补贴金额"), (38, "服务人次"), (50, "补贴金额")),
        _line((14, "（人）"), (26, "（万元）"), (38, "（人次）"), (50, "（万元）")),
        _line((0, "小南头街道"), (14, "420"), (26, "25.2"), (38, "3150"), (50, "18.9")),
    )
    assert [(f[0], f[2], f[3]) for f in figures_of(text)] == [
        ("420", "人", "小南头街道助餐服务服务人数"),
        ("25.2", "万元", "小南头街道助餐服务补贴金额"),
        ("3150", "人次", "小南头街道上门服务服务人次"),
        ("18.9", "万元", "小南头街道上门服务补贴金额"),
    ]


def test_a_note_under_the_table_states_the_units_of_its_columns_by_kind():
    text = _report(
        "村名\u3000流转面积\u3000涉及农户（户）\u3000流转租金\u3000村集体服务费",
        "西王庄村\u30001260\u3000318\u300075.6\u30002.5",
        "注：金额单位为万元，面积单位为亩。",
    )
    assert [(f[0], f[2]) for f in figures_of(text)] == [
        ("1260", "亩"),
        ("318", "户"),
        ("75.6", "万元"),
        ("2.5", "万元"),
    ]


def test_a_line_under_the_table_that_is_no_note_states_nothing_for_it():
    text = _report(
        "村名\t扶持资金\t受益户数（户）",
        "西王庄村\t120\t86",
        "表2  各村配套资金（单位：万元）",
    )
    assert figures_of(text) == [("86", Decimal("86"), "户", "西王庄村受益户数")]


def test_a_heading_alone_on_its_line_inside_a_table_keeps_the_table_whole():
    text = _report(
        "序号\t村名\t补贴资金（万元）",
        "一、口泉街道",
        "1\t马铺村\t36",
        "\t小计\t36",
        "二、永泰街道",
        "2\t东街村\t52",
        "\t合计\t88",
    )
    assert [(f[0], f[2], f[3]) for f in figures_of(text)] == [
        ("36", "万元", "马铺村补贴资金"),
        ("36", "万元", "小计补贴资金"),
        ("52", "万元", "东街村补贴资金"),
        ("88", "万元", "合计补贴资金"),
    ]


def test_a_rows_subject_that_counts_gives_its_figure():
    text = _report(
        "序号\t问题\t责任单位\t整改时限",
        "1\t马铺村5处违建未拆除\t区城管局\t2023年10月底",
        "2\t8户补贴发放滞后\t区民政局\t2023年11月15日",
    )
    assert [(f[0], f[2]) for f in figures_of(text)] == [("5处", "处"), ("8户", "户")]
