"""The Excel pages: template, export of the filtered list, upload, job page and progress."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from taizhang.core import imports
from taizhang.core.models import ImportJob, ImportStatus, Unit
from tests.conftest import client_for
from tests.excel_files import UNIT_HEADERS, read_rows, write_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def body(response) -> io.BytesIO:
    return io.BytesIO(b"".join(response.streaming_content))


def export(client, **params):
    response = client.get(reverse("ledger-export", args=["units"]), params)
    assert response.status_code == 200
    return read_rows(body(response))


def upload(client, path, *, dry_run=False):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("ledger-import", args=["units"]), data)


@pytest.mark.django_db
class TestTemplate:
    def test_it_needs_a_signed_in_user(self, client):
        response = client.get(reverse("ledger-template", args=["units"]))
        assert response.status_code == 302

    def test_it_has_the_ledger_headers_and_notes(self, as_admin):
        response = as_admin.get(reverse("ledger-template", args=["units"]))
        assert response["Content-Type"] == XLSX
        book = openpyxl.load_workbook(body(response))
        assert [cell.value for cell in book.worksheets[0][1]] == [
            *UNIT_HEADERS,
            "演示数据",
            "启用",
            "别名",
        ]
        notes = list(book.worksheets[1].iter_rows(values_only=True))
        assert [row[0] for row in notes[1:]] == [*UNIT_HEADERS, "演示数据", "启用", "别名"]
        assert "街道" in notes[3][3]

    def test_an_unknown_ledger_is_not_found(self, as_admin):
        assert as_admin.get(reverse("ledger-template", args=["nope"])).status_code == 404


@pytest.mark.django_db
class TestExport:
    def test_it_exports_exactly_the_filtered_list(self, district, as_admin):
        rows = export(as_admin, kind="village")
        assert rows[0][:4] == ("编码", "名称", "类型", "上级编码")
        assert sorted(row[1] for row in rows[1:]) == ["古城村", "塔儿村", "西王庄村"]
        assert {row[2] for row in rows[1:]} == {"村"}
        assert [row[1] for row in export(as_admin, q="塔儿")[1:]] == ["塔儿村"]

    def test_it_writes_parents_by_code_so_the_file_imports_back(self, district, as_admin):
        rows = {row[0]: row for row in export(as_admin)[1:]}
        assert rows["140213001204"][3] == "140213001"
        assert rows["140213"][3] is None
        assert rows["140213001204"][8:10] == ("否", "是")

    def test_an_officer_exports_only_their_subtree(self, district, as_xwz):
        assert [row[1] for row in export(as_xwz)[1:]] == ["西王庄村"]

    def test_an_auditor_exports_no_units(self, district, people):
        assert export(client_for(people.auditor))[1:] == []

    def test_formula_like_values_come_out_as_text(self, district, as_admin):
        Unit.objects.filter(pk=district.taer.pk).update(
            name='=HYPERLINK("http://evil.example","点我")', address="@SUM(A1)"
        )
        response = as_admin.get(reverse("ledger-export", args=["units"]), {"q": "140213001204"})
        sheet = openpyxl.load_workbook(body(response)).active
        name, address = sheet["B2"], sheet["E2"]
        assert (name.data_type, address.data_type) == ("s", "s")
        assert name.value == '\'=HYPERLINK("http://evil.example","点我")'
        assert address.value == "'@SUM(A1)"

    def test_invalid_filters_are_a_bad_request(self, district, as_admin):
        response = as_admin.get(reverse("ledger-export", args=["units"]), {"kind": "castle"})
        assert response.status_code == 400


@pytest.mark.django_db
class TestUpload:
    def test_officers_may_not_open_or_post_the_import(self, district, as_xwz, tmp_path):
        url = reverse("ledger-import", args=["units"])
        assert as_xwz.get(url).status_code == 403
        path = write_rows(tmp_path / "u.xlsx", [UNIT_HEADERS, ["1402139", "x", "村"]])
        assert upload(as_xwz, path).status_code == 403
        assert not ImportJob.objects.exists()

    def test_a_renamed_text_file_is_refused_with_a_clear_message(
        self, district, as_admin, tmp_path
    ):
        path = tmp_path / "units.xlsx"
        path.write_text("编码,名称,类型\n1,甲,村\n", encoding="utf-8")
        response = upload(as_admin, path)
        assert response.status_code == 200
        assert "not an Excel workbook" in response.content.decode()
        assert not ImportJob.objects.exists()

    def test_a_good_file_imports_and_the_job_page_shows_the_result(
        self, district, as_admin, tmp_path
    ):
        path = write_rows(
            tmp_path / "u.xlsx", [UNIT_HEADERS, ["140213007", "新街道", "街道", "140213"]]
        )
        response = upload(as_admin, path)
        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("import-job", args=[job.pk])
        assert job.status == ImportStatus.SUCCEEDED
        assert Unit.objects.filter(code="140213007").exists()
        page = as_admin.get(response.url).content.decode()
        assert "u.xlsx" in page and "hx-trigger" not in page

    def test_a_bad_file_lists_its_rows_on_the_page_and_offers_the_error_copy(
        self, district, as_admin, tmp_path
    ):
        path = write_rows(
            tmp_path / "u.xlsx",
            [["标题"], UNIT_HEADERS, ["140213008", "", "街道"], ["140213009", "街", "城"]],
        )
        response = upload(as_admin, path, dry_run=True)
        job = ImportJob.objects.get()
        assert job.dry_run and job.status == ImportStatus.FAILED
        page = as_admin.get(response.url).content.decode()
        assert "<td>3</td><td>名称</td>" in page
        assert "<td>4</td><td>类型</td>" in page
        errors_url = reverse("import-job-errors", args=[job.pk])
        assert errors_url in page
        copy = read_rows(body(as_admin.get(errors_url)))
        assert "[名称]" in copy[2][-1] and "[类型]" in copy[3][-1]


def running_job(user) -> ImportJob:
    job = ImportJob.objects.create(
        ledger="units", user=user, file_name="big.xlsx", status=ImportStatus.RUNNING
    )
    imports.progress_path(job).write_text(
        json.dumps({"processed": 400, "total": 1000, "phase": "checking"})
    )
    return job


@pytest.mark.django_db
class TestJobPages:
    def test_a_running_job_polls_its_progress_bar(self, people, as_admin):
        job = running_job(people.admin)
        partial = as_admin.get(reverse("import-job-progress", args=[job.pk])).content.decode()
        assert 'hx-trigger="every 1s"' in partial
        assert '<progress value="400" max="1000">' in partial
        page = as_admin.get(reverse("import-job", args=[job.pk])).content.decode()
        assert '<progress value="400" max="1000">' in page

    def test_a_finished_job_stops_polling_and_reloads_the_page(self, people, as_admin):
        job = running_job(people.admin)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.SUCCEEDED)
        url = reverse("import-job-progress", args=[job.pk])
        response = as_admin.get(url, headers={"HX-Request": "true"})
        assert "hx-trigger" not in response.content.decode()
        assert response["HX-Refresh"] == "true"

    def test_people_see_only_their_own_jobs_and_administrators_all(self, people):
        job = running_job(people.subdistrict_officer)
        for name in ("import-job", "import-job-progress", "import-job-errors"):
            url = reverse(name, args=[job.pk])
            assert client_for(people.taer_officer).get(url).status_code == 404
        url = reverse("import-job", args=[job.pk])
        assert client_for(people.subdistrict_officer).get(url).status_code == 200
        assert client_for(people.admin).get(url).status_code == 200

    def test_job_pages_need_a_signed_in_user(self, people, client):
        job = running_job(people.admin)
        assert client.get(reverse("import-job", args=[job.pk])).status_code == 302
