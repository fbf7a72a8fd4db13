"""The payment schedule of a contract, payments against it, and what is overdue or ending on
the workbench, with the clock set."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from taizhang.core.workbench import collect
from taizhang.land import services
from taizhang.land.models import DuePayment, Payment
from tests.factories import day_setter, make_household
from tests.land.factories import make_contract, make_parcel, village_land

pytestmark = pytest.mark.django_db


def test_the_schedule_pays_each_household_by_its_share_of_the_area(district):
    first, second = village_land(district.xiwangzhuang)
    contract = make_contract(district.xiwangzhuang, [(first, "10"), (second, "5")])
    dues = list(DuePayment.objects.filter(contract=contract).order_by("due_on", "area_mu"))
    # Three contract years of two households: first on signing, then every 1 March.
    assert [(d.due_on, d.area_mu, d.amount_yuan) for d in dues] == [
        (datetime.date(2022, 2, 20), Decimal("5.00"), Decimal("3000.00")),
        (datetime.date(2022, 2, 20), Decimal("10.00"), Decimal("6000.00")),
        (datetime.date(2023, 3, 1), Decimal("5.00"), Decimal("3000.00")),
        (datetime.date(2023, 3, 1), Decimal("10.00"), Decimal("6000.00")),
        (datetime.date(2024, 3, 1), Decimal("5.00"), Decimal("3000.00")),
        (datetime.date(2024, 3, 1), Decimal("10.00"), Decimal("6000.00")),
    ]
    assert {d.household_id for d in dues} == {first.household_id, second.household_id}


def test_a_stepped_price_rises_and_a_short_last_year_pays_its_share_of_days(district):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    contract = make_contract(
        district.xiwangzhuang,
        [(parcel, "10")],
        step_every_years=2,
        step_percent=Decimal("10"),
        ends_on=datetime.date(2024, 8, 31),
    )
    amounts = list(
        DuePayment.objects.filter(contract=contract)
        .order_by("due_on")
        .values_list("amount_yuan", flat=True)
    )
    # 6,000 a year, 6,600 from the third year, which runs 184 of its 365 days.
    assert amounts == [Decimal("6000.00"), Decimal("6000.00"), Decimal("3327.12")]


def test_a_payment_is_recorded_and_one_above_what_is_due_needs_a_note(
    district, people, monkeypatch
):
    day_setter(monkeypatch, datetime.date(2022, 3, 10))
    (parcel,) = village_land(district.xiwangzhuang, 1)
    contract = make_contract(district.xiwangzhuang, [(parcel, "10")])
    due = DuePayment.objects.filter(contract=contract).order_by("due_on").first()
    services.record_payment(
        due,
        by=people.xwz_officer,
        paid_on=datetime.date(2022, 3, 1),
        amount_yuan=Decimal("5000"),
        method="bank",
        receipt="R-1",
    )
    with pytest.raises(ValidationError, match="say why in the note"):
        services.record_payment(
            due,
            by=people.xwz_officer,
            paid_on=datetime.date(2022, 3, 2),
            amount_yuan=Decimal("1000.01"),
            method="cash",
        )
    assert Payment.objects.count() == 1
    services.record_payment(
        due,
        by=people.xwz_officer,
        paid_on=datetime.date(2022, 3, 2),
        amount_yuan=Decimal("1100"),
        method="cash",
        note="含逾期违约金",
    )
    assert DuePayment.objects.with_paid().get(pk=due.pk).paid == Decimal("6100.00")


def test_a_payment_in_future_is_refused(district, people, monkeypatch):
    day_setter(monkeypatch, datetime.date(2022, 3, 10))
    (parcel,) = village_land(district.xiwangzhuang, 1)
    due = DuePayment.objects.filter(
        contract=make_contract(district.xiwangzhuang, [(parcel, "10")])
    ).first()
    with pytest.raises(ValidationError):
        services.record_payment(
            due,
            by=people.xwz_officer,
            paid_on=datetime.date(2022, 3, 11),
            amount_yuan=Decimal("10"),
            method="cash",
        )
    assert not Payment.objects.exists()


def kinds(user, day):
    """The land module's batches on the user's workbench that day."""
    return {group.kind: group for group in collect(user, day, module="land").groups}


def test_overdue_payments_reach_the_workbench_of_the_village_and_the_subdistrict(
    district, people, monkeypatch
):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    make_contract(district.xiwangzhuang, [(parcel, "10")])
    set_day = day_setter(monkeypatch, datetime.date(2022, 2, 20))
    assert "land_overdue" not in kinds(people.xwz_officer, set_day(datetime.date(2022, 2, 20)))
    day = set_day(datetime.date(2022, 2, 21))
    for officer in (people.xwz_officer, people.subdistrict_officer):
        batch = kinds(officer, day)["land_overdue"]
        assert batch.total == 1 and batch.items[0].url.endswith("/pay/")
    assert "land_overdue" not in kinds(people.taer_officer, day)


def test_contracts_ending_within_90_days_reach_the_workbench(district, people, monkeypatch):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    contract = make_contract(district.xiwangzhuang, [(parcel, "10")])
    set_day = day_setter(monkeypatch, datetime.date(2024, 11, 29))
    assert "land_expiring" not in kinds(people.xwz_officer, set_day(datetime.date(2024, 11, 29)))
    batch = kinds(people.xwz_officer, set_day(datetime.date(2024, 11, 30)))["land_expiring"]
    assert [item.title for item in batch.items] == [contract.number]
    assert "land_expiring" not in kinds(people.taer_officer, datetime.date(2024, 11, 30))


def test_a_payment_overdue_more_than_a_season_puts_the_contract_on_the_risk_list(district):
    from taizhang.land.models import Contract
    from taizhang.land.queries import risks

    household = make_household(district.xiwangzhuang, "R1")
    contract = make_contract(district.xiwangzhuang, [(make_parcel(household), "10")])
    contracts = Contract.objects.all()
    assert list(risks(contracts, today=datetime.date(2022, 5, 21))) == []
    assert list(risks(contracts, today=datetime.date(2022, 5, 23))) == [contract]
    services.record_observation(contract, by=None, use_changed=True, abandoned=False)
    assert list(risks(contracts, today=datetime.date(2022, 3, 1))) == [contract]
