"""`taizhang stats projects`: JSON with the API's keys, or the Chinese bulletin."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.projects.stats_data import SEED_SENTENCE, seed_plan, small_plan

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", "projects", *args, stdout=out)
    return out.getvalue()


def test_json_gives_the_seeds_figures_under_design_md_keys(district):
    seed_plan(district)
    body = json.loads(run("--year", "2022", "--format", "json"))
    assert body["year"] == 2022
    assert body["count"] == 223
    assert body["total_investment_wan"] == "8096800.00"
    assert body["by_nature"] == {"new": 85, "continued": 138}
    assert body["by_category"] == {"industry": 40, "infrastructure": 43, "livelihood": 140}
    assert body["count_over_1bn"] == 19
    assert {"annual_plan_wan", "completed_wan", "completion_rate", "time_progress"} <= set(body)


def test_text_prints_the_seeds_sentence(district):
    seed_plan(district)
    assert run("--year", "2022", "--format", "text").strip() == SEED_SENTENCE


def test_text_with_a_month_adds_the_monthly_sentence(district):
    small_plan(district)
    lines = run("--year", "2022", "--month", "10", "--format", "text").splitlines()
    assert lines[1].startswith("1—10月项目累计完成投资1.2亿元")
    assert "落后时间进度43.4个百分点" in lines[1]


def test_it_filters_by_subdistrict_code_and_category(district):
    small_plan(district)
    body = json.loads(run("--year", "2022", "--subdistrict", district.xiaonantou.code))
    assert body["count"] == 2
    body = json.loads(run("--year", "2022", "--category", "industry"))
    assert body["count"] == 1


def test_a_user_sees_only_their_own_rows(district, people):
    small_plan(district)
    assert json.loads(run("--year", "2022", "--user", "xwz"))["count"] == 1


def test_unknown_codes_and_users_are_refused(district):
    with pytest.raises(CommandError, match="No unit has the code"):
        run("--year", "2022", "--subdistrict", "nope")
    with pytest.raises(CommandError, match="No user"):
        run("--year", "2022", "--user", "ghost")
