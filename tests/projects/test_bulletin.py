"""The Chinese bulletin (bulletin.py): the seed's paragraph, the monthly sentence, the .docx."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest

from taizhang.projects.bulletin import bulletin_docx, bulletin_parts, bulletin_text
from taizhang.projects.models import Nature
from taizhang.projects.queries import year_stats
from tests.projects.factories import make_project
from tests.projects.stats_data import SEED_SENTENCE, plan, report, seed_plan, small_plan

pytestmark = pytest.mark.django_db


def test_a_seed_shaped_year_reads_exactly_as_the_seed(district):
    seed_plan(district)
    assert bulletin_text(year_stats(year=2022)) == SEED_SENTENCE


def test_the_monthly_sentence_says_how_far_ahead_of_time_progress(district):
    # 629.0亿元 of a 647.39亿元 plan by October: 97.16%, 13.8 points ahead of 83.33%.
    project = make_project(district.xiwangzhuang, total_investment_wan=Decimal("7000000.00"))
    plan(project, 2022, Nature.NEW, "6473900.00")
    report(project, 2022, 1, "6290000.00")
    text = bulletin_text(year_stats(year=2022, month=10))
    assert text.splitlines()[1] == (
        "1—10月项目累计完成投资629.0亿元，占年度投资计划的97.2%，超过时间进度13.8个百分点。"
    )


def test_the_monthly_sentence_says_how_far_behind(district):
    small_plan(district)
    text = bulletin_text(year_stats(year=2022, month=10))
    assert text.splitlines() == [
        "2022年，全区建设项目共有3个，总投资23.05亿元。其中：新建项目2个，续建项目1个，"
        "包含产业类项目1个，基础设施类项目1个，社会民生类项目1个。投资10亿元以上项目1个。",
        "1—10月项目累计完成投资1.2亿元，占年度投资计划的39.9%，落后时间进度43.4个百分点。",
    ]


def test_a_month_with_no_progress_and_none_asked_adds_no_sentence(district):
    project = make_project(district.xiwangzhuang)
    plan(project, 2021, Nature.NEW, "10.00")
    assert "累计完成投资" not in bulletin_text(year_stats(year=2021))
    assert "累计完成投资0.00万元" in bulletin_text(year_stats(year=2021, month=1))
    assert bulletin_text(year_stats(year=2021, month=1)).splitlines()[1].startswith("1月")


def test_a_village_bulletin_names_the_village(district, people):
    small_plan(district)
    text = bulletin_text(year_stats(year=2022, month=10, user=people.xwz_officer))
    assert text.startswith("2022年，西王庄村建设项目共有1个，总投资15.00亿元。")


def test_the_details_give_starts_conversion_and_year_on_year(district):
    small_plan(district)
    text = bulletin_text(year_stats(year=2022, month=10), details=True)
    assert "1—10月计划开工项目2个，已开工1个，开工率50.0%；实际开工项目1个，竣工项目1个。" in text
    assert "储备项目转化率50.0%" in text
    assert "与2021年同期相比，项目个数增加2个" in text


def test_every_figure_of_the_bulletin_carries_its_list(district):
    small_plan(district)
    stats = year_stats(year=2022, month=10)
    figures = [part for paragraph in bulletin_parts(stats) for part in paragraph if part[1]]
    assert ("3个", stats["links"]["count"]) in figures
    assert ("1个", stats["links"]["over_1bn"]) in figures
    assert all(text[0].isdigit() for text, _query in figures), figures


def test_the_docx_opens_and_links_its_figures(district):
    seed_plan(district)
    stats = year_stats(year=2022)
    content = bulletin_docx(stats, url_of=lambda query: f"http://testserver/plans/?{query}")
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert SEED_SENTENCE in text
    assert document.paragraphs[0].text == "2022年全区建设项目统计简报"
    links = [link.url for p in document.paragraphs for link in p.hyperlinks]
    assert f"http://testserver/plans/?{stats['links']['count']}" in links
    table = document.tables[0]
    assert [cell.text for cell in table.rows[1].cells][:3] == ["产业类", "40", "424.10亿元"]
    assert table.rows[-1].cells[1].text == "223"
