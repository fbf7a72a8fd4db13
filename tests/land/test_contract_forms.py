"""The contract pages a clerk types into: a new contract with its parcels, price and schedule,
and the filing, an inspection and a termination of one; each calls the service the API calls,
so each rule refuses here as there, with nothing written."""

import datetime
from decimal import Decimal

import pytest

from taizhang.core.models import AuditEntry
from taizhang.land.models import Contract, ContractStatus, DuePayment
from tests.conftest import client_for
from tests.factories import day_setter, make_household, make_organisation, make_person
from tests.land.factories import make_contract, make_parcel, village_land

pytestmark = pytest.mark.django_db


@pytest.fixture
def land(district, monkeypatch):
    day_setter(monkeypatch, datetime.date(2022, 3, 10))
    make_organisation(district.xiwangzhuang, "西王庄高粱合作社", credit_code="")
    return village_land(district.xiwangzhuang, 2)


def form(district, **changes):
    data = {
        "unit": district.xiwangzhuang.pk,
        "number": "XWZ-2022-07",
        "kind": "lease",
        "via_collective": "on",
        "transferee": "西王庄高粱合作社",
        "parcels": "H1 H1-1 10\nH2\tH2-1\t4.5",
        "use": "高粱种植",
        "signed_on": "2022-02-20",
        "starts_on": "2022-03-01",
        "ends_on": "2025-02-28",
        "price_per_mu_yuan": "650",
        "price_basis": "cash",
        "step_every_years": "0",
        "step_percent": "0",
        "payment_month": "3",
        "payment_day": "1",
        "rights_and_duties": "按约定用途种植",
        "compensation_recipient": "transferor",
        "breach_clauses": "逾期每日万分之五",
    }
    data.update(changes)
    return data


def test_a_contract_is_made_from_its_form_with_its_parcels_and_schedule(district, people, land):
    client = client_for(people.xwz_officer)
    assert client.get("/land/contracts/new/").status_code == 200
    response = client.post("/land/contracts/new/", form(district))
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    assert contract.via_collective and contract.transferee.name == "西王庄高粱合作社"
    assert sorted(contract.parcels.values_list("area_mu", flat=True)) == [
        Decimal("4.50"),
        Decimal("10.00"),
    ]
    first = DuePayment.objects.filter(contract=contract, due_on=datetime.date(2022, 2, 20))
    assert sorted(first.values_list("amount_yuan", flat=True)) == [
        Decimal("2925.00"),
        Decimal("6500.00"),
    ]
    assert AuditEntry.objects.filter(object_id=str(contract.pk)).exists()


def test_a_person_transferee_is_named_by_the_citizen_id_number(district, people, land):
    farmer = make_person(district.xiwangzhuang, "种粮大户")
    response = client_for(people.xwz_officer).post(
        "/land/contracts/new/", form(district, transferee=farmer.id_number)
    )
    assert response.status_code == 302
    assert Contract.objects.get().transferee_person == farmer


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"parcels": "H1 H1-1 10.5"}, "above its registered area"),
        ({"parcels": "H1 H9-9 1"}, "has no parcel H9-9 of household H1"),
        ({"parcels": "H1 H1-1"}, "Line 1: give the household number"),
        ({"ends_on": "2060-12-31"}, "contracting term of parcel"),
        ({"transferee": "没有的公司"}, "No organisation or person"),
        ({"parent": "HT-404"}, "No contract of this number"),
    ],
)
def test_a_contract_breaking_a_rule_is_refused_on_the_form_and_nothing_is_written(
    district, people, land, changes, message
):
    response = client_for(people.xwz_officer).post(
        "/land/contracts/new/", form(district, **changes)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Contract.objects.exists() and not DuePayment.objects.exists()


def test_a_parcel_already_transferred_for_these_dates_is_refused(district, people, land):
    make_contract(district.xiwangzhuang, [(land[0], "10")], number="HT-OLD")
    response = client_for(people.xwz_officer).post("/land/contracts/new/", form(district))
    assert "already transferred by contract HT-OLD" in response.content.decode()
    assert Contract.objects.count() == 1


def test_another_villages_officer_cannot_make_a_contract_of_xiwangzhuang(district, people, land):
    make_parcel(make_household(district.taer, "T1"), code="T1-1")
    client = client_for(people.taer_officer)
    response = client.post("/land/contracts/new/", form(district))
    assert response.status_code == 200 and not Contract.objects.exists()
    assert client_for(people.leader).get("/land/contracts/new/").status_code == 403


@pytest.fixture
def contract(district, land):
    return make_contract(district.xiwangzhuang, [(parcel, "10") for parcel in land])


def test_the_filing_is_recorded_from_its_form(contract, people):
    client = client_for(people.xwz_officer)
    url = f"/land/contracts/{contract.pk}/filing/"
    assert client.get(url).status_code == 200
    assert "at least one filing" in client.post(url, {}).content.decode()
    future = client.post(url, {"filed_with_township_on": "2022-04-01"})
    assert "not in future" in future.content.decode()
    response = client.post(
        url, {"filed_with_collective_on": "2022-02-25", "filed_with_township_on": "2022-03-01"}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.filed_with_collective_on == datetime.date(2022, 2, 25)
    assert contract.filed_with_township_on == datetime.date(2022, 3, 1)


def test_an_inspection_puts_the_contract_on_the_risk_list(contract, people):
    client = client_for(people.xwz_officer)
    response = client.post(
        f"/land/contracts/{contract.pk}/inspection/", {"use_changed": "on", "note": "建了库房"}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.use_changed and not contract.abandoned
    dashboard = client.get("/land/dashboard/?year=2022").content.decode()
    assert contract.number in dashboard.split('id="risks"')[1]


def test_a_termination_needs_a_lawful_ground_and_a_reason_and_drops_later_dues(contract, people):
    client = client_for(people.xwz_officer)
    url = f"/land/contracts/{contract.pk}/termination/"
    dues = DuePayment.objects.filter(contract=contract).count()
    refused = client.post(url, {"terminated_on": "2022-03-05", "ground": "whim", "reason": "x"})
    assert refused.status_code == 200
    refused = client.post(
        url, {"terminated_on": "2022-04-05", "ground": "agreement", "reason": "x"}
    )
    assert "not in future" in refused.content.decode()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE
    response = client.post(
        url, {"terminated_on": "2022-03-05", "ground": "agreement", "reason": "双方协商一致"}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == ContractStatus.TERMINATED
    assert contract.termination_reason == "双方协商一致"
    assert DuePayment.objects.filter(contract=contract).count() < dues
    page = client.get(contract.get_absolute_url()).content.decode()
    assert 'data-action="termination"' not in page


def test_the_contract_forms_are_404_to_another_village_and_403_to_the_leader(contract, people):
    for action in ("filing", "inspection", "termination"):
        url = f"/land/contracts/{contract.pk}/{action}/"
        assert client_for(people.taer_officer).get(url).status_code == 404, url
        assert client_for(people.taer_officer).post(url, {}).status_code == 404, url
        assert client_for(people.leader).get(url).status_code == 403, url
