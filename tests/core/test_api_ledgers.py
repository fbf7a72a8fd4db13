import io

import pytest

from taizhang.core.models import AuditEntry, Unit
from tests.conftest import client_for
from tests.excel_files import UNIT_HEADERS, read_rows, write_rows

pytestmark = pytest.mark.django_db


def upload(client, path, *, dry_run: bool):
    with path.open("rb") as handle:
        return client.post(
            "/api/v1/ledgers/units/imports",
            {"file": handle, "dry_run": "true" if dry_run else "false"},
        )


def test_the_ledgers_declare_their_columns(people):
    ledgers = client_for(people.admin).get("/api/v1/ledgers").json()
    units = next(ledger for ledger in ledgers if ledger["name"] == "units")
    assert units["can_import"] is True
    assert {"header": "编码", "required": True}.items() <= units["columns"][0].items()
    assert client_for(people.xwz_officer).get("/api/v1/ledgers").json()[0]["can_import"] is False


def test_the_template_and_a_filtered_export_come_as_xlsx(people, district):
    client = client_for(people.admin)
    template = client.get("/api/v1/ledgers/units/template")
    assert read_rows(io.BytesIO(b"".join(template.streaming_content)))[0][:2] == ("编码", "名称")
    export = client.get("/api/v1/ledgers/units/export", {"kind": "village"})
    names = {row[1] for row in read_rows(io.BytesIO(b"".join(export.streaming_content)))[1:]}
    assert names == {"西王庄村", "塔儿村", "古城村"}


def test_an_officer_exports_only_their_subtree(people, district):
    export = client_for(people.xwz_officer).get("/api/v1/ledgers/units/export")
    rows = read_rows(io.BytesIO(b"".join(export.streaming_content)))[1:]
    assert [row[1] for row in rows] == ["西王庄村"]


def test_a_dry_run_reports_bad_rows_and_writes_nothing(people, district, tmp_path):
    path = write_rows(
        tmp_path / "units.xlsx",
        [
            UNIT_HEADERS,
            ["140213002202", "新村", "村", "140213002", "", "", "", ""],
            ["", "无编码村", "村", "140213002", "", "", "", ""],
            ["140213002203", "错类型", "乡", "140213002", "", "", "", ""],
        ],
    )
    audit_before = AuditEntry.objects.count()
    job = upload(client_for(people.admin), path, dry_run=False).json()
    assert job["status"] == "failed" and job["error_count"] == 2
    assert [(error["row"], error["column"]) for error in job["errors"]] == [
        (3, "编码"),
        (4, "类型"),
    ]
    assert not Unit.objects.filter(code="140213002202").exists()
    assert AuditEntry.objects.count() == audit_before
    errors = client_for(people.admin).get(f"/api/v1/imports/{job['id']}/errors")
    assert errors.status_code == 200


def test_an_import_writes_every_row_and_the_job_is_the_owners_alone(people, district, tmp_path):
    path = write_rows(
        tmp_path / "units.xlsx",
        [UNIT_HEADERS, ["140213002202", "新村", "村", "140213002", "", "", "", ""]],
    )
    response = upload(client_for(people.admin), path, dry_run=False)
    assert response.status_code == 202
    job = response.json()
    assert (job["status"], job["created_count"]) == ("succeeded", 1)
    assert Unit.objects.get(code="140213002202").name == "新村"
    assert client_for(people.xwz_officer).get(f"/api/v1/imports/{job['id']}").status_code == 404


def test_officers_may_not_import_units(people, district, tmp_path):
    path = write_rows(tmp_path / "units.xlsx", [UNIT_HEADERS])
    response = upload(client_for(people.xwz_officer), path, dry_run=True)
    assert response.status_code == 403
    assert response.json()["detail"]


def test_an_unknown_ledger_is_404_in_the_error_shape(people):
    response = client_for(people.admin).get("/api/v1/ledgers/nothing/template")
    assert response.status_code == 404
    assert response.json()["detail"]
