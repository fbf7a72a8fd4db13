"""项目台账 in Excel: district-style sheets import, bad rows are refused row by row with nothing
changed, unit officers stay in their subtree, and an export imports back unchanged."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError

from taizhang.core import audit, import_batches, imports, inserts
from taizhang.core.import_batches import short_write_transactions
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import AuditEntry, ImportStatus
from taizhang.projects.models import (
    Nature,
    PlanProgress,
    PlanYear,
    Project,
    Review,
    Stage,
    StageEvent,
    YearPlan,
)
from taizhang.projects.services import bulk, plans
from tests.conftest import client_for
from tests.excel_files import read_rows, write_rows
from tests.projects.factories import make_project

LEDGER = get_ledger("projects")
HEADERS = [
    "序号", "项目代码", "项目名称", "建设性质", "项目类别", "项目阶段", "建设单位", "责任单位",
    "所在街道", "牵头部门", "配合部门", "建设内容及规模", "总投资（亿元）", "年度",
    "年度计划投资（万元）", "计划开工时间", "计划竣工时间", "是否重点项目",
]  # fmt: skip


def run(path: Path, user, *, dry_run: bool = False):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=LEDGER, by=user, upload=upload, file_name=path.name, dry_run=dry_run
        )
    return imports.run_job(job)


def state():
    """Everything an import could change, counted and as stored."""
    projects = [audit.snapshot(p) for p in Project.objects.order_by("pk")]
    rows = [audit.snapshot(p) for p in YearPlan.objects.order_by("pk")]
    return projects, rows, AuditEntry.objects.count()


def links():
    through = Project.co_departments.through
    return sorted(through.objects.values_list("project_id", "unit_id"))


def row(name, unit="西王庄村", *, category="社会民生类", total="0.5", year=2022, **cells):
    values = dict.fromkeys(HEADERS)
    values.update(
        {"项目名称": name, "项目类别": category, "责任单位": unit, "总投资（亿元）": total}
    )
    values["年度"] = year
    values.update(cells)
    return [values[header] for header in HEADERS]


def include(project, year, by, **plan):
    rows = [(bulk.ProjectRow(row=1, fields={}, year=year, plan=plan), project)]
    bulk.upsert_plan_rows(rows, by=by)
    return YearPlan.objects.get(project=project, year=year)


@pytest.fixture
def sheet(tmp_path):
    def make(*rows, title=True):
        preamble = [["平城区2022年重点项目建设台账"], ["填报单位：区发改局"]] if title else []
        blank = [[None] * len(HEADERS), [], [None, "  "]]
        return write_rows(tmp_path / "projects.xlsx", [*preamble, HEADERS, *rows, *blank])

    return make


@pytest.mark.django_db
class TestDistrictSheets:
    def test_a_district_sheet_with_titles_yi_yuan_and_loose_dates_imports(
        self, district, people, sheet
    ):
        path = sheet(
            row(
                "西王庄村梨园水乡综合体",
                category="产业类",
                total="1.2",
                **{
                    "年度计划投资（万元）": "0.3亿元",
                    "计划开工时间": "2022年3月",
                    "计划竣工时间": 2023.1,
                    "是否重点项目": "是",
                    "配合部门": "区发改局、白登山街道",
                    "所在街道": "小南头街道",
                    "项目阶段": "年度建设",
                    "建设性质": "续建",  # derived, never typed: ignored
                },
            ),
            row(
                "塔儿村生活广场",
                "塔儿村",
                total="1.2亿元",
                **{"计划开工时间": "2022.3", "计划竣工时间": "2022-11", "项目代码": None},
            ),
            row("古城村巷道硬化", "140213002201", total=0.0085, year=None),
        )
        job = run(path, people.office)
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        assert (job.processed_rows, job.created_count) == (3, 3)
        pear = Project.objects.get(name="西王庄村梨园水乡综合体")
        assert pear.total_investment_wan == Decimal("12000.00")
        assert (pear.category, pear.stage, pear.unit) == (
            "industry",
            Stage.ANNUAL,
            district.xiwangzhuang,
        )
        assert str(pear.planned_start) == "2022-03-01" and str(pear.planned_finish) == "2023-01-01"
        assert set(pear.co_departments.all()) == {district.fagaiju, district.baidengshan}
        plan = YearPlan.objects.get(project=pear, year=2022)
        assert (plan.nature, plan.is_key, plan.planned_investment_wan) == (
            Nature.NEW,
            True,
            Decimal("3000.00"),
        )
        square = Project.objects.get(name="塔儿村生活广场")
        assert square.total_investment_wan == Decimal("12000.00")
        assert str(square.planned_start) == "2022-03-01" and square.stage == Stage.RESERVE
        lane = Project.objects.get(name="古城村巷道硬化")
        assert lane.total_investment_wan == Decimal("85.00") and not lane.plans.exists()
        created = AuditEntry.objects.filter(action="create", actor=people.office)
        assert created.count() == 5  # three projects, two plan rows

    def test_bad_rows_are_refused_row_by_row_and_nothing_changes(self, district, people, sheet):
        Project.objects.create(
            name="已有项目", unit=district.taer, category="industry", total_investment_wan=1
        )
        before = state()
        path = sheet(
            row("好项目"),  # row 4: fine, but must not be written
            row("类别不对", category="商业类"),  # 5
            row("单位不对", "东王庄村"),  # 6
            row("金额不对", total="12元"),  # 7: needs more than two decimals in 万元
            row("金额不对2", total="很多"),  # 8
            row("月份不对", **{"计划开工时间": "2022年13月"}),  # 9
            row("好项目"),  # 10: the same project again
            row("代码不对", **{"项目代码": "2022-1402"}),  # 11
            row("日期颠倒", **{"计划开工时间": "2022-05", "计划竣工时间": "2022-03"}),  # 12
        )
        job = run(path, people.office)
        assert job.status == ImportStatus.FAILED
        assert state() == before
        assert [(e["row"], e["column"]) for e in job.errors] == [
            (5, "项目类别"),
            (6, "责任单位"),
            (7, "总投资（万元）"),
            (8, "总投资（万元）"),
            (9, "计划开工时间"),
            (10, "项目名称"),
            (11, "项目代码"),
            (12, "计划竣工时间"),
        ]
        messages = [e["message"] for e in job.errors]
        assert "商业类" in messages[0] and "东王庄村" in messages[1]
        assert "two decimal places" in messages[2] and "row 4" in messages[5]
        copy = read_rows(imports.error_copy_path(job))
        assert copy[0][0] == "平城区2022年重点项目建设台账"
        assert "[项目类别]" in copy[4][-1]

    def test_a_typed_nature_is_ignored_and_the_derived_one_kept(self, district, people, sheet):
        path = sheet(row("新项目", **{"建设性质": "续建"}))
        assert run(path, people.office).status == ImportStatus.SUCCEEDED
        assert YearPlan.objects.get(name="新项目").nature == Nature.NEW

    def test_a_project_of_last_years_plan_is_continued_this_year(self, district, people, sheet):
        run(sheet(row("跨年项目", year=2021)), people.office)
        run(sheet(row("跨年项目", year=2022, **{"建设性质": "新建"})), people.office)
        natures = dict(YearPlan.objects.values_list("year", "nature"))
        assert natures == {2021: Nature.NEW, 2022: Nature.CONTINUED}
        assert Project.objects.count() == 1


@pytest.mark.django_db
class TestWhoMayImport:
    def test_a_village_officer_cannot_import_rows_of_another_village(self, district, people, sheet):
        before = state()
        path = sheet(
            row("西王庄村项目", year=None),
            row("塔儿村项目", "塔儿村", year=None),
        )
        job = run(path, people.xwz_officer)
        assert job.status == ImportStatus.FAILED
        assert [(e["row"], e["column"]) for e in job.errors] == [(5, "责任单位")]
        assert state() == before

    def test_a_village_officer_cannot_change_another_villages_project_by_its_code(
        self, district, people, sheet
    ):
        Project.objects.create(
            name="塔儿村项目",
            code="2021-140213-48-01-000001",
            unit=district.taer,
            category="livelihood",
            total_investment_wan=1,
        )
        path = sheet(row("改名", year=None, **{"项目代码": "2021-140213-48-01-000001"}))
        job = run(path, people.xwz_officer)
        assert job.status == ImportStatus.FAILED
        assert Project.objects.get(code="2021-140213-48-01-000001").unit == district.taer

    def test_a_village_officer_files_reserves_of_their_own_village(self, district, people, sheet):
        job = run(sheet(row("西王庄村新项目", year=None)), people.xwz_officer)
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        project = Project.objects.get(name="西王庄村新项目")
        assert project.stage == Stage.RESERVE
        assert project.subdistrict == district.xiaonantou  # the column was left empty

    def test_a_village_officer_cannot_put_projects_into_a_plan(self, district, people, sheet):
        job = run(sheet(row("西王庄村新项目", year=2022)), people.xwz_officer)
        assert job.status == ImportStatus.FAILED
        assert [(e["row"], e["column"]) for e in job.errors] == [(4, "年度")]

    def test_a_village_officer_cannot_file_a_project_beyond_the_reserve(
        self, district, people, sheet
    ):
        job = run(sheet(row("西王庄村", year=None, **{"项目阶段": "重点"})), people.xwz_officer)
        assert job.status == ImportStatus.FAILED
        assert not Project.objects.exists()

    def test_a_committed_year_takes_no_new_projects(self, district, people, sheet):
        PlanYear.objects.create(year=2022, committed_at="2022-02-01T00:00Z")
        job = run(sheet(row("晚来的项目")), people.office)
        assert job.status == ImportStatus.FAILED
        assert "committed" in job.errors[0]["message"]

    def test_a_row_the_service_refuses_while_writing_is_reported_with_the_checked_ones(
        self, district, people, sheet
    ):
        locked = make_project(district.xiwangzhuang, name="待审核的项目", review=Review.SUBMITTED)
        before = state()
        path = sheet(
            row("新项目甲"),  # row 4: good, written before the refusal, then rolled back
            row("待审核的项目", total="0.8"),  # row 5: the service refuses a locked project
            row("新项目乙", category="不知道"),  # row 6: refused by the check
        )
        if short_write_transactions():
            pytest.skip("SQLite writes nothing while the check finds bad rows (next test)")
        job = run(path, people.office)
        assert job.status == ImportStatus.FAILED
        assert state() == before
        assert [(e["row"], e["column"]) for e in job.errors] == [(5, "项目名称"), (6, "项目类别")]
        assert "locked" in job.errors[0]["message"]
        copy = read_rows(imports.error_copy_path(job))
        assert "locked" in copy[4][-1] and "项目类别" in copy[5][-1]
        locked.refresh_from_db()
        assert locked.total_investment_wan != Decimal("8000")

    def test_a_row_the_service_refuses_after_a_clean_check_undoes_the_import(
        self, district, people, sheet
    ):
        make_project(district.xiwangzhuang, name="待审核的项目", review=Review.SUBMITTED)
        before = state()
        path = sheet(row("新项目甲"), row("待审核的项目", total="0.8"), row("新项目乙"))
        job = run(path, people.office)
        assert job.status == ImportStatus.FAILED
        assert "nothing was imported" in job.message
        assert state() == before
        assert [(e["row"], e["column"]) for e in job.errors] == [(5, "项目名称")]
        assert "locked" in read_rows(imports.error_copy_path(job))[4][-1]

    def test_a_database_error_in_the_middle_of_the_write_leaves_everything_as_before(
        self, district, people, sheet
    ):
        """The fast write path (ids reserved, rows written by COPY or executemany) fails on
        the plan rows of its second batch: on PostgreSQL the one transaction rolls back, on
        SQLite the committed first batch is undone from its audit entries."""
        make_project(district.xiwangzhuang, name="已有的项目")
        before = state()[:2], links(), StageEvent.objects.count(), PlanProgress.objects.count()
        audited = AuditEntry.objects.count()
        rows = [
            row(f"新项目{n}", stage="年度建设", **{"配合部门": "区发改局、白登山街道"})
            for n in range(6)
        ]
        real, calls = inserts.insert_objects, []

        def failing(model, objects):
            calls.append(model)
            if model is YearPlan and calls.count(YearPlan) == 2:
                raise DatabaseError("disk I/O error")
            return real(model, objects)

        with (
            mock.patch.object(bulk, "insert_objects", failing),
            mock.patch.object(bulk, "BATCH_SIZE", 3),  # PostgreSQL: two batches of the service
            mock.patch.object(import_batches, "FIRST_BATCH", 3),  # SQLite: two transactions
            mock.patch.object(import_batches, "next_batch_size", lambda size, *_a: size),
            mock.patch.object(import_batches, "PAUSE", 0),
        ):
            job = run(sheet(*rows), people.office)
        assert calls.count(Project) == 2  # the first batch was written
        assert job.status == ImportStatus.FAILED
        assert "nothing was imported" in job.message
        after = state()[:2], links(), StageEvent.objects.count(), PlanProgress.objects.count()
        assert after == before
        added = AuditEntry.objects.filter(pk__gt=0).order_by("pk")[audited:]
        if short_write_transactions():  # every record written and undone is audited both ways
            reasons = [entry.reason for entry in added]
            assert reasons.count("Excel import") == reasons.count("Excel import undone") > 0
        else:
            assert not added

    @pytest.mark.parametrize("persona", ["leader", "auditor", "nobody"])
    def test_readers_may_not_import(self, people, sheet, persona):
        with pytest.raises(PermissionDenied):
            run(sheet(row("x")), getattr(people, persona))
        response = client_for(getattr(people, persona)).get("/ledgers/projects/import/")
        assert response.status_code == 403


@pytest.mark.django_db
class TestExport:
    @pytest.fixture
    def planned(self, district, people):
        """One project continued from 2021, one new in 2022, one in 2021 only."""
        made = {}
        for name, unit, years in (
            ("续建项目", district.xiwangzhuang, (2021, 2022)),
            ("新建项目", district.taer, (2022,)),
            ("去年完工", district.guchengcun, (2021,)),
        ):
            project = Project.objects.create(
                name=name,
                unit=unit,
                category="infrastructure",
                total_investment_wan=Decimal("123456.78"),
                subdistrict=district.xiaonantou,
                lead_department=district.fagaiju,
                planned_start="2021-04-01",
            )
            project.co_departments.set([district.fagaiju, district.baidengshan])
            for year in years:
                include(project, year, people.office, planned_investment_wan=Decimal("100.5"))
            made[name] = project
        return made

    def export(self, user, **params):
        response = client_for(user).get("/ledgers/projects/export.xlsx", params)
        assert response.status_code == 200
        return read_rows(io.BytesIO(b"".join(response.streaming_content)))

    def test_the_nature_on_export_is_the_derived_nature(self, people, planned):
        rows = self.export(people.office, year=2022)
        assert rows[0][:5] == ("序号", "项目代码", "项目名称", "建设性质", "项目类别")
        natures = {r[2]: r[3] for r in rows[1:]}
        assert natures == {"续建项目": "续建", "新建项目": "新建"}
        assert [r[0] for r in rows[1:]] == [1, 2]
        row = next(r for r in rows[1:] if r[2] == "续建项目")
        assert row[7:11] == ("西王庄村", "小南头街道", "区发改局", "白登山街道、区发改局")
        assert row[12:15] == (123456.78, 2022, 100.5)

    def test_a_village_officer_exports_only_their_villages_projects(self, people, planned):
        rows = self.export(people.xwz_officer)
        assert [r[2] for r in rows[1:]] == ["续建项目"]

    def test_export_then_import_changes_nothing(self, people, planned, tmp_path):
        rows = self.export(people.office, year=2022)
        path = write_rows(tmp_path / "round.xlsx", rows)
        before = state()
        job = run(path, people.office)
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        assert (job.created_count, job.updated_count) == (0, 0)
        assert state() == before

    def test_an_edited_export_updates_the_project_and_its_plan_row(self, people, planned, tmp_path):
        rows = [list(r) for r in self.export(people.office, year=2022)]
        for r in rows[1:]:
            r[14] = 200  # 年度计划投资（万元）
            r[11] = "新的建设内容"
        job = run(write_rows(tmp_path / "edited.xlsx", rows), people.office)
        assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
        assert (job.created_count, job.updated_count) == (0, 2)
        assert set(
            YearPlan.objects.filter(year=2022).values_list("planned_investment_wan", flat=True)
        ) == {Decimal("200")}
        assert Project.objects.filter(content="新的建设内容").count() == 2
        assert AuditEntry.objects.filter(action="update").count() == 4

    def test_the_bulk_nature_agrees_with_the_single_derivation(self, planned):
        for project in planned.values():
            for plan in project.plans.all():
                assert plan.nature == plans.nature_in(project, plan.year)


@pytest.mark.django_db
def test_the_bulk_service_refuses_what_a_single_edit_refuses(district, people):
    fields = {
        "name": "日期颠倒",
        "unit": district.xiwangzhuang,
        "category": "livelihood",
        "total_investment_wan": Decimal("1"),
        "planned_start": datetime.date(2022, 5, 1),
        "planned_finish": datetime.date(2022, 3, 1),
    }
    with pytest.raises(bulk.BulkRowError) as refused:
        bulk.upsert_projects([bulk.ProjectRow(row=7, fields=fields)], by=people.office)
    assert refused.value.row == 7 and "before the planned start" in refused.value.messages[0]
    taer = {**fields, "unit": district.taer, "planned_finish": None}
    with pytest.raises(PermissionDenied):
        bulk.upsert_projects([bulk.ProjectRow(row=1, fields=taer)], by=people.xwz_officer)
    assert not Project.objects.exists()
