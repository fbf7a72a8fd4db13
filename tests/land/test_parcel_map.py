"""The map of parcels on the land dashboard and its feed /api/v1/land/parcels/map: the parcels
with coordinates a user sees, each coloured by its state today (transferred, overdue, not
transferred) with its transferee; those without coordinates counted; another village's
officer sees none of them. The points are read in one query of values, whatever their number."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.access import SYSTEM
from taizhang.land import queries, services
from taizhang.land.models import DuePayment, Parcel
from tests.conftest import client_for
from tests.factories import day_setter, make_household, make_organisation, make_person
from tests.land.factories import clauses, make_contract, make_parcel, village_land

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2023, 6, 1)


def place(parcel: Parcel, latitude: str, longitude: str) -> Parcel:
    return services.update_parcel(
        parcel, by=SYSTEM, latitude=Decimal(latitude), longitude=Decimal(longitude)
    )


@pytest.fixture
def land(district, monkeypatch):
    """西王庄村: H1-1 transferred and paid, H2-1 transferred with its payment overdue, H3-1 not
    transferred, H4-1 without coordinates; 塔儿村: one parcel with coordinates."""
    day_setter(monkeypatch, TODAY)
    h1, h2, h3, h4 = village_land(district.xiwangzhuang, 4)
    for index, parcel in enumerate((h1, h2, h3)):
        place(parcel, f"40.00{index}", f"113.30{index}")
    contract = make_contract(
        district.xiwangzhuang,
        [(h1, "10"), (h2, "10")],
        operator=make_organisation(district.xiwangzhuang, "西王庄高粱合作社"),
    )
    for due in DuePayment.objects.filter(contract=contract, household=h1.household):
        if due.due_on < TODAY:
            services.record_payment(
                due, by=SYSTEM, paid_on=due.due_on, amount_yuan=due.amount_yuan, method="bank"
            )
    taer = make_parcel(make_household(district.taer, "T1"), code="T1-1", name="塔儿村秘密地")
    place(taer, "40.1", "113.4")
    return {"H1-1": h1, "H2-1": h2, "H3-1": h3, "H4-1": h4, "taer": taer}


def map_of(response) -> dict:
    """The map's data as the page gives it to its script (json_script)."""
    found = re.search(
        r'<script id="parcel-map-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "the page has no map data"
    return json.loads(found.group(1))


def test_the_dashboard_maps_a_villages_parcels_by_state_and_counts_those_without(land, people):
    response = client_for(people.xwz_officer).get("/land/dashboard/")
    assert response.status_code == 200
    data = map_of(response)
    points = {point["name"].split()[0]: point for point in data["points"]}
    assert {code: point["state"] for code, point in points.items()} == {
        "H1-1": "transferred",
        "H2-1": "overdue",
        "H3-1": "not_transferred",
    }
    assert points["H1-1"]["value"] == [113.3, 40.0]
    assert points["H1-1"]["transferee"] == "西王庄高粱合作社"
    assert points["H3-1"]["transferee"] == ""
    assert points["H2-1"]["household"] == "H2" and points["H2-1"]["area_mu"] == "10.00"
    assert points["H1-1"]["url"] == land["H1-1"].get_absolute_url()
    page = response.content.decode()
    assert "1 parcel has no coordinates." in page
    assert "塔儿村秘密地" not in page
    assert 'src="/static/land/parcel_map.js"' in page and "<script>" not in page


def test_a_subdistrict_sees_its_villages_parcels_and_can_narrow_to_one(land, people, district):
    client = client_for(people.subdistrict_officer)
    names = {p["name"].split()[0] for p in map_of(client.get("/land/dashboard/"))["points"]}
    assert names == {"H1-1", "H2-1", "H3-1", "T1-1"}
    narrowed = client.get("/land/dashboard/", {"unit": district.taer.pk})
    assert [p["name"] for p in map_of(narrowed)["points"]] == ["T1-1 塔儿村秘密地"]


def test_another_villages_officer_sees_none_of_xiwangzhuangs_parcels(land, people, district):
    client = client_for(people.taer_officer)
    data = map_of(client.get("/land/dashboard/"))
    assert [point["name"] for point in data["points"]] == ["T1-1 塔儿村秘密地"]
    assert "parcels have no coordinates" in client.get("/land/dashboard/").content.decode()
    feed = client.get("/api/v1/land/parcels/map").json()
    assert [feature["properties"]["code"] for feature in feed["features"]] == ["T1-1"]
    assert feed["without_coordinates"] == 0
    refused = client.get("/api/v1/land/parcels/map", {"unit": district.xiwangzhuang.pk})
    assert refused.status_code == 400 and "unit" in refused.content.decode()


def test_the_feed_is_a_geojson_feature_collection_of_points(land, people):
    response = client_for(people.xwz_officer).get("/api/v1/land/parcels/map")
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["without_coordinates"] == 1 and data["truncated"] is False
    features = {feature["properties"]["code"]: feature for feature in data["features"]}
    assert set(features) == {"H1-1", "H2-1", "H3-1"}
    overdue = features["H2-1"]
    assert overdue["type"] == "Feature" and overdue["id"] == land["H2-1"].pk
    assert overdue["geometry"] == {"type": "Point", "coordinates": [113.301, 40.001]}
    assert overdue["properties"]["state"] == "overdue"
    assert overdue["properties"]["household_number"] == "H2"
    assert overdue["properties"]["transferee"] == "西王庄高粱合作社"
    assert features["H3-1"]["properties"]["transferee"] is None


def test_the_feed_needs_a_signed_in_user(land, client):
    assert client.get("/api/v1/land/parcels/map").status_code == 401


def test_a_person_transferee_is_named_and_never_by_an_id_number(district, people, monkeypatch):
    day_setter(monkeypatch, TODAY)
    (parcel,) = village_land(district.xiwangzhuang, 1)
    place(parcel, "40.0", "113.3")
    person = make_person(district.xiwangzhuang, "张三")
    services.create_contract(
        by=SYSTEM,
        unit=district.xiwangzhuang,
        shares=[services.Share(parcel, Decimal("10"))],
        number="HT-P",
        transferee_person=person,
        **clauses(),
    )
    response = client_for(people.xwz_officer).get("/land/dashboard/")
    assert [point["transferee"] for point in map_of(response)["points"]] == ["张三"]
    feed = client_for(people.xwz_officer).get("/api/v1/land/parcels/map").content.decode()
    assert "张三" in feed and person.id_number not in feed
    assert person.id_number not in response.content.decode()


def test_the_points_are_one_query_of_values_however_many_parcels(land, district, people):
    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            found = queries.parcel_map(people.xwz_officer, today=TODAY)
        return len(captured), len(found.points)

    count()  # the user's scope is read once and kept
    few, points = count()
    assert points == 3
    for index, parcel in enumerate(village_land(district.xiwangzhuang, 12, prefix="M")):
        place(parcel, f"40.1{index:02d}", "113.31")
    assert count() == (few, 15)
    with CaptureQueriesContext(connection) as captured:
        queries.parcel_map(None, today=TODAY)
    assert len(captured) == 2  # the points and the count of those without coordinates
