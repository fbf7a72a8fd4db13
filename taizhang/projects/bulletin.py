"""The generated Chinese bulletin (统计简报) of the project bank, in the seed's words:

"2022年，全区建设项目共有223个，总投资809.68亿元。其中：新建项目85个，续建项目138个，包含产业类
项目40个，基础设施类项目43个，社会民生类项目140个。投资10亿元以上项目19个。"

followed, once months have passed, by the monthly reports' sentence: "1—10月项目累计完成投资
629.0亿元，占年度投资计划的97.2%，超过时间进度13.8个百分点。" The bulletin is Chinese whatever the
UI language: it is the document the district publishes.

A bulletin is a list of paragraphs, each a list of parts `(text, query)`: a figure's part
carries the query string of the year-plan list behind it (see queries.py), so the page and the
.docx link every figure to exactly the rows it counts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from taizhang.lib.money import format_money
from taizhang.lib.text import clean_text

Part = tuple[str, str | None]
CATEGORY_NAMES = {"industry": "产业类", "infrastructure": "基础设施类", "livelihood": "社会民生类"}
NATURE_NAMES = {"new": "新建", "continued": "续建"}


def total_text(wan: Decimal) -> str:
    """809.68亿元 from 1亿元 up, else 1234.50万元: two places, no thousands separators."""
    return format_money(wan, grouping=False)


def progress_text(wan: Decimal) -> str:
    """629.0亿元 (one place, as monthly reports write it) from 1亿元 up, else 万元 exactly."""
    return format_money(wan, yi_places=1, grouping=False)


def percent_text(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def rate_percent(rate: Decimal | None) -> str:
    if rate is None:
        return "—"
    return f"{(rate * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def months_text(month: int) -> str:
    return "1月" if month == 1 else f"1—{month}月"


def summary_parts(stats: dict[str, Any]) -> list[Part]:
    """The seed's paragraph for these figures."""
    links = stats["links"]
    nature, category = stats["by_nature"], stats["by_category"]
    return [
        (f"{stats['year']}年，{stats['scope_name']}建设项目共有", None),
        (f"{stats['count']}个", links["count"]),
        ("，总投资", None),
        (total_text(stats["total_investment_wan"]), links["count"]),
        ("。其中：新建项目", None),
        (f"{nature['new']}个", links["new"]),
        ("，续建项目", None),
        (f"{nature['continued']}个", links["continued"]),
        ("，包含产业类项目", None),
        (f"{category['industry']}个", links["industry"]),
        ("，基础设施类项目", None),
        (f"{category['infrastructure']}个", links["infrastructure"]),
        ("，社会民生类项目", None),
        (f"{category['livelihood']}个", links["livelihood"]),
        ("。投资10亿元以上项目", None),
        (f"{stats['count_over_1bn']}个", links["over_1bn"]),
        ("。", None),
    ]


def has_progress(stats: dict[str, Any]) -> bool:
    """The monthly sentence appears once a month is asked for or investment is reported."""
    return stats["month"] >= 1 and (stats.get("month_given") or stats["completed_wan"] > 0)


def progress_parts(stats: dict[str, Any]) -> list[Part]:
    """ "1—10月项目累计完成投资629.0亿元，占年度投资计划的97.2%，超过时间进度13.8个百分点。" """
    rows = stats["links"]["count"]
    parts: list[Part] = [
        (f"{months_text(stats['month'])}项目累计完成投资", None),
        (progress_text(stats["completed_wan"]), rows),
    ]
    plan, points = stats["annual_plan_wan"], stats["points_vs_time_progress"]
    if plan:
        parts += [
            ("，占年度投资计划的", None),
            (percent_text(stats["completed_wan"], plan), rows),
        ]
        if points > 0:
            parts += [("，超过时间进度", None), (f"{points}个百分点", rows)]
        elif points < 0:
            parts += [("，落后时间进度", None), (f"{-points}个百分点", rows)]
        else:
            parts.append(("，与时间进度持平", None))
    parts.append(("。", None))
    return parts


def detail_parts(stats: dict[str, Any]) -> list[Part]:
    """Starts, completions and the reserve's conversion in the period."""
    links = stats["links"]
    months = months_text(stats["month"]) if stats["month"] else f"{stats['year']}年"
    return [
        (f"{months}计划开工项目", None),
        (f"{stats['planned_starts']}个", links["planned_starts"]),
        ("，已开工", None),
        (f"{stats['started_of_planned']}个", links["started_of_planned"]),
        (f"，开工率{rate_percent(stats['start_rate'])}；实际开工项目", None),
        (f"{stats['actual_starts']}个", links["actual_starts"]),
        ("，竣工项目", None),
        (f"{stats['completions']}个", links["completions"]),
        ("。新建项目中由储备项目转化", None),
        (f"{stats['reserve_converted']}个", links["reserve_converted"]),
        (f"，储备项目转化率{rate_percent(stats['reserve_conversion_rate'])}。", None),
    ]


