"""月度进度 in Excel: reports import as submitted, bad rows are refused with nothing changed,
officers file only for their own projects, approved reports do not change, export round trip."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest

from taizhang.core import audit, imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import AuditEntry, ImportStatus
from taizhang.projects.models import MonthlyReport, Project, ReportStatus
from taizhang.projects.services import bulk
from tests.conftest import client_for
from tests.excel_files import read_rows, write_rows

LEDGER = get_ledger("monthly-reports")
HEADERS = [
    "项目代码", "项目名称", "责任单位", "年度", "月份", "本月完成投资（万元）", "形象进度",
    "开工日期", "竣工日期", "存在问题",
]  # fmt: skip
TODAY = datetime.datetime(2022, 7, 3, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def july_2022():
    with mock.patch("taizhang.lib.clock.now", return_value=TODAY):
        yield


def run(path: Path, user):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=LEDGER, by=user, upload=upload, file_name=path.name, dry_run=False
        )
    return imports.run_job(job)


def state():
    reports = [audit.snapshot(r) for r in MonthlyReport.objects.order_by("pk")]
    return reports, AuditEntry.objects.count()


@pytest.fixture
def projects(district, people):
    """A planned project of 西王庄村 (with a code) and of 塔儿村 (without), and a reserve."""
    made = {}
    for key, unit, code, year in (
        ("xwz", district.xiwangzhuang, "2021-140213-48-01-000007", 2022),
        ("taer", district.taer, "", 2022),
        ("reserve", district.xiwangzhuang, "", None),
    ):
        project = Project.objects.create(
            name=f"{unit.name}项目", code=code, unit=unit, category="livelihood",
            total_investment_wan=Decimal("500"),
        )  # fmt: skip
        if key == "reserve":
            project.name = "西王庄村储备项目"
            project.save(update_fields=["name"])
        if year:
            row = bulk.ProjectRow(row=1, fields={}, year=year, plan={})
            bulk.upsert_plan_rows([(row, project)], by=people.office)
        made[key] = project
    return made


def sheet(tmp_path, *rows):
    return write_rows(tmp_path / "reports.xlsx", [["2022年月度进度"], HEADERS, *rows, [None]])


@pytest.mark.django_db
class TestImport:
    def test_reports_import_as_submitted_by_code_or_by_name_and_unit(
        self, people, projects, tmp_path
    ):
        path = sheet(
            tmp_path,
            ["2021-140213-48-01-000007", None, None, 2022, 3, "0.01亿元", "基础施工", "2022-03-05"],
            [None, "西王庄村项目", "西王庄村", 2022, "4月", 50.5, "主体施工"],
            [None, "塔儿村项目", "塔儿村", 2022, 6, 20],  # filed by 5 July: on time
        )
        job = run(path, people.subdistrict_officer)
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        reports = {(r.project.name, r.month): r for r in MonthlyReport.objects.all()}
        march = reports[("西王庄村项目", 3)]
        assert (march.completed_wan, march.status, march.filed_by) == (
            Decimal("100.00"),
            ReportStatus.SUBMITTED,
            people.subdistrict_officer,
        )
        assert str(march.started_on) == "2022-03-05" and march.progress_text == "基础施工"
        assert reports[("西王庄村项目", 4)].completed_wan == Decimal("50.50")
        assert march.is_late and not reports[("塔儿村项目", 6)].is_late
        assert (
            AuditEntry.objects.filter(action="create", object_repr__contains="2022-").count() == 3
        )

    def test_bad_rows_are_refused_row_by_row_and_nothing_changes(self, people, projects, tmp_path):
        before = state()
        path = sheet(
            tmp_path,
            [None, "西王庄村项目", "西王庄村", 2022, 1, 10],  # 3: fine, not written
            [None, "没有的项目", "西王庄村", 2022, 1, 10],  # 4
            [None, "西王庄村储备项目", "西王庄村", 2022, 1, 10],  # 5: not in the plan
            [None, "西王庄村项目", "西王庄村", 2022, 13, 10],  # 6: bad month
            [None, "西王庄村项目", "西王庄村", 2022, 9, 10],  # 7: not begun
            [None, "西王庄村项目", "西王庄村", 2022, 2, "12元"],  # 8: bad money
            [None, "西王庄村项目", "西王庄村", 2022, 1, 5],  # 9: January again
        )
        job = run(path, people.office)
        assert job.status == ImportStatus.FAILED
        assert [(e["row"], e["column"]) for e in job.errors] == [
            (4, "项目名称"),
            (5, "年度"),
            (6, "月份"),
            (7, "月份"),
            (8, "本月完成投资（万元）"),
            (9, "月份"),
        ]
        assert state() == before

    def test_a_village_officer_cannot_file_for_another_village(self, people, projects, tmp_path):
        path = sheet(tmp_path, [None, "塔儿村项目", "塔儿村", 2022, 1, 10])
        job = run(path, people.xwz_officer)
        assert job.status == ImportStatus.FAILED
        assert not MonthlyReport.objects.exists()

    def test_an_approved_report_does_not_change_but_an_equal_row_is_fine(
        self, people, projects, tmp_path
    ):
        MonthlyReport.objects.create(
            project=projects["xwz"], year=2022, month=1, completed_wan=10,
            status=ReportStatus.APPROVED,
        )  # fmt: skip
        same = sheet(tmp_path, [None, "西王庄村项目", "西王庄村", 2022, 1, 10])
        job = run(same, people.xwz_officer)
        assert job.status == ImportStatus.SUCCEEDED and job.created_count == 0
        other = sheet(tmp_path, [None, "西王庄村项目", "西王庄村", 2022, 1, 11])
        job = run(other, people.xwz_officer)
        assert job.status == ImportStatus.FAILED
        assert "Approved" in job.errors[0]["message"]
        assert MonthlyReport.objects.get().completed_wan == 10

    def test_a_returned_report_is_corrected_and_submitted_again(self, people, projects, tmp_path):
        MonthlyReport.objects.create(
            project=projects["xwz"], year=2022, month=1, completed_wan=10,
            status=ReportStatus.RETURNED,
        )  # fmt: skip
        job = run(
            sheet(tmp_path, [None, "西王庄村项目", "西王庄村", 2022, 1, 12]), people.xwz_officer
        )
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        report = MonthlyReport.objects.get()
        assert (report.completed_wan, report.status) == (12, ReportStatus.SUBMITTED)
        assert AuditEntry.objects.filter(action="update").count() == 1


@pytest.mark.django_db
def test_export_then_import_round_trip_changes_nothing(people, projects, tmp_path):
    first = sheet(
        tmp_path,
        [None, "西王庄村项目", "西王庄村", 2022, 1, 10, "进场", "2022-01-10", None, "无"],
        [None, "塔儿村项目", "塔儿村", 2022, 2, 0.5],
    )
    assert run(first, people.office).status == ImportStatus.SUCCEEDED
    response = client_for(people.office).get("/ledgers/monthly-reports/export.xlsx")
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert rows[1][:6] == ("2021-140213-48-01-000007", "西王庄村项目", "西王庄村", 2022, 1, 10)
    assert rows[1][rows[0].index("状态")] == "待审核"
    before = state()
    job = run(write_rows(tmp_path / "again.xlsx", rows), people.office)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert (job.created_count, job.updated_count) == (0, 0)
    assert state() == before


@pytest.mark.django_db
def test_the_village_officer_exports_only_their_reports(people, projects, tmp_path):
    rows = [
        [None, "西王庄村项目", "西王庄村", 2022, 1, 10],
        [None, "塔儿村项目", "塔儿村", 2022, 1, 1],
    ]
    assert run(sheet(tmp_path, *rows), people.office).status == ImportStatus.SUCCEEDED
    response = client_for(people.xwz_officer).get("/ledgers/monthly-reports/export.xlsx")
    exported = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert [r[1] for r in exported[1:]] == ["西王庄村项目"]


@pytest.mark.django_db
def test_year_plans_export_only(people, projects):
    assert not get_ledger("year-plans").can_import(people.admin)
    response = client_for(people.office).get("/ledgers/year-plans/export.xlsx", {"year": 2022})
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(r[2] for r in rows[1:]) == ["塔儿村项目", "西王庄村项目"]
    assert {r[3] for r in rows[1:]} == {"新建"}
    assert client_for(people.office).get("/ledgers/year-plans/import/").status_code == 403


@pytest.mark.django_db
def test_a_later_batch_refused_undoes_the_reports_filed_before(
    people, projects, tmp_path, monkeypatch, settings
):
    """In short transactions (SQLite), one row each: a returned report resubmitted and a new
    one are taken back when a later row is refused (core/import_batches.py)."""
    from taizhang.core import import_batches

    monkeypatch.setattr(import_batches, "FIRST_BATCH", 1)
    monkeypatch.setattr(import_batches, "PAUSE", 0)
    monkeypatch.setattr(imports, "short_write_transactions", lambda: True)
    settings.TAIZHANG_IMPORT_BATCH_SECONDS = 1e-9
    MonthlyReport.objects.create(
        project=projects["xwz"], year=2022, month=2, completed_wan=Decimal("5"),
        status=ReportStatus.RETURNED, review_note="数字不对",
    )  # fmt: skip
    reports = [audit.snapshot(r) for r in MonthlyReport.objects.order_by("pk")]
    file_reports = bulk.file_reports

    def refuse_june(rows, **options):
        if rows[0].month == 6:
            raise bulk.BulkRowError(rows[0].row, "refused by the service")
        return file_reports(rows, **options)

    monkeypatch.setattr(bulk, "file_reports", refuse_june)
    path = sheet(
        tmp_path,
        [None, "西王庄村项目", "西王庄村", 2022, 2, 60],  # resubmits the returned report
        [None, "西王庄村项目", "西王庄村", 2022, 3, 70],
        [None, "塔儿村项目", "塔儿村", 2022, 6, 20],  # refused
    )
    job = run(path, people.subdistrict_officer)
    assert job.status == ImportStatus.FAILED
    assert [audit.snapshot(r) for r in MonthlyReport.objects.order_by("pk")] == reports
    undone = AuditEntry.objects.filter(reason="Excel import undone")
    assert sorted(undone.values_list("action", flat=True)) == ["delete", "update"]
