import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from taizhang.core.demo import load_demo_district
from tests.intake.conftest import SEED_PATH

DONE_WHEN_FIGURES = [
    "7个",
    "2000多亩",
    "600~700元",
    "80%",
    "1000多平方米",
    "500多平方米",
    "40多个",
    "3项",
    "223个",
    "809.68亿元",
    "85个",
    "138个",
    "40个",
    "43个",
    "140个",
    "10亿元以上",
    "19个",
    "100%",
]
DONE_WHEN_NAMES = [
    "小南头街道",
    "西王庄村",
    "西谷庄村",
    "塔儿村",
    "东王庄村",
    "寺儿村",
    "平城区人民检察院",
    "市生态环境局",
    "古城村",
    "文兴社区",
    "迎宾街道",
]


def run(*args):
    out = StringIO()
    call_command("intake", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_seed_page_gives_what_the_issue_asks_for():
    load_demo_district()
    data = json.loads(run(str(SEED_PATH), "--format", "json"))
    assert [a["bylines"] for a in data["articles"]] == [
        ["宋芳"],
        ["何婧"],
        ["孙权"],
        ["邱东芳"],
        ["孙露"],
        ["有为"],
    ]
    texts = [f["text"] for f in data["figures"]]
    for figure in DONE_WHEN_FIGURES:
        assert figure in texts, figure
    seven = next(f for f in data["figures"] if f["text"] == "7个")
    assert seven["subject"] == "农业村"
    matched = {n["text"] for n in data["names"] if n["unit_id"]}
    for name in DONE_WHEN_NAMES:
        assert name in matched, name
    for figure in data["figures"]:
        assert ("value" in figure) != ("low" in figure and "high" in figure)
        assert {"text", "unit", "qualifier", "subject", "article"} <= set(figure)
    for name in data["names"]:
        assert {"text", "kind", "unit_id", "article"} <= set(name)


@pytest.mark.django_db
def test_the_text_format_lists_articles_figures_and_names():
    out = run(str(SEED_PATH), "--format", "text")
    assert "[5]" in out and "809.68亿元" in out and "宋芳" in out


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run(str(tmp_path / "missing.txt"))
    bad = tmp_path / "report.xlsx"
    bad.write_bytes(b"PK")
    with pytest.raises(CommandError, match=r"only \.txt, \.docx and \.pdf"):
        run(str(bad))


@pytest.mark.django_db
def test_the_text_format_lists_fields_tables_and_unreadable_numerals(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(
        "平城区人民政府办公室文件\n\n平政办发〔2023〕27号\n\n关于发放补贴的通知\n\n"
        "各街道：\n\n补贴情况如下：\n\n村名\t户数（户）\n西王庄村\t86\n\n受益群众三五万人。\n",
        encoding="utf-8",
    )
    out = run(str(path), "--format", "text")
    assert "doc_number: 平政办发〔2023〕27号" in out
    assert "table: 村名 | 户数（户） (1 rows)" in out
    assert "unreadable [0] 三五万人" in out
    assert "figure [0] 86 = 86 户" in out
