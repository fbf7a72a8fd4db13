"""The welfare dashboard's overview is cached across requests and never stale: a new
enrolment or a payment is in the page and the feed at once (core/aggregates.py)."""

from decimal import Decimal

from taizhang.welfare.models import Entitlement, PaymentStatus
from tests.conftest import client_for
from tests.factories import make_person
from tests.welfare.figures_data import enrol

API = "/api/v1/welfare/stats"


def allowance_row(client):
    data = client.get(API, {"year": 2022}).json()
    return {row["name"]: row for row in data["programmes"]}["60岁以上老人生活补贴"]


def test_a_new_enrolment_is_in_the_feed_at_once(year_2022, as_admin, allowance, district):
    assert allowance_row(as_admin)["enrolled_people"] == 2
    enrol(allowance, make_person(district.xiwangzhuang, "新老人", born="1950-01-01"))
    assert allowance_row(as_admin)["enrolled_people"] == 3


def test_a_payment_is_in_the_page_at_once(year_2022, as_admin):
    assert Decimal(allowance_row(as_admin)["paid_yuan"]) == Decimal("350")
    Entitlement.objects.filter(payment_status=PaymentStatus.PAID).update(
        payment_status=PaymentStatus.PENDING
    )
    assert Decimal(allowance_row(as_admin)["paid_yuan"]) == Decimal("0")
    page = as_admin.get("/welfare/dashboard/", {"year": 2022})
    assert page.context["figures"]["totals"]["paid_yuan"] == "0.00"


def test_a_village_officer_never_gets_the_districts_overview(year_2022, as_admin, people):
    as_admin.get(API, {"year": 2022})
    data = client_for(people.xwz_officer).get(API, {"year": 2022}).json()
    assert [row["name"] for row in data["villages"]] == ["西王庄村"]
