"""Ledger exports and personal data (core/personal.py, core/exports.py): masked for everyone
by default; in full only on request, with a reason, for those who may reveal it for every row,
each such export recorded once — the page, the API and `taizhang export`."""

import io

import pytest
from django.core.management import CommandError, call_command

from taizhang.core import access
from taizhang.core.models import PersonalDataAccess, Unit
from taizhang.rectification.models import Case
from tests.conftest import client_for
from tests.excel_files import read_rows

pytestmark = pytest.mark.django_db

PHONE = "13912345678"  # 塔儿村's contact phone
MASKED = "139****5678"
FULL_PAGE = "/ledgers/units/export-full/"
FULL_API = "/api/v1/ledgers/units/export/full"


def phones(response) -> set:
    content = b"".join(response.streaming_content)
    rows = read_rows(io.BytesIO(content))
    column = rows[0].index("联系电话")
    return {row[column] for row in rows[1:] if row[column]}


@pytest.mark.parametrize("persona", ["taer_officer", "admin", "leader"])
def test_an_ordinary_export_masks_the_phone_for_everyone(district, people, persona):
    client = client_for(getattr(people, persona))
    assert phones(client.get("/ledgers/units/export.xlsx")) == {MASKED}
    assert phones(client.get("/api/v1/ledgers/units/export")) == {MASKED}


def test_the_page_asks_the_reason_then_exports_in_full_and_records_it(district, people):
    client = client_for(people.taer_officer)
    form = client.get(FULL_PAGE)
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    assert not PersonalDataAccess.objects.exists()
    response = client.post(FULL_PAGE, {"reason": "入户核查"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert phones(response) == {PHONE}
    logged = PersonalDataAccess.objects.get()
    assert (logged.user, logged.kind, logged.reason) == (people.taer_officer, "export", "入户核查")
    assert (logged.ledger, logged.row_count, logged.fields) == ("units", 1, ["contact_phone"])
    assert logged.ip == "127.0.0.1"


def test_the_filters_apply_to_the_full_export_and_its_row_count(district, people):
    client = client_for(people.admin)
    response = client.post(f"{FULL_PAGE}?kind=village", {"reason": "核对"})
    assert phones(response) == {PHONE}
    assert PersonalDataAccess.objects.get().row_count == 3  # 西王庄村, 塔儿村, 古城村


def test_without_a_reason_nothing_is_exported_nor_recorded(district, people):
    response = client_for(people.taer_officer).post(FULL_PAGE, {"reason": " "})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "auditor", "nobody"])
def test_those_who_may_not_reveal_are_forbidden(district, people, persona):
    client = client_for(getattr(people, persona))
    assert client.get(FULL_PAGE).status_code == 403
    assert client.post(FULL_PAGE, {"reason": "看看"}).status_code == 403
    response = client.post(FULL_API, {"reason": "看看"}, content_type="application/json")
    assert response.status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_a_ledger_without_personal_data_has_no_full_export(district, people):
    assert client_for(people.admin).get("/ledgers/projects/export-full/").status_code == 404


def test_the_list_page_offers_it_to_those_who_may_only(district, people):
    assert FULL_PAGE in client_for(people.taer_officer).get("/units/").content.decode()
    assert FULL_PAGE not in client_for(people.leader).get("/units/").content.decode()


def test_a_unit_writer_may_not_export_records_other_units_also_read(district, people):
    """A case is read by both its sides: a unit officer's export may hold cases they only
    read, so only district writers export cases in full."""
    assert access.may_export_personal_data(people.taer_officer, Unit)
    assert not access.may_export_personal_data(people.taer_officer, Case)
    assert access.may_export_personal_data(people.office, Case)
    assert not access.may_export_personal_data(people.leader, Unit)


class TestApi:
    def test_it_exports_in_full_and_records_it(self, district, people):
        client = client_for(people.taer_officer)
        response = client.post(FULL_API, {"reason": "入户核查"}, content_type="application/json")
        assert response.status_code == 200
        assert phones(response) == {PHONE}
        logged = PersonalDataAccess.objects.get()
        assert (logged.kind, logged.ledger, logged.row_count) == ("export", "units", 1)

    @pytest.mark.parametrize("body", [{}, {"reason": ""}])
    def test_without_a_reason_it_is_422(self, district, people, body):
        response = client_for(people.admin).post(FULL_API, body, content_type="application/json")
        assert response.status_code == 422
        assert not PersonalDataAccess.objects.exists()

    def test_a_ledger_without_personal_data_is_404(self, district, people):
        response = client_for(people.admin).post(
            "/api/v1/ledgers/projects/export/full", {"reason": "x"}, content_type="application/json"
        )
        assert response.status_code == 404


class TestCommand:
    def export(self, path, *args):
        call_command("export", "units", str(path), *args, stdout=io.StringIO())
        with path.open("rb") as handle:
            rows = read_rows(handle)
        column = rows[0].index("联系电话")
        return {row[column] for row in rows[1:] if row[column]}

    def test_it_masks_by_default(self, district, people, tmp_path):
        assert self.export(tmp_path / "units.xlsx") == {MASKED}
        assert not PersonalDataAccess.objects.exists()

    def test_with_the_flag_and_a_reason_it_writes_in_full_recorded_as_the_system(
        self, district, people, tmp_path
    ):
        path = tmp_path / "units.xlsx"
        assert self.export(path, "--full-personal-data", "--reason", "年度核对") == {PHONE}
        logged = PersonalDataAccess.objects.get()
        assert (logged.user, logged.user_name, logged.kind) == (None, "system", "cli")
        assert (logged.reason, logged.ledger, logged.row_count) == ("年度核对", "units", 8)

    def test_without_a_reason_it_refuses_and_writes_nothing(self, district, people, tmp_path):
        path = tmp_path / "units.xlsx"
        with pytest.raises(CommandError):
            self.export(path, "--full-personal-data")
        assert not path.exists()
        assert not PersonalDataAccess.objects.exists()

    def test_a_masked_export_imported_back_keeps_the_stored_phone(self, district, people, tmp_path):
        path = tmp_path / "units.xlsx"
        self.export(path)
        output = io.StringIO()
        call_command("import", "units", str(path), stdout=output)
        assert "0 changed" in output.getvalue()
        assert Unit.objects.get(pk=district.taer.pk).contact_phone == PHONE
