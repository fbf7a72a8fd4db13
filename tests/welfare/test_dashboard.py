"""The welfare dashboard and its feed: the year's figures of what the reader sees, each a link
to the list that counts it, in a fixed number of queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.factories import make_person
from tests.welfare.figures_data import enrol

API = "/api/v1/welfare/stats"


def test_the_feed_gives_programmes_villages_subdistricts_and_totals(year_2022, as_admin):
    data = as_admin.get(API, {"year": 2022}).json()
    programmes = {row["name"]: row for row in data["programmes"]}
    allowance = programmes["60岁以上老人生活补贴"]
    assert (allowance["enrolled_people"], Decimal(allowance["paid_yuan"])) == (2, Decimal("350"))
    assert [row["name"] for row in data["subdistricts"]] == ["小南头街道"]
    assert data["totals"]["handouts_done"] == 3
    assert "payment_status=paid" in allowance["links"]["paid"]
    assert f"programme={allowance['key']}" in allowance["links"]["paid"]


def test_a_village_officer_sees_only_the_own_village(year_2022, people):
    data = client_for(people.xwz_officer).get(API, {"year": 2022}).json()
    assert [row["name"] for row in data["villages"]] == ["西王庄村"]
    assert data["totals"]["handouts_planned"] == 3


def test_a_department_outside_the_programmes_line_sees_nothing(year_2022, people, district):
    from taizhang.core.roles import Role
    from tests.factories import make_user

    clerk = make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju)
    data = client_for(clerk).get(API, {"year": 2022}).json()
    assert data["programmes"] == [] and data["villages"] == []


def test_the_page_shows_each_figure_as_a_link_to_its_list(year_2022, as_admin):
    page = as_admin.get("/welfare/dashboard/", {"year": 2022})
    assert page.status_code == 200
    text = page.content.decode()
    assert "350.00" in text
    assert "/welfare/entitlements/?" in text and "collected=yes" in text
    assert "/welfare/enrolments/?" in text


def test_a_bad_year_is_a_clear_error(as_admin):
    page = as_admin.get("/welfare/dashboard/", {"year": "12"})
    assert page.status_code == 200
    assert "filters are not valid" in page.content.decode()


def test_the_page_costs_the_same_queries_for_more_people(year_2022, as_admin, allowance, district):
    with CaptureQueriesContext(connection) as before:
        as_admin.get("/welfare/dashboard/", {"year": 2022})
    for number in range(15):
        enrol(allowance, make_person(district.xiwangzhuang, f"老人{number}", born="1950-01-01"))
    with CaptureQueriesContext(connection) as after:
        as_admin.get("/welfare/dashboard/", {"year": 2022})
    assert len(after) == len(before)
