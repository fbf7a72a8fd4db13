"""Welfare figures: per programme, village and subdistrict, counted in a fixed number of
queries, scoped to the reader, and printed by `taizhang stats welfare`."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from taizhang.welfare.stats import overview_for
from tests.factories import make_person
from tests.welfare.figures_data import enrol


def stats(*args):
    out = io.StringIO()
    call_command("stats", "welfare", *args, stdout=out)
    return out.getvalue()


def by_name(data):
    return {row["name"]: row for row in data["programmes"]}


def test_the_command_gives_each_programmes_figures_for_the_year(year_2022):
    data = json.loads(stats("--year", "2022", "--format", "json"))
    assert data["year"] == 2022
    rows = by_name(data)
    assert rows["60岁以上老人生活补贴"] == {
        "name": "60岁以上老人生活补贴",
        "unit": "西王庄村",
        "enrolled_people": 2,
        "enrolled_households": 2,
        "paid_yuan": "350.00",
        "handouts_planned": 0,
        "handouts_done": 0,
        "reviews_overdue": 2,
    }
    goods = rows["春节慰问品"]
    assert (goods["enrolled_households"], goods["handouts_planned"], goods["handouts_done"]) == (
        4,
        4,
        3,
    )


def test_a_year_without_cycles_pays_nothing(year_2022):
    rows = by_name(json.loads(stats("--year", "2023", "--format", "json")))
    assert rows["60岁以上老人生活补贴"]["paid_yuan"] == "0.00"
    assert rows["60岁以上老人生活补贴"]["enrolled_people"] == 2  # still enrolled in 2023


def test_a_village_officer_counts_only_the_own_villages_residents(year_2022, people):
    rows = by_name(json.loads(stats("--year", "2022", "--user", "xwz")))
    assert rows["春节慰问品"]["enrolled_households"] == 3  # not 塔儿村's 李二
    assert rows["春节慰问品"]["handouts_planned"] == 3


def test_unit_narrows_to_a_subtree_and_an_unknown_unit_is_refused(year_2022):
    rows = by_name(json.loads(stats("--year", "2022", "--unit", "塔儿村")))
    assert rows["春节慰问品"]["enrolled_households"] == 1
    with pytest.raises(CommandError, match="No unit"):
        stats("--unit", "没有这个村")


def test_villages_and_subdistricts_add_up(year_2022, district):
    overview = overview_for(None, year=2022)
    villages = {row.name: row for row in overview.villages}
    assert villages["西王庄村"].enrolled_people == 3  # each resident once, in any programme
    assert villages["塔儿村"].handouts_planned == 1
    (subdistrict,) = overview.subdistricts
    assert subdistrict.name == "小南头街道"
    assert subdistrict.paid_yuan == overview.totals.paid_yuan == Decimal("350.00")
    assert subdistrict.enrolled_people == overview.totals.enrolled_people == 4


def test_the_figures_cost_the_same_queries_for_more_people(
    year_2022, allowance, district, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        overview_for(None, year=2022)
    for number in range(20):
        enrol(allowance, make_person(district.xiwangzhuang, f"老人{number}", born="1950-01-01"))
    with django_assert_num_queries(len(before)):
        overview_for(None, year=2022)
