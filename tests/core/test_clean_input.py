"""A control character in any text (pasted from another system, sent by a script) is removed
at input — forms, the API, intake — and text stored before that never breaks an export."""

import pytest

from taizhang.core.models import Unit
from taizhang.intake.reading import check_text
from tests.conftest import client_for
from tests.core.test_import_views import export

pytestmark = pytest.mark.django_db


def test_a_form_stores_text_without_control_characters(people, district):
    client = client_for(people.xwz_officer)
    response = client.post(
        f"/units/{district.xiwangzhuang.pk}/edit/", {"address": "西王庄\x01村委会\x7f\tA栋"}
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=district.xiwangzhuang.pk).address == "西王庄村委会\tA栋"


def test_the_api_stores_json_text_without_control_characters(people, district):
    client = client_for(people.xwz_officer)
    response = client.patch(
        f"/api/v1/units/{district.xiwangzhuang.pk}",
        {"address": "西王庄\u0001村委会\u009f", "reason": "\u0000改地址"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["address"] == "西王庄村委会"
    assert Unit.objects.get(pk=district.xiwangzhuang.pk).address == "西王庄村委会"


def test_a_search_query_with_control_characters_is_cleaned_too(people, district):
    response = client_for(people.admin).get("/units/", {"q": "西王\x00庄"})
    assert response.status_code == 200
    assert "西王庄村" in response.content.decode()


def test_text_stored_with_control_characters_still_exports(people, district, as_admin):
    Unit.objects.filter(pk=district.taer.pk).update(address="塔儿\x0b村\x1f委会")
    rows = {row[0]: row for row in export(as_admin)[1:]}
    assert rows[district.taer.code][4] == "塔儿村委会"


def test_a_pasted_report_loses_its_control_characters():
    assert check_text("平城区\x0c建设项目\x00共有223个。") == "平城区建设项目共有223个。"
