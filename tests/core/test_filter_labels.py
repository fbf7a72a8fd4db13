"""Every list's filter form says 全部 (All) for "any", never 未知 (Unknown) or dashes."""

from __future__ import annotations

import re

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Every page with a filter form, in every module (the test may name them; core may not).
LISTS = [
    "/units/",
    "/audit/",
    "/supervision/",
    "/supervision/scorecard/",
    "/projects/",
    "/projects/plans/?year=2022",
    "/projects/reports/",
    "/projects/warnings/?year=2022",
    "/projects/dashboard/?year=2022",
    "/projects/bulletin/?year=2022",
    "/rectification/",
    "/rectification/dashboard/",
    "/volunteers/",
    "/volunteers/people/",
]


@pytest.mark.parametrize("url", LISTS)
def test_the_filters_offer_all_rather_than_unknown(people, settings, url):
    settings.LANGUAGE_CODE = "zh-hans"
    response = client_for(people.admin).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "未知" not in text
    assert "---------" not in text
    assert re.search(r'<option value=""( selected)?>全部</option>', text)


def test_a_yes_or_no_filter_keeps_its_choice_and_filters(people, district, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = client_for(people.admin)
    text = client.get("/units/?is_demo=true").content.decode()
    assert '<option value="true" selected>是</option>' in text
    assert "塔儿村" not in text.split("</form>")[-1]
    text = client.get("/units/?is_demo=").content.decode()
    assert '<option value="" selected>全部</option>' in text
    assert "塔儿村" in text.split("</form>")[-1]
