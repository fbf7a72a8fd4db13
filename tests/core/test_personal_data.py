"""Personal data never shows in full to a reader whose role does not need it: every page and
API route (lists, records, history, the audit log, exports, search, print views) walked as a
leader, who reads everything and writes nothing, with 塔儿村's records — the unit's contact
phone and a case subject's phone and contact person (core/personal.py)."""

import pytest

from tests import walker
from tests.conftest import client_for
from tests.core.test_scoping_walker import foreign_records  # noqa: F401 (a fixture)

PHONE = "13912345678"  # 塔儿村's contact phone and the walker case's subject phone


def unchanged():
    return None


@pytest.mark.django_db
def test_a_leader_reads_no_full_phone_number_on_any_page_or_endpoint(
    district,
    people,
    foreign_records,  # noqa: F811
):
    result = walker.walk(
        client_for(people.leader), foreign_records, [PHONE], unchanged, methods=("get",)
    )
    assert len(result.urls) > 40
    assert result.leaks == []


@pytest.mark.django_db
def test_the_walk_finds_the_number_where_it_may_show(district, people, foreign_records):  # noqa: F811
    """Not blind: 塔儿村's own officer, who writes for it, reads the number in full."""
    result = walker.walk(
        client_for(people.taer_officer), foreign_records, [PHONE], unchanged, methods=("get",)
    )
    shown = {leak.url for leak in result.leaks}
    assert f"/units/{district.taer.pk}/" in shown
    assert f"/api/v1/units/{district.taer.pk}" in shown
