"""The land pages: lists paginated in the database at a fixed number of queries, the contract
page with its parcels and schedule, the payment form, the income ledger and the dashboard;
another village's officer gets 404 on a record of 西王庄村."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.land.models import CollectiveIncome, DuePayment, Payment
from tests.conftest import client_for
from tests.factories import day_setter
from tests.land.factories import make_contract, village_land

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(district):
    parcels = village_land(district.xiwangzhuang, 2)
    return make_contract(district.xiwangzhuang, [(parcel, "10") for parcel in parcels])


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_contract_list_costs_the_same_queries_for_one_contract_or_twenty(district, people):
    client = client_for(people.xwz_officer)
    make_contract(district.xiwangzhuang, [(village_land(district.xiwangzhuang, 1)[0], "5")])
    one = queries_of(client, "/land/")
    for index in range(2, 21):
        parcels = village_land(district.xiwangzhuang, 2, prefix=f"N{index}-")
        make_contract(
            district.xiwangzhuang,
            [(parcel, "5") for parcel in parcels],
            number=f"HT-{index}",
        )
    assert queries_of(client, "/land/") == one
    response = client.get("/land/")
    assert response.content.decode().count("data-contract=") == 20


@pytest.mark.parametrize("url", ["/land/parcels/", "/land/dues/", "/land/income/"])
def test_the_other_lists_cost_the_same_queries_for_few_or_many(district, people, url):
    client = client_for(people.xwz_officer)
    make_contract(district.xiwangzhuang, [(village_land(district.xiwangzhuang, 1)[0], "5")])
    CollectiveIncome.objects.create(
        unit=district.xiwangzhuang,
        source="service_fee",
        amount_yuan=Decimal(100),
        received_on=datetime.date(2022, 3, 1),
    )
    few = queries_of(client, url)
    parcels = village_land(district.xiwangzhuang, 10, prefix="M")
    make_contract(district.xiwangzhuang, [(parcel, "5") for parcel in parcels], number="HT-M")
    for day in range(2, 12):
        CollectiveIncome.objects.create(
            unit=district.xiwangzhuang,
            source="dividends",
            amount_yuan=Decimal(100),
            received_on=datetime.date(2022, 3, day),
        )
    assert queries_of(client, url) == few


def test_the_contract_page_shows_its_parcels_schedule_and_clauses(contract, people):
    page = client_for(people.xwz_officer).get(contract.get_absolute_url()).content.decode()
    assert contract.number in page and "逾期每日万分之五" in page
    assert page.count("data-due=") == DuePayment.objects.filter(contract=contract).count()


def test_a_payment_is_recorded_from_its_form(contract, people, monkeypatch):
    day_setter(monkeypatch, datetime.date(2022, 3, 10))
    due = DuePayment.objects.filter(contract=contract).order_by("due_on", "pk").first()
    client = client_for(people.xwz_officer)
    url = f"/land/dues/{due.pk}/pay/"
    assert client.get(url).status_code == 200
    too_much = {"paid_on": "2022-03-01", "amount_yuan": "6000.01", "method": "bank"}
    response = client.post(url, too_much)
    assert response.status_code == 200 and not Payment.objects.exists()
    response = client.post(url, {**too_much, "amount_yuan": "6000", "receipt": "R-9"})
    assert response.status_code == 302 and Payment.objects.get().receipt == "R-9"


def test_an_officer_of_another_village_gets_404_on_every_record_page(contract, people):
    client = client_for(people.taer_officer)
    due = DuePayment.objects.filter(contract=contract).first()
    parcel = contract.parcels.first().parcel
    for url in (
        contract.get_absolute_url(),
        parcel.get_absolute_url(),
        f"/land/dues/{due.pk}/pay/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/land/dues/{due.pk}/pay/", {}).status_code == 404
    listed = client.get("/land/").content.decode()
    assert contract.number not in listed


def test_the_leader_reads_but_may_not_record_a_payment(contract, people):
    due = DuePayment.objects.filter(contract=contract).first()
    client = client_for(people.leader)
    assert client.get(contract.get_absolute_url()).status_code == 200
    assert client.get(f"/land/dues/{due.pk}/pay/").status_code == 403


def test_an_income_is_recorded_and_totalled_by_year(district, people, monkeypatch):
    day_setter(monkeypatch, datetime.date(2022, 5, 1))
    client = client_for(people.xwz_officer)
    response = client.post(
        "/land/income/new/",
        {
            "unit": district.xiwangzhuang.pk,
            "source": "collective_rent",
            "amount_yuan": "32500",
            "received_on": "2022-04-01",
            "description": "机动地出租",
        },
    )
    assert response.status_code == 302
    page = client.get("/land/income/").content.decode()
    assert "32500" in page and "2022" in page
    other = client.post(
        "/land/income/new/",
        {
            "unit": district.taer.pk,
            "source": "dividends",
            "amount_yuan": "1",
            "received_on": "2022-04-01",
        },
    )
    assert other.status_code == 200 and CollectiveIncome.objects.count() == 1


def test_the_dashboard_shows_the_years_figures(contract, people):
    client = client_for(people.subdistrict_officer)
    page = client.get("/land/dashboard/?year=2022").content.decode()
    assert "20.00" in page and 'data-figure="households"' in page
    assert client.get("/land/dashboard/?year=x").status_code == 200
