"""Prices in kind (实物折价, converted at the year's price of the goods) and dividends with a
floor and a cap (保底分红): the schedule pays the reference price or the floor, and the year's
price or dividend converts what is due and not yet paid."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from taizhang.land import services
from taizhang.land.models import ContractKind, DuePayment, PriceBasis
from tests.factories import day_setter
from tests.land.factories import make_contract, village_land

pytestmark = pytest.mark.django_db


def amounts(contract, year):
    return sorted(
        DuePayment.objects.filter(contract=contract, period_starts_on__year=year).values_list(
            "amount_yuan", flat=True
        )
    )


def test_a_price_in_kind_is_converted_at_the_years_price_nearest_the_village(
    district, people, monkeypatch
):
    day_setter(monkeypatch, datetime.date(2023, 4, 1))
    parcels = village_land(district.xiwangzhuang, 2)
    contract = make_contract(
        district.xiwangzhuang,
        [(parcels[0], "10"), (parcels[1], "5")],
        price_basis=PriceBasis.IN_KIND,
        kind_goods="小麦",
        kind_kg_per_mu=Decimal("250"),
        price_per_mu_yuan=Decimal("600"),  # 250 kg at 2.40 yuan when signed
    )
    assert amounts(contract, 2023) == [Decimal("3000.00"), Decimal("6000.00")]
    # The township's price, then the village's own, which wins.
    services.set_kind_price(
        by=people.subdistrict_officer,
        unit=district.xiaonantou,
        goods="小麦",
        year=2023,
        yuan_per_kg=Decimal("2.6"),
    )
    assert amounts(contract, 2023) == [Decimal("3250.00"), Decimal("6500.00")]
    services.set_kind_price(
        by=people.xwz_officer,
        unit=district.xiwangzhuang,
        goods="小麦",
        year=2023,
        yuan_per_kg=Decimal("2.8"),
    )
    assert amounts(contract, 2023) == [Decimal("3500.00"), Decimal("7000.00")]
    services.set_kind_price(
        by=people.subdistrict_officer,
        unit=district.xiaonantou,
        goods="小麦",
        year=2023,
        yuan_per_kg=Decimal("2.2"),
    )
    assert amounts(contract, 2023) == [Decimal("3500.00"), Decimal("7000.00")]
    assert amounts(contract, 2022) == [Decimal("3000.00"), Decimal("6000.00")]  # paid or not
    with pytest.raises(ValidationError, match="goods and the kg per mu"):
        make_contract(
            district.xiwangzhuang,
            [(village_land(district.xiwangzhuang, 1, prefix="K")[0], "1")],
            number="HT-K",
            price_basis=PriceBasis.IN_KIND,
            kind_goods="小麦",
        )


def test_a_dividend_is_paid_within_its_floor_and_cap(district, people, monkeypatch):
    day_setter(monkeypatch, datetime.date(2023, 4, 1))
    (parcel,) = village_land(district.xiwangzhuang, 1)
    contract = make_contract(
        district.xiwangzhuang,
        [(parcel, "10")],
        kind=ContractKind.SHARES,
        price_basis=PriceBasis.DIVIDEND,
        dividend_floor_yuan=Decimal("500"),
        dividend_cap_yuan=Decimal("900"),
        price_per_mu_yuan=Decimal("0"),
    )
    assert amounts(contract, 2022) == [Decimal("5000.00")]  # the floor until declared
    paid = services.declare_dividend(
        contract, by=people.xwz_officer, year=2022, yuan_per_mu=Decimal("1200")
    )
    assert paid == Decimal("900") and amounts(contract, 2022) == [Decimal("9000.00")]
    services.declare_dividend(
        contract, by=people.xwz_officer, year=2022, yuan_per_mu=Decimal("300")
    )
    assert amounts(contract, 2022) == [Decimal("5000.00")]
    services.declare_dividend(
        contract, by=people.xwz_officer, year=2022, yuan_per_mu=Decimal("720")
    )
    assert amounts(contract, 2022) == [Decimal("7200.00")]
    due = DuePayment.objects.get(contract=contract, period_starts_on__year=2022)
    services.record_payment(
        due, by=people.xwz_officer, paid_on=datetime.date(2023, 3, 1),
        amount_yuan=Decimal("7200"), method="bank",
    )  # fmt: skip
    services.declare_dividend(
        contract, by=people.xwz_officer, year=2022, yuan_per_mu=Decimal("800")
    )
    assert amounts(contract, 2022) == [Decimal("7200.00")]  # what is paid is not changed
    with pytest.raises(ValidationError, match="No contract year"):
        services.declare_dividend(
            contract, by=people.xwz_officer, year=2030, yuan_per_mu=Decimal("800")
        )


def test_a_dividend_needs_shares_and_a_cap_not_below_its_floor(district):
    parcels = village_land(district.xiwangzhuang, 2)
    with pytest.raises(ValidationError, match="shares"):
        make_contract(
            district.xiwangzhuang,
            [(parcels[0], "1")],
            price_basis=PriceBasis.DIVIDEND,
            dividend_floor_yuan=Decimal("500"),
            dividend_cap_yuan=Decimal("900"),
        )
    with pytest.raises(ValidationError, match="cap not below the floor"):
        make_contract(
            district.xiwangzhuang,
            [(parcels[1], "1")],
            kind=ContractKind.SHARES,
            price_basis=PriceBasis.DIVIDEND,
            dividend_floor_yuan=Decimal("900"),
            dividend_cap_yuan=Decimal("500"),
        )
    assert not DuePayment.objects.exists()


def test_another_villages_officer_may_not_declare_or_set_prices(district, people):
    from django.core.exceptions import PermissionDenied

    (parcel,) = village_land(district.xiwangzhuang, 1)
    contract = make_contract(
        district.xiwangzhuang,
        [(parcel, "10")],
        kind=ContractKind.SHARES,
        price_basis=PriceBasis.DIVIDEND,
        dividend_floor_yuan=Decimal("500"),
        dividend_cap_yuan=Decimal("900"),
    )
    with pytest.raises(PermissionDenied):
        services.declare_dividend(
            contract, by=people.taer_officer, year=2022, yuan_per_mu=Decimal("800")
        )
    with pytest.raises(PermissionDenied):
        services.set_kind_price(
            by=people.taer_officer,
            unit=district.xiwangzhuang,
            goods="小麦",
            year=2022,
            yuan_per_kg=Decimal("2"),
        )


def test_the_pages_and_the_api_declare_a_dividend_and_set_a_price_in_kind(
    district, people, monkeypatch
):
    from tests.conftest import client_for

    day_setter(monkeypatch, datetime.date(2023, 4, 1))
    parcels = village_land(district.xiwangzhuang, 2)
    shares = make_contract(
        district.xiwangzhuang,
        [(parcels[0], "10")],
        kind=ContractKind.SHARES,
        price_basis=PriceBasis.DIVIDEND,
        dividend_floor_yuan=Decimal("500"),
        dividend_cap_yuan=Decimal("900"),
    )
    wheat = make_contract(
        district.xiwangzhuang,
        [(parcels[1], "10")],
        number="HT-W",
        price_basis=PriceBasis.IN_KIND,
        kind_goods="小麦",
        kind_kg_per_mu=Decimal("250"),
    )
    client = client_for(people.xwz_officer)
    assert 'data-action="dividend"' in client.get(shares.get_absolute_url()).content.decode()
    url = f"/land/contracts/{shares.pk}/dividend/"
    assert client.post(url, {"year": "2022", "yuan_per_mu": "650"}).status_code == 302
    assert amounts(shares, 2022) == [Decimal("6500.00")]
    api = client.post(
        f"/api/v1/land/contracts/{shares.pk}/dividends",
        {"year": 2023, "yuan_per_mu": "1000"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["paid_yuan_per_mu"] == "900.00"
    assert amounts(shares, 2023) == [Decimal("9000.00")]
    other = client_for(people.taer_officer)
    assert other.post(url, {"year": "2022", "yuan_per_mu": "1"}).status_code == 404
    response = client.post(
        "/land/kind-prices/",
        {"unit": district.xiwangzhuang.pk, "goods": "小麦", "year": "2022", "yuan_per_kg": "2.8"},
    )
    assert response.status_code == 302
    assert amounts(wheat, 2022) == [Decimal("7000.00")]
    assert "小麦" in client.get("/land/kind-prices/").content.decode()
    assert "小麦" not in other.get("/land/kind-prices/").content.decode()
    refused = other.post(
        "/api/v1/land/kind-prices",
        {"unit_id": district.xiwangzhuang.pk, "goods": "小麦", "year": 2022, "yuan_per_kg": "9"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and amounts(wheat, 2022) == [Decimal("7000.00")]
    assert client_for(people.leader).post("/land/kind-prices/", {}).status_code == 403
