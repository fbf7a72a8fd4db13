"""Party organisations and action projects in the global search, scoped to the searcher."""

import pytest

from taizhang.core.access import SYSTEM
from taizhang.party.models import Area
from taizhang.party.services import projects
from tests.conftest import search_hits

pytestmark = pytest.mark.django_db


def hits(user, query: str) -> dict[str, list[str]]:
    return search_hits(user, query, "party")


def test_an_organisation_and_a_project_are_found_where_the_searcher_reads_them(
    party, people, district
):
    projects.create_project(
        by=SYSTEM,
        year=2022,
        title="梨园水乡综合体",
        area=Area.COLLECTIVE_ECONOMY,
        lead_unit=district.xiwangzhuang,
        party_org=party.xwz,
        responsible="王书记",
    )
    assert hits(people.xwz_officer, "梨园") == {"Action projects": ["梨园水乡综合体"]}
    assert hits(people.taer_officer, "梨园") == {}
    found = hits(people.leader, party.xwz.name[:3])
    assert party.xwz.name in found["Party organisations"]
    assert party.xwz.name not in hits(people.taer_officer, party.xwz.name).get(
        "Party organisations", []
    )
