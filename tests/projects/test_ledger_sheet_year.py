"""A ledger whose year is only in its title row ("2024年平城区建设项目台账") imports: the year comes
from the title, or from the import's year (`--year`, the upload form, the API), which wins over
the title; a year in the row wins over both. Rows are refused only when none gives it."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportJob, ImportStatus
from taizhang.projects.models import MonthlyReport, Project, YearPlan
from taizhang.projects.services import bulk
from tests.conftest import client_for
from tests.excel_files import write_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "2024年平城区建设项目台账"
HEADERS = ["序号", "项目名称", "项目类别", "责任单位", "总投资（万元）", "年度计划投资（万元）"]


def project_sheet(path: Path, *rows, title: str | None = TITLE, headers=HEADERS) -> Path:
    """A district sheet: the title in the first row, the headers in the second, no 年度."""
    return write_rows(path, [*([[title]] if title else []), headers, *rows])


def project_rows():
    return [
        [1, "西王庄村文化广场", "社会民生类", "西王庄村", 800, 300],
        [2, "塔儿村巷道硬化", "基础设施类", "塔儿村", 120, 120],
    ]


def run(path: Path, user, *, ledger: str = "projects", year: int | None = None):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger(ledger),
            by=user,
            upload=upload,
            file_name=path.name,
            dry_run=False,
            year=year,
        )
    return imports.run_job(job)


def planned_years() -> dict[str, int]:
    return dict(YearPlan.objects.values_list("name", "year"))


@pytest.mark.django_db
class TestTitleYear:
    def test_a_sheet_with_its_year_only_in_the_title_row_imports_into_that_years_plan(
        self, district, people, tmp_path
    ):
        job = run(project_sheet(tmp_path / "p.xlsx", *project_rows()), people.office)
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        assert planned_years() == {"西王庄村文化广场": 2024, "塔儿村巷道硬化": 2024}
        plan = YearPlan.objects.get(name="西王庄村文化广场")
        assert plan.planned_investment_wan == Decimal("300.00")
        assert "2024" in job.message and "title" in job.message

    def test_full_width_digits_and_a_title_below_a_blank_row_are_read(
        self, district, people, tmp_path
    ):
        title = [[None], ["平城区２０２５年 建设项目台账"], ["填报单位：区发改局"]]
        path = write_rows(tmp_path / "p.xlsx", [*title, HEADERS, *project_rows()])
        assert run(path, people.office).status == ImportStatus.SUCCEEDED
        assert set(planned_years().values()) == {2025}

    def test_a_title_that_names_two_years_gives_none_and_rows_that_need_one_are_refused(
        self, district, people, tmp_path
    ):
        path = project_sheet(tmp_path / "p.xlsx", *project_rows(), title="2023年至2024年项目台账")
        job = run(path, people.office)
        assert job.status == ImportStatus.FAILED
        assert [(e["row"], e["column"]) for e in job.errors] == [(3, "年度"), (4, "年度")]
        assert not Project.objects.exists()

    def test_without_a_year_column_title_or_option_rows_are_refused_with_row_column_and_reason(
        self, district, people, tmp_path
    ):
        job = run(project_sheet(tmp_path / "p.xlsx", *project_rows(), title=None), people.office)
        assert job.status == ImportStatus.FAILED
        assert [(e["row"], e["column"]) for e in job.errors] == [(2, "年度"), (3, "年度")]
        assert "No year" in job.errors[0]["message"]
        assert "title" in job.errors[0]["message"]
        assert not Project.objects.exists()

    def test_rows_that_need_no_year_import_without_one(self, district, people, tmp_path):
        headers = HEADERS[:5]
        rows = [row[:5] for row in project_rows()]
        path = project_sheet(tmp_path / "p.xlsx", *rows, title=None, headers=headers)
        assert run(path, people.office).status == ImportStatus.SUCCEEDED
        assert Project.objects.count() == 2 and not YearPlan.objects.exists()


@pytest.mark.django_db
class TestWhichYearWins:
    def test_the_imports_year_wins_over_the_title(self, district, people, tmp_path):
        job = run(project_sheet(tmp_path / "p.xlsx", *project_rows()), people.office, year=2026)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        assert set(planned_years().values()) == {2026}
        assert "2026" in job.message

    def test_a_year_in_the_row_wins_over_the_option_and_the_title(self, district, people, tmp_path):
        headers = [*HEADERS, "年度"]
        rows = [[*project_rows()[0], 2023], [*project_rows()[1], None]]
        path = project_sheet(tmp_path / "p.xlsx", *rows, headers=headers)
        assert run(path, people.office, year=2026).status == ImportStatus.SUCCEEDED
        assert planned_years() == {"西王庄村文化广场": 2023, "塔儿村巷道硬化": 2026}

    def test_an_empty_year_cell_without_plan_figures_stays_out_of_any_plan(
        self, district, people, tmp_path
    ):
        headers = ["项目名称", "项目类别", "责任单位", "总投资（万元）", "年度"]
        path = project_sheet(
            tmp_path / "p.xlsx", ["储备项目", "产业类", "西王庄村", 50, None], headers=headers
        )
        assert run(path, people.office).status == ImportStatus.SUCCEEDED
        assert Project.objects.filter(name="储备项目").exists() and not YearPlan.objects.exists()

    def test_a_year_outside_the_ledgers_years_or_for_a_ledger_without_one_is_refused(
        self, district, people, tmp_path
    ):
        path = project_sheet(tmp_path / "p.xlsx", *project_rows())
        with pytest.raises(ValidationError, match="2000"):
            run(path, people.office, year=1949)
        with pytest.raises(ValidationError, match="no year"):
            run(path, people.admin, ledger="units", year=2024)
        assert not ImportJob.objects.exists()


@pytest.mark.django_db
class TestMonthlyReports:
    @pytest.fixture(autouse=True)
    def july_2022(self):
        now = datetime.datetime(2022, 7, 3, 9, tzinfo=datetime.UTC)
        with mock.patch("taizhang.lib.clock.now", return_value=now):
            yield

    def test_monthly_reports_take_the_year_of_their_title(self, district, people, tmp_path):
        project = Project.objects.create(
            name="西王庄村项目", unit=district.xiwangzhuang, category="livelihood",
            total_investment_wan=Decimal("500"),
        )  # fmt: skip
        row = bulk.ProjectRow(row=1, fields={}, year=2022, plan={})
        bulk.upsert_plan_rows([(row, project)], by=people.office)
        path = write_rows(
            tmp_path / "r.xlsx",
            [
                ["2022年平城区项目月度进度"],
                ["项目名称", "责任单位", "月份", "本月完成投资（万元）"],
                ["西王庄村项目", "西王庄村", "5月", 20],
            ],
        )
        job = run(path, people.xwz_officer, ledger="monthly-reports")
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        report = MonthlyReport.objects.get()
        assert (report.year, report.month) == (2022, 5)


@pytest.mark.django_db
class TestWhereTheYearIsGiven:
    def test_the_import_command_takes_a_year(self, district, people, tmp_path):
        path = project_sheet(tmp_path / "p.xlsx", *project_rows(), title=None)
        out = io.StringIO()
        call_command("import", "projects", str(path), "--year", "2024", stdout=out)
        assert set(planned_years().values()) == {2024}
        assert "2024" in out.getvalue()

    def test_the_import_command_refuses_a_year_for_a_ledger_without_one(
        self, district, people, tmp_path
    ):
        path = project_sheet(tmp_path / "p.xlsx", *project_rows())
        with pytest.raises(CommandError, match="no year"):
            call_command("import", "units", str(path), "--year", "2024", stdout=io.StringIO())

    def test_the_upload_form_offers_a_year_for_ledgers_with_one(self, district, people, tmp_path):
        client = client_for(people.office)
        assert 'name="year"' in client.get(reverse("ledger-import", args=["projects"])).text
        assert (
            'name="year"'
            not in client_for(people.admin).get(reverse("ledger-import", args=["units"])).text
        )
        path = project_sheet(tmp_path / "p.xlsx", *project_rows(), title=None)
        response = client.post(
            reverse("ledger-import", args=["projects"]),
            {
                "file": SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX),
                "year": "2024",
            },
        )
        assert response.status_code == 302
        assert ImportJob.objects.get().year == 2024
        assert set(planned_years().values()) == {2024}

    def test_the_upload_form_refuses_a_year_that_is_not_one(self, district, people, tmp_path):
        path = project_sheet(tmp_path / "p.xlsx", *project_rows())
        response = client_for(people.office).post(
            reverse("ledger-import", args=["projects"]),
            {
                "file": SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX),
                "year": "24",
            },
        )
        assert response.status_code == 200 and not ImportJob.objects.exists()

    def test_the_api_upload_takes_a_year(self, district, people, tmp_path):
        path = project_sheet(tmp_path / "p.xlsx", *project_rows(), title=None)
        with path.open("rb") as handle:
            response = client_for(people.office).post(
                "/api/v1/ledgers/projects/imports",
                {"file": handle, "dry_run": "false", "year": "2024"},
            )
        assert response.status_code == 202, response.json()
        assert response.json()["year"] == 2024
        assert set(planned_years().values()) == {2024}
        ledgers = client_for(people.office).get("/api/v1/ledgers").json()
        assert {ledger["name"]: ledger["year_column"] for ledger in ledgers}["projects"] == "year"

    def test_the_api_refuses_a_year_for_a_ledger_without_one(self, district, people, tmp_path):
        path = project_sheet(tmp_path / "p.xlsx", *project_rows())
        with path.open("rb") as handle:
            response = client_for(people.admin).post(
                "/api/v1/ledgers/units/imports", {"file": handle, "year": "2024"}
            )
        assert response.status_code == 400
        assert not ImportJob.objects.exists()
