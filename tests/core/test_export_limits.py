"""Ledger exports above TAIZHANG_EXPORT_MAX_ROWS are refused with a message that gives the
count, the limit and what to do: a 400 page in the shell, a 400 in the API's error shape, a
CLI error; never a 500 and never a half-written file."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import client_for

MESSAGE = "8 rows match, more than the 2 one export may have. Narrow the filter"


@pytest.fixture
def small_limit(settings):
    settings.TAIZHANG_EXPORT_MAX_ROWS = 2


@pytest.mark.django_db
class TestExportLimit:
    def test_the_page_refuses_with_a_400_page_in_the_shell(self, district, as_admin, small_limit):
        response = as_admin.get(reverse("ledger-export", args=["units"]))
        assert response.status_code == 400
        page = response.content.decode()
        assert MESSAGE in page
        assert "<nav" in page and "the export was refused" in page

    def test_a_narrower_filter_exports(self, district, as_admin, small_limit):
        response = as_admin.get(reverse("ledger-export", args=["units"]), {"q": "塔儿"})
        assert response.status_code == 200

    def test_the_limit_counts_what_the_person_may_read(self, district, as_xwz, small_limit):
        assert as_xwz.get(reverse("ledger-export", args=["units"])).status_code == 200

    def test_the_api_refuses_in_its_error_shape(self, district, people, small_limit):
        response = client_for(people.admin).get("/api/v1/ledgers/units/export")
        assert response.status_code == 400
        assert MESSAGE in response.json()["detail"]

    def test_the_command_refuses_and_writes_no_file(self, district, people, small_limit, tmp_path):
        path = tmp_path / "units.xlsx"
        with pytest.raises(CommandError, match=MESSAGE):
            call_command("export", "units", str(path), stdout=io.StringIO())
        assert not path.exists()

    def test_invalid_filters_are_a_400_page_naming_the_field(self, district, as_admin):
        response = as_admin.get(reverse("ledger-export", args=["units"]), {"kind": "castle"})
        assert response.status_code == 400
        assert "kind:" in response.content.decode()

    def test_the_api_names_the_invalid_filter(self, district, people):
        response = client_for(people.admin).get("/api/v1/ledgers/units/export", {"kind": "x"})
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "kind"
