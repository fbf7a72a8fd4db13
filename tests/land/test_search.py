"""Transfer contracts and contracted parcels in the global search, scoped to the searcher."""

import pytest

from tests.conftest import search_hits
from tests.land.factories import make_contract, village_land

pytestmark = pytest.mark.django_db


def hits(user, query: str) -> dict[str, list[str]]:
    return search_hits(user, query, "land")


def test_a_contract_is_found_by_number_or_transferee_and_a_parcel_by_code(district, people):
    parcel, _other = village_land(district.xiwangzhuang, 2, prefix="XG")
    make_contract(district.xiwangzhuang, [(parcel, "10")], number="XWZ-LZ-2022-007")
    assert hits(people.xwz_officer, "LZ-2022") == {"Land transfer contracts": ["XWZ-LZ-2022-007"]}
    assert hits(people.xwz_officer, "测试合作社")["Land transfer contracts"] == ["XWZ-LZ-2022-007"]
    assert hits(people.xwz_officer, "XG1-1")["Contracted parcels"] == [str(parcel)]
    assert hits(people.taer_officer, "LZ-2022") == {}
    assert hits(people.taer_officer, "XG1-1") == {}
