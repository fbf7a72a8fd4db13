"""The land API under /api/v1/land/: scoped lists, contracts made and refused with the
reason, payments, income and the year's figures."""

import datetime

import pytest

from taizhang.land.models import Contract, DuePayment, Payment
from tests.conftest import client_for
from tests.factories import day_setter, make_household, make_organisation
from tests.land.factories import clauses, make_contract, village_land

pytestmark = pytest.mark.django_db


def body(contract_fields, unit, parcels, operator, **changes):
    data = {
        key: value.isoformat() if isinstance(value, datetime.date) else str(value)
        for key, value in contract_fields.items()
    }
    data.update(
        unit_id=unit.pk,
        number="API-1",
        transferee_organisation_id=operator.pk,
        parcels=[{"parcel_id": parcel.pk, "area_mu": "5"} for parcel in parcels],
        payment_month=3,
        payment_day=1,
    )
    data.update(changes)
    return data


def test_a_contract_is_made_through_the_api_and_a_missing_clause_is_a_400(district, people):
    client = client_for(people.xwz_officer)
    parcels = village_land(district.xiwangzhuang, 2)
    operator = make_organisation(district.xiwangzhuang, "合作社")
    data = body(clauses(), district.xiwangzhuang, parcels, operator)
    refused = client.post(
        "/api/v1/land/contracts", {**data, "breach_clauses": ""}, "application/json"
    )
    assert refused.status_code == 400
    assert "liability for breach" in refused.json()["detail"]
    assert not Contract.objects.exists()
    made = client.post("/api/v1/land/contracts", data, "application/json")
    assert made.status_code == 201, made.content
    assert len(made.json()["parcels"]) == 2


def test_lists_are_scoped_and_another_villages_records_are_404(district, people):
    contract = make_contract(
        district.xiwangzhuang, [(village_land(district.xiwangzhuang, 1)[0], "5")]
    )
    due = DuePayment.objects.filter(contract=contract).first()
    own, other = client_for(people.xwz_officer), client_for(people.taer_officer)
    assert own.get("/api/v1/land/contracts").json()["count"] == 1
    assert other.get("/api/v1/land/contracts").json()["count"] == 0
    assert other.get("/api/v1/land/parcels").json()["count"] == 0
    assert other.get("/api/v1/land/dues").json()["count"] == 0
    assert other.get(f"/api/v1/land/contracts/{contract.pk}").status_code == 404
    paid = other.post(
        f"/api/v1/land/dues/{due.pk}/payments",
        {"paid_on": "2022-03-01", "amount_yuan": "1", "method": "cash"},
        "application/json",
    )
    assert paid.status_code == 404 and not Payment.objects.exists()
    parcel = other.post(
        "/api/v1/land/parcels",
        {
            "household_id": make_household(district.xiwangzhuang, "Z1").pk,
            "code": "Z",
            "name": "地",
            "registered_area_mu": "1",
            "contract_ends_on": "2050-01-01",
        },
        "application/json",
    )
    assert parcel.status_code == 404


def test_a_payment_and_the_overdue_list(district, people, monkeypatch):
    day_setter(monkeypatch, datetime.date(2023, 3, 2))
    contract = make_contract(
        district.xiwangzhuang, [(village_land(district.xiwangzhuang, 1)[0], "10")]
    )
    client = client_for(people.xwz_officer)
    overdue = client.get("/api/v1/land/dues?overdue=true").json()
    assert overdue["count"] == 2
    first = DuePayment.objects.filter(contract=contract).order_by("due_on").first()
    paid = client.post(
        f"/api/v1/land/dues/{first.pk}/payments",
        {"paid_on": "2022-02-20", "amount_yuan": "6000", "method": "bank"},
        "application/json",
    )
    assert paid.status_code == 201
    assert client.get("/api/v1/land/dues?overdue=true").json()["count"] == 1
    figures = client.get("/api/v1/land/stats?year=2022").json()
    assert figures["paid_yuan"] == "6000.00" or float(figures["paid_yuan"]) == 6000
    assert float(figures["area_mu"]) == 10


def test_income_is_recorded_and_listed(district, people, monkeypatch):
    day_setter(monkeypatch, datetime.date(2022, 5, 1))
    client = client_for(people.xwz_officer)
    made = client.post(
        "/api/v1/land/income",
        {
            "unit_id": district.xiwangzhuang.pk,
            "source": "service_fee",
            "amount_yuan": "1200",
            "received_on": "2022-04-01",
        },
        "application/json",
    )
    assert made.status_code == 201
    assert client.get("/api/v1/land/income").json()["count"] == 1
    assert client_for(people.taer_officer).get("/api/v1/land/income").json()["count"] == 0


def test_a_contract_is_filed_observed_and_terminated_with_a_lawful_ground(
    district, people, monkeypatch
):
    day_setter(monkeypatch, datetime.date(2023, 6, 1))
    contract = make_contract(
        district.xiwangzhuang, [(village_land(district.xiwangzhuang, 1)[0], "10")]
    )
    client = client_for(people.xwz_officer)
    base = f"/api/v1/land/contracts/{contract.pk}"
    filed = client.post(
        f"{base}/filing", {"filed_with_township_on": "2022-03-01"}, "application/json"
    )
    assert filed.status_code == 200 and filed.json()["filed_with_township_on"] == "2022-03-01"
    seen = client.post(
        f"{base}/observation", {"use_changed": False, "abandoned": True}, "application/json"
    )
    assert seen.json()["abandoned"] is True
    outsider = client_for(people.taer_officer).post(
        f"{base}/termination",
        {"terminated_on": "2023-05-01", "ground": "abandoned", "reason": "撂荒"},
        "application/json",
    )
    assert outsider.status_code == 404
    unlawful = client.post(
        f"{base}/termination",
        {"terminated_on": "2023-05-01", "ground": "whim", "reason": "不想种了"},
        "application/json",
    )
    assert unlawful.status_code == 422
    ended = client.post(
        f"{base}/termination",
        {"terminated_on": "2023-05-01", "ground": "abandoned", "reason": "连续两年撂荒"},
        "application/json",
    )
    assert ended.status_code == 200
    assert ended.json()["status"] == "terminated"
    assert ended.json()["termination_reason"] == "连续两年撂荒"
