"""The land demo (集体经济思路宽, 西谷庄村 2022) and `taizhang stats land`: the seed's figures
come back — a little over 2,000 mu, 600–700 yuan per mu, 80% of the village's households.

The demo is loaded once for the module on the district's, the registry's and the welfare
demos (as `taizhang demo` runs them): each test runs in a savepoint of that load."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from taizhang.core.demo import load_demo_district
from taizhang.core.models import Unit, User
from taizhang.land import demo, queries
from taizhang.land.models import CollectiveIncome, Contract, DuePayment, Parcel
from taizhang.lib import clock
from taizhang.people import demo as people_demo
from taizhang.welfare import demo as welfare_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_district()
        admin = User.objects.get(username="admin")
        people_demo.load(admin)
        welfare_demo.load(admin)
        demo.load(admin)
        yield SimpleNamespace(admin=admin)
        transaction.set_rollback(True)


def stats(*args: str) -> dict:
    out = StringIO()
    call_command("stats", "land", *args, stdout=out)
    return json.loads(out.getvalue())


def test_stats_land_reproduces_the_seed_for_xiguzhuang_in_2022(loaded):
    data = stats("--year", "2022", "--unit", "西谷庄村", "--format", "json")
    assert 2000 <= data["area_mu"] < 2100
    assert data["price_per_mu_min_yuan"] >= 600 and data["price_per_mu_max_yuan"] <= 700
    assert data["benefiting_share"] == 0.80
    assert data["households_transferring"] * 5 == data["households_total"] * 4
    assert data["contracts"] == 8
    assert data["paid_yuan"] > 0 and 0 < data["overdue_yuan"] < data["paid_yuan"] / 5
    for key in (
        "contracts",
        "area_mu",
        "households_transferring",
        "households_total",
        "benefiting_share",
        "price_per_mu_min_yuan",
        "price_per_mu_max_yuan",
        "paid_yuan",
        "overdue_yuan",
    ):
        assert key in data


def test_the_operator_is_an_organisation_of_the_registry(loaded):
    operators = {c.transferee_organisation.name for c in Contract.objects.filter(is_demo=True)}
    assert operators == {demo.OPERATOR}


def test_2022_is_mostly_paid_with_a_few_households_overdue(loaded):
    dues = DuePayment.objects.filter(period_starts_on__year=2022).with_paid()
    unpaid = [due for due in dues if due.paid < due.amount_yuan]
    assert len(unpaid) == demo.UNPAID_2022
    assert dues.count() > 20


def test_the_collective_has_its_2022_income(loaded):
    total = sum(
        CollectiveIncome.objects.filter(received_on__year=2022).values_list(
            "amount_yuan", flat=True
        )
    )
    assert total > Decimal("100000")


def test_text_stats_and_other_years_and_units(loaded):
    out = StringIO()
    call_command("stats", "land", "--year", "2022", "--format", "text", stdout=out)
    assert "2022" in out.getvalue()
    assert stats("--year", "2021", "--unit", "西谷庄村")["contracts"] == 0
    assert stats("--year", "2022", "--unit", "塔儿村")["area_mu"] == 0
    with pytest.raises(CommandError):
        stats("--unit", "没有这个村")


def test_stats_count_what_the_user_sees(loaded):
    assert stats("--year", "2022", "--user", "xiguzhuang")["contracts"] == 8
    assert stats("--year", "2022", "--user", "taer")["contracts"] == 0


def test_running_the_demo_again_changes_nothing(loaded):
    before = (Contract.objects.count(), DuePayment.objects.count())
    demo.load(loaded.admin)
    assert (Contract.objects.count(), DuePayment.objects.count()) == before


def test_the_demo_puts_xiguzhuangs_parcels_on_the_map(loaded):
    unit = Unit.objects.get(name=demo.VILLAGE)
    found = queries.parcel_map(None, today=clock.today(), unit=unit)
    assert len(found.points) > 20 and found.without_coordinates == 1
    assert {point["state"] for point in found.points} == {
        "transferred",
        "overdue",
        "not_transferred",
    }
    for point in found.points:
        assert 39.9 < point["latitude"] < 40.1 and 113.2 < point["longitude"] < 113.4
    assert len({(p["latitude"], p["longitude"]) for p in found.points}) == len(found.points)


def test_running_the_demo_again_keeps_the_coordinates_and_fills_those_missing(loaded):
    parcels = Parcel.objects.filter(is_demo=True, household__unit__name=demo.VILLAGE)
    before = list(parcels.order_by("pk").values_list("pk", "latitude", "longitude", "version"))
    demo.load(loaded.admin)
    assert list(parcels.order_by("pk").values_list("pk", "latitude", "longitude", "version")) == (
        before
    )
    # A demo loaded before the parcels had coordinates gets the same ones.
    parcels.filter(code__startswith="XGZ-0").update(latitude=None, longitude=None)
    demo.load(loaded.admin)
    again = parcels.order_by("pk").values_list("pk", "latitude", "longitude")
    assert list(again) == [(pk, lat, lon) for pk, lat, lon, _version in before]