def _growth(rate: Decimal) -> str:
    """增长12.3% / 下降4.5% / 持平 from a growth rate."""
    points = (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if points > 0:
        return f"增长{points}%"
    if points < 0:
        return f"下降{-points}%"
    return "持平"


def comparison_parts(stats: dict[str, Any]) -> list[Part]:
    """The year-on-year sentence (同比)."""
    previous, change = stats["previous"], stats["change"]
    growth = change["total_investment_growth"]
    count = change["count"]
    parts: list[Part] = [(f"与{previous['year']}年同期相比，项目个数", None)]
    if count:
        parts += [
            ("增加" if count > 0 else "减少", None),
            (f"{abs(count)}个", previous["links"]["count"]),
        ]
    else:
        parts.append(("持平", None))
    if growth is not None:
        parts.append((f"，总投资{_growth(growth)}", None))
    completed_growth = change["completed_growth"]
    if stats["month"] and completed_growth is not None:
        parts.append((f"，累计完成投资{_growth(completed_growth)}", None))
    parts.append(("。", None))
    return parts


def bulletin_parts(
    stats: dict[str, Any], *, details: bool = True, progress: bool = True
) -> list[list[Part]]:
    paragraphs = [summary_parts(stats)]
    if progress and has_progress(stats):
        paragraphs.append(progress_parts(stats))
    if details:
        paragraphs.append(detail_parts(stats))
        if stats["previous"]["count"]:
            paragraphs.append(comparison_parts(stats))
    return paragraphs


def bulletin_text(stats: dict[str, Any], *, details: bool = False, progress: bool = True) -> str:
    """The bulletin as plain text, one paragraph a line: the seed's paragraph, then (with
    `progress`) the monthly sentence when there is progress; with details, starts and the
    year-on-year."""
    return "\n".join(
        "".join(text for text, _query in paragraph)
        for paragraph in bulletin_parts(stats, details=details, progress=progress)
    )


def title_text(stats: dict[str, Any]) -> str:
    period = f"（{months_text(stats['month'])}）" if has_progress(stats) else ""
    return f"{stats['year']}年{stats['scope_name']}建设项目统计简报{period}"


# ---------------------------------------------------------------------------------------------
# The .docx


def _add_link(paragraph: Paragraph, text: str, url: str) -> None:
    """A hyperlink run (python-docx reads hyperlinks but has no call to write one)."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(color)
    properties.append(underline)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _write(paragraph: Paragraph, text: str, query: str | None, url_of: Callable | None) -> None:
    text = clean_text(text)  # unit names stored before input was cleaned: Word refuses controls
    url = url_of(query) if query is not None and url_of is not None else None
    if url:
        _add_link(paragraph, text, url)
    else:
        paragraph.add_run(text)


def _chinese_font(document: Any) -> None:
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "宋体")


def table_rows(stats: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    rows = [(CATEGORY_NAMES[group["key"]], group) for group in stats["categories"]]
    rows += [(NATURE_NAMES[group["key"]], group) for group in stats["natures"]]
    rows += [(group["name"] or "未填街道", group) for group in stats["subdistricts"]]
    return rows


def bulletin_docx(
    stats: dict[str, Any], url_of: Callable[[str], str | None] | None = None
) -> bytes:
    """The bulletin as a Word document: title, the paragraphs, and a table by category,
    nature and subdistrict. With `url_of` (query string → absolute URL) every figure is a
    hyperlink to the list of projects behind it."""
    document = Document()
    _chinese_font(document)
    heading = document.add_heading(clean_text(title_text(stats)), level=1)
    heading.alignment = 1  # centred
    for run in heading.runs:
        run.font.color.rgb = RGBColor(0, 0, 0)
    for paragraph_parts in bulletin_parts(stats):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(24)
        for text, query in paragraph_parts:
            _write(paragraph, text, query, url_of)
    headers = [
        "分类",
        "项目个数",
        "总投资",
        "年度计划投资（万元）",
        "累计完成投资（万元）",
        "完成率",
    ]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for name, group in table_rows(stats):
        cells = table.add_row().cells
        cells[0].text = clean_text(name)
        _write(cells[1].paragraphs[0], str(group["count"]), group["link"], url_of)
        cells[2].text = total_text(group["total_investment_wan"])
        cells[3].text = str(group["annual_plan_wan"])
        cells[4].text = str(group["completed_wan"])
        plan = group["annual_plan_wan"]
        cells[5].text = percent_text(group["completed_wan"], plan) if plan else "—"
    total = table.add_row().cells
    total[0].text = "合计"
    _write(total[1].paragraphs[0], str(stats["count"]), stats["links"]["count"], url_of)
    total[2].text = total_text(stats["total_investment_wan"])
    total[3].text = str(stats["annual_plan_wan"])
    total[4].text = str(stats["completed_wan"])
    plan = stats["annual_plan_wan"]
    total[5].text = percent_text(stats["completed_wan"], plan) if plan else "—"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
