"""Personal data never shows in full on an ordinary surface, to anyone: every page and API
route (lists, records, history, the audit log, exports, search, print views, stale-edit and
form pages) walked as a leader, who reads everything and writes nothing, as 塔儿村's own
officer and as the district administrator, who both write it, with 塔儿村's records — the
unit's contact phone and a case subject's phone (core/personal.py). Seeing it in full is the
explicit reveal (test_personal_reveal.py)."""

import pytest

from tests import walker
from tests.conftest import client_for
from tests.core.test_scoping_walker import foreign_records  # noqa: F401 (a fixture)

PHONE = "13912345678"  # 塔儿村's contact phone and the walker case's subject phone
MASKED = "139****5678"


def unchanged():
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "taer_officer", "admin"])
def test_no_reader_reads_a_full_phone_number_on_any_page_or_endpoint(
    district,
    people,
    foreign_records,  # noqa: F811
    persona,
):
    client = client_for(getattr(people, persona))
    result = walker.walk(client, foreign_records, [PHONE], unchanged, methods=("get",))
    assert len(result.urls) > 40
    assert result.leaks == []


@pytest.mark.django_db
def test_the_walk_finds_the_masked_number_where_it_shows(district, people, foreign_records):  # noqa: F811
    """Not blind: the same walk finds the masked number on the unit's page and endpoint."""
    result = walker.walk(
        client_for(people.taer_officer), foreign_records, [MASKED], unchanged, methods=("get",)
    )
    shown = {leak.url for leak in result.leaks}
    assert f"/units/{district.taer.pk}/" in shown
    assert f"/api/v1/units/{district.taer.pk}" in shown
