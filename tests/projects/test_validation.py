"""One validator for a project, whichever way it comes in: the same bad values are refused by
the Excel import and by the API with the same message, the import naming the column and the
API the field; no reason is ever without its column or field."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from taizhang.core import imports
from taizhang.core.ledger_cells import read_number
from taizhang.core.ledgers import all_ledgers, get_ledger
from taizhang.core.models import ImportStatus
from taizhang.projects.models import Project, Stage
from taizhang.projects.services import plans
from tests.conftest import client_for
from tests.excel_files import read_rows, write_rows
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db
API = "/api/v1"
HEADERS = [
    "项目名称", "项目类别", "责任单位", "所在街道", "牵头部门", "总投资（万元）", "年度",
    "年度计划投资（万元）", "计划开工时间", "计划竣工时间", "实际开工时间",
]  # fmt: skip


@pytest.fixture(autouse=True)
def april_2022():
    date = datetime.date(2022, 4, 3)
    with mock.patch("taizhang.lib.clock.today", new=lambda: date):
        yield


def import_rows(tmp_path: Path, user, rows, *, headers=HEADERS, ledger="projects"):
    path = write_rows(tmp_path / f"{ledger}.xlsx", [headers, *rows])
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger(ledger), by=user, upload=upload, file_name=path.name, dry_run=False
        )
    return imports.run_job(job)


def sheet_row(**cells):
    values = {
        "项目名称": "塔儿村花池",
        "项目类别": "社会民生类",
        "责任单位": "塔儿村",
        "总投资（万元）": "100",
        **cells,
    }
    return [values.get(header) for header in HEADERS]


def api_project(**extra):
    return {"name": "塔儿村花池", "category": "livelihood", "total_investment_wan": "100", **extra}


def assert_named(errors, key):
    """Every reason names its column or field, and none is an empty list or a bracket."""
    assert errors
    for error in errors:
        assert error[key], error
        assert error["message"].strip(), error
        assert "[]" not in error["message"] and not error["message"].startswith("["), error


# The same bad values, as a sheet writes them and as the API sends them: (cells, payload, column,
# field, what the message says).
SAME_BAD_VALUES = {
    "a village leads": (
        {"牵头部门": "塔儿村"},
        {"lead_department_id": "taer"},
        "牵头部门",
        "lead_department_id",
        "塔儿村",
    ),
    "a village as subdistrict": (
        {"所在街道": "塔儿村"},
        {"subdistrict_id": "taer"},
        "所在街道",
        "subdistrict_id",
        "not a subdistrict",
    ),
    "a start in 2099": (
        {"计划开工时间": "2099-03"},
        {"planned_start": "2099-03-01"},
        "计划开工时间",
        "planned_start",
        "2099-03-01",
    ),
    "a start before 2000": (
        {"计划开工时间": "1999-12"},
        {"planned_start": "1999-12-01"},
        "计划开工时间",
        "planned_start",
        "1999-12-01",
    ),
    "a finish before the start": (
        {"计划开工时间": "2023-05", "计划竣工时间": "2022-03"},
        {"planned_start": "2023-05-01", "planned_finish": "2022-03-01"},
        "计划竣工时间",
        "planned_finish",
        "before the planned start",
    ),
    "an actual start in the future": (
        {"实际开工时间": "2022-05-01"},
        {"actual_start": "2022-05-01"},
        "实际开工时间",
        "actual_start",
        "future",
    ),
}


@pytest.mark.parametrize("case", SAME_BAD_VALUES, ids=list(SAME_BAD_VALUES))
def test_the_import_and_the_api_refuse_the_same_value_with_the_same_message(
    case, district, people, tmp_path
):
    cells, payload, column, field, says = SAME_BAD_VALUES[case]
    payload = {k: getattr(district, v).pk if k.endswith("_id") else v for k, v in payload.items()}

    job = import_rows(tmp_path, people.office, [sheet_row(**cells)])
    response = client_for(people.office).post(
        f"{API}/projects",
        api_project(unit_id=district.taer.pk, **payload),
        content_type="application/json",
    )

    assert job.status == ImportStatus.FAILED
    assert response.status_code == 400, response.json()
    assert_named(job.errors, "column")
    assert_named(response.json()["errors"], "field")
    by_column = {error["column"]: error["message"] for error in job.errors}
    by_field = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert says in by_column[column]
    assert by_column[column] == by_field[field]
    assert not Project.objects.exists()


@pytest.mark.parametrize("case", ["a village leads", "a start in 2099"])
def test_a_patch_is_refused_as_the_import_refuses_an_update(case, district, people, tmp_path):
    cells, payload, column, field, _says = SAME_BAD_VALUES[case]
    payload = {k: getattr(district, v).pk if k.endswith("_id") else v for k, v in payload.items()}
    project = make_project(district.taer, name="塔儿村花池")

    job = import_rows(tmp_path, people.office, [sheet_row(**cells)])
    response = client_for(people.office).patch(
        f"{API}/projects/{project.pk}", payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert job.status == ImportStatus.FAILED
    by_column = {error["column"]: error["message"] for error in job.errors}
    assert response.json()["errors"] == [{"field": field, "message": by_column[column]}]
    project.refresh_from_db()
    assert project.lead_department_id is None and project.planned_start is None


def test_a_stored_value_that_a_rule_now_refuses_does_not_block_other_changes(district, people):
    project = make_project(district.taer, lead_department=district.guchengcun)

    response = client_for(people.office).patch(
        f"{API}/projects/{project.pk}", {"leader": "张三"}, content_type="application/json"
    )

    assert response.status_code == 200, response.json()


def test_a_department_and_a_subdistrict_are_accepted(district, people, tmp_path):
    job = import_rows(
        tmp_path, people.office, [sheet_row(**{"牵头部门": "区发改局", "所在街道": "小南头街道"})]
    )

    assert job.status == ImportStatus.SUCCEEDED, job.errors
    project = Project.objects.get()
    assert (project.lead_department, project.subdistrict) == (district.fagaiju, district.xiaonantou)


def test_an_annual_plan_above_the_total_is_refused_by_the_import_and_the_api(
    district, people, tmp_path
):
    job = import_rows(
        tmp_path,
        people.office,
        [sheet_row(**{"年度": 2022, "年度计划投资（万元）": "150"})],
    )
    project = make_project(district.taer, stage=Stage.ANNUAL)
    row = plans.include_in_plan(
        project, year=2022, by=people.office, planned_investment_wan=Decimal("50")
    )
    response = client_for(people.office).patch(
        f"{API}/projects/plans/rows/{row.pk}",
        {"planned_investment_wan": "150"},
        content_type="application/json",
    )

    assert job.status == ImportStatus.FAILED
    assert response.status_code == 400
    assert_named(job.errors, "column")
    assert_named(response.json()["errors"], "field")
    (error,) = job.errors
    assert error["column"] == "年度计划投资（万元）"
    assert "more than the total investment" in error["message"]
    assert response.json()["errors"] == [
        {"field": "planned_investment_wan", "message": error["message"]}
    ]
    row.refresh_from_db()
    assert row.planned_investment_wan == Decimal("50.00")


@pytest.mark.parametrize("name", ["   ", "\t\n", "\u0007\u0001", " \u0000 "])
def test_a_blank_or_control_character_name_is_refused_by_the_import_and_the_api(
    name, district, people, tmp_path
):
    # A worksheet cannot hold control characters; the import cleans its text as the API does.
    cell = name if name.isspace() else " "
    job = import_rows(tmp_path, people.office, [sheet_row(项目名称=cell)])
    client = client_for(people.office)
    created = client.post(
        f"{API}/projects",
        api_project(name=name, unit_id=district.taer.pk),
        content_type="application/json",
    )
    project = make_project(district.taer, name="塔儿村花池")
    patched = client.patch(
        f"{API}/projects/{project.pk}", {"name": name}, content_type="application/json"
    )

    assert job.status == ImportStatus.FAILED
    assert [e["column"] for e in job.errors] == ["项目名称"]
    for response in (created, patched):
        assert response.status_code == 422
        assert_named(response.json()["errors"], "field")
        assert [e["field"] for e in response.json()["errors"]] == ["name"]
    project.refresh_from_db()
    assert project.name == "塔儿村花池"
    assert Project.objects.count() == 1


def test_the_api_stores_a_name_without_its_surrounding_spaces(district, people):
    response = client_for(people.office).post(
        f"{API}/projects",
        api_project(name="  塔儿村花池 ", unit_id=district.taer.pk),
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Project.objects.get().name == "塔儿村花池"


@pytest.mark.parametrize("amount", ["1,2,3", "12,34", "１，２，３"])
def test_misplaced_thousands_separators_are_refused_in_a_money_column(
    amount, district, people, tmp_path
):
    job = import_rows(tmp_path, people.office, [sheet_row(**{"总投资（万元）": amount})])

    assert job.status == ImportStatus.FAILED
    assert_named(job.errors, "column")
    (error,) = job.errors
    assert error["column"] == "总投资（万元）"
    assert "thousands" in error["message"]
    assert not Project.objects.exists()


def test_grouped_thousands_import(district, people, tmp_path):
    job = import_rows(tmp_path, people.office, [sheet_row(**{"总投资（万元）": "1,234.5"})])

    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert Project.objects.get().total_investment_wan == Decimal("1234.50")


def test_unknown_and_export_only_columns_are_named_in_the_message(district, people, tmp_path):
    headers = [*HEADERS, "建设性质", "备注说明"]
    job = import_rows(tmp_path, people.office, [[*sheet_row(), "新建", "随便写"]], headers=headers)

    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert "建设性质" in job.message and "written on export" in job.message
    assert "备注说明" in job.message and "Not columns of this ledger" in job.message


def test_a_report_status_column_is_not_silently_ignored(district, people, tmp_path):
    project = make_project(district.taer, name="塔儿村花池", stage=Stage.ANNUAL)
    plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=Decimal(50))
    headers = ["项目名称", "责任单位", "年度", "月份", "本月完成投资（万元）", "状态"]

    job = import_rows(
        tmp_path,
        people.office,
        [["塔儿村花池", "塔儿村", 2022, 3, "10", "已审核"]],
        headers=headers,
        ledger="monthly-reports",
    )

    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert "状态" in job.message
    assert project.reports.get().status == "submitted"  # through the review, as it says


def test_a_bad_value_in_an_export_only_column_does_not_refuse_the_row(district, people, tmp_path):
    headers = [*HEADERS, "建设性质"]
    job = import_rows(tmp_path, people.office, [[*sheet_row(), "不知道"]], headers=headers)

    assert job.status == ImportStatus.SUCCEEDED, job.errors


def test_a_row_refused_while_writing_names_a_column(district, people, tmp_path):
    project = make_project(district.taer, name="塔儿村花池", review="submitted")

    job = import_rows(tmp_path, people.office, [sheet_row(**{"总投资（万元）": "120"})])

    assert job.status == ImportStatus.FAILED
    assert_named(job.errors, "column")
    assert [e["column"] for e in job.errors] == ["项目名称"]
    project.refresh_from_db()
    assert project.total_investment_wan == Decimal("100.00")


def test_the_page_form_refuses_a_start_in_2099_with_the_same_message(district, people):
    from tests.projects.test_project_pages import form_data

    response = client_for(people.taer_officer).post(
        "/projects/new/", form_data(district.taer, planned_start="2099-03-01")
    )

    assert response.status_code == 200
    assert "2099-03-01 is more than 10 years ahead." in response.content.decode()
    assert not Project.objects.exists()


def test_every_ledger_reports_a_reason_about_a_whole_row_in_one_of_its_columns():
    for ledger in all_ledgers():
        assert ledger.header_of("") in ledger.headers(), ledger.name


def test_no_reason_of_a_refused_file_is_without_its_column(district, people, tmp_path):
    """Every bad value of this file, as the job stores them, as the error copy writes them and
    as the command prints them: each names its column, none is an empty []."""
    rows = [sheet_row(**cells) for cells, *_rest in SAME_BAD_VALUES.values()]
    rows += [
        sheet_row(项目名称="   "),
        sheet_row(**{"总投资（万元）": "1,2,3"}),
        sheet_row(**{"年度": 2022, "年度计划投资（万元）": "150"}),
    ]
    path = write_rows(tmp_path / "bad.xlsx", [HEADERS, *rows])

    job = import_rows(tmp_path, people.office, rows)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "projects", str(path), stdout=out, stderr=io.StringIO())

    assert job.status == ImportStatus.FAILED
    assert_named(job.errors, "column")
    assert {e["row"] for e in job.errors} == set(range(2, 2 + len(rows)))
    printed = [line for line in out.getvalue().splitlines() if line.startswith("Row ")]
    assert printed and all("[]" not in line for line in printed)
    reasons = [r[-1] for r in read_rows(imports.error_copy_path(job))[1:]]
    assert len(reasons) == len(rows)
    assert all(reason.startswith("[") and not reason.startswith("[]") for reason in reasons)


@pytest.mark.parametrize(
    ("started_on", "finished_on", "field", "column"),
    [
        ("2022-05-01", None, "started_on", "开工日期"),
        ("2022-03-10", "2022-03-01", "finished_on", "竣工日期"),
    ],
)
def test_a_monthly_report_date_is_refused_alike_by_the_import_and_the_api(
    started_on, finished_on, field, column, district, people, tmp_path
):
    project = make_project(district.taer, name="塔儿村花池", stage=Stage.ANNUAL)
    plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=Decimal(50))
    headers = [
        "项目名称",
        "责任单位",
        "年度",
        "月份",
        "本月完成投资（万元）",
        "开工日期",
        "竣工日期",
    ]

    job = import_rows(
        tmp_path,
        people.office,
        [["塔儿村花池", "塔儿村", 2022, 3, "10", started_on, finished_on]],
        headers=headers,
        ledger="monthly-reports",
    )
    response = client_for(people.taer_officer).post(
        f"{API}/projects/reports",
        {
            "project_id": project.pk,
            "year": 2022,
            "month": 3,
            "completed_wan": "10",
            "started_on": started_on,
            "finished_on": finished_on,
        },
        content_type="application/json",
    )

    assert job.status == ImportStatus.FAILED
    assert response.status_code == 400
    by_column = {error["column"]: error["message"] for error in job.errors}
    assert response.json()["errors"] == [{"field": field, "message": by_column[column]}]
    assert not project.reports.exists()


def test_the_plan_row_page_refuses_a_plan_above_the_total(district, people):
    project = make_project(district.taer, stage=Stage.ANNUAL)
    row = plans.include_in_plan(
        project, year=2022, by=people.office, planned_investment_wan=Decimal("50")
    )

    response = client_for(people.office).post(
        f"/projects/plans/rows/{row.pk}/edit/", {"planned_investment_wan": "150"}
    )

    assert response.status_code == 200
    assert "is more than the total investment" in response.content.decode()
    row.refresh_from_db()
    assert row.planned_investment_wan == Decimal("50.00")


def test_a_number_column_refuses_misplaced_separators_too():
    assert read_number("1,234.5") == Decimal("1234.5")
    with pytest.raises(ValueError, match="thousands"):
        read_number("1,2,3")
