"""The org-unit ledger through the import machinery: dry run, all-or-nothing import, errors."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core import imports, services
from taizhang.core.ledgers import Column, ImportContext, Ledger, get_ledger
from taizhang.core.models import AuditEntry, ImportStatus, Unit
from taizhang.lib.excel import write_template
from tests.excel_files import UNIT_HEADERS, read_rows, write_rows

LEDGER = get_ledger("units")


def run(path: Path, user, *, dry_run: bool = False):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=LEDGER, by=user, upload=upload, file_name=path.name, dry_run=dry_run
        )
    return imports.run_job(job)


def state():
    """Everything an import could change: every unit's fields and the audit trail's length."""
    units = list(Unit.objects.values_list("code", "name", "kind", "path", "address", "is_active"))
    return units, AuditEntry.objects.count()


@pytest.mark.django_db
class TestImport:
    def test_a_filled_in_template_imports(self, district, people, tmp_path):
        path = tmp_path / "template.xlsx"
        write_template(
            path,
            LEDGER.template_columns(),
            sheet_title="units",
            notes_title="说明",
            notes_headers=["a", "b", "c", "d", "e"],
            yes_no=("是", "否"),
        )
        book = openpyxl.load_workbook(path)
        book.active.append(["140213001205", "新村", "村", "140213001", "", "", "", "", "否", "是"])
        book.save(path)
        job = run(path, people.admin)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        unit = Unit.objects.get(code="140213001205")
        assert (unit.name, unit.kind, unit.is_demo, unit.is_active) == (
            "新村",
            "village",
            False,
            True,
        )
        assert Unit.objects.get_parent(unit) == district.xiaonantou

    def test_title_rows_trailing_blank_rows_and_loose_headers_are_fine(
        self, district, people, tmp_path
    ):
        path = write_rows(
            tmp_path / "units.xlsx",
            [
                ["平城区组织机构表（2022年）"],
                ["填报日期：2022年3月"],
                [" 编 码 ", "*名称", "类型", "上级编码"],
                ["140213003", "新街道", "街道", "140213"],
                [None, None, None, None],
                ["140213003201", "新社区", "community", "140213003"],
                [],
                [None, "  "],
                [],
            ],
        )
        job = run(path, people.admin)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        assert (job.processed_rows, job.created_count) == (2, 2)
        community = Unit.objects.get(code="140213003201")
        assert Unit.objects.get_parent(community).name == "新街道"

    def test_an_all_good_import_creates_and_updates_units_and_audits_each(
        self, district, people, tmp_path
    ):
        last_entry = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
        path = write_rows(
            tmp_path / "units.xlsx",
            [
                UNIT_HEADERS,
                ["140213001206", "东村", "村", "140213001", "东村村委会"],
                ["140213001204", "塔儿村", "村", "140213002", "新地址"],  # moved, new address
                ["140213001201", "西王庄村", "村", "140213001"],  # as it is
            ],
        )
        job = run(path, people.admin)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        assert (job.created_count, job.updated_count) == (1, 1)
        taer = Unit.objects.get(code="140213001204")
        assert (Unit.objects.get_parent(taer), taer.address) == (district.baidengshan, "新地址")
        assert Unit.objects.get(code="140213001206").address == "东村村委会"
        entries = AuditEntry.objects.filter(id__gt=last_entry or 0)
        assert sorted((e.object_repr, e.action, e.actor) for e in entries) == [
            ("东村", "create", people.admin),
            ("塔儿村", "update", people.admin),
        ]
        moved = entries.get(action="update")
        assert moved.before["parent"] == district.xiaonantou.pk
        assert moved.after["parent"] == district.baidengshan.pk

    def test_a_file_with_bad_rows_is_refused_whole_with_every_bad_row_listed(
        self, district, people, tmp_path
    ):
        before = state()
        path = write_rows(
            tmp_path / "units.xlsx",
            [
                ["组织机构"],
                UNIT_HEADERS,
                ["140213001207", "好村", "村", "140213001"],  # fine, but must not be written
                ["140213001208", "", "村", "140213001"],  # row 4: no name
                ["140213001209", "坏村", "镇", "999"],  # row 5: bad kind, unknown parent
                ["140213001207", "重复村", "村", "140213001"],  # row 6: duplicate code
                ["140213001201", "西王庄村", "村", ""],  # row 7: moved to the top
            ],
        )
        job = run(path, people.admin)
        assert job.status == ImportStatus.FAILED
        assert state() == before
        assert [(e["row"], e["column"]) for e in job.errors] == [
            (4, "名称"),
            (5, "类型"),
            (5, "上级编码"),
            (6, "编码"),
            (7, "上级编码"),
        ]
        assert job.error_count == 5
        assert "镇" in job.errors[1]["message"]
        assert "3" in job.errors[3]["message"]  # the row the code first came on
        copy = read_rows(imports.error_copy_path(job))
        assert copy[0][0] == "组织机构"
        assert copy[1][-1]  # the error column's header
        assert copy[2][-1] is None
        assert "[名称]" in copy[3][-1]
        assert "[类型]" in copy[4][-1] and "[上级编码]" in copy[4][-1]

    def test_a_parent_must_come_on_an_earlier_row(self, district, people, tmp_path):
        path = write_rows(
            tmp_path / "units.xlsx",
            [
                UNIT_HEADERS,
                ["140213004201", "后村", "村", "140213004"],
                ["140213004", "后街道", "街道", "140213"],
            ],
        )
        job = run(path, people.admin)
        assert job.status == ImportStatus.FAILED
        assert [(e["row"], e["column"]) for e in job.errors] == [(2, "上级编码")]

    def test_a_dry_run_counts_what_would_happen_and_writes_nothing(
        self, district, people, tmp_path
    ):
        before = state()
        path = write_rows(
            tmp_path / "units.xlsx",
            [UNIT_HEADERS, ["140213005", "新街道", "街道", "140213"], ["140213", "平城区", "区"]],
        )
        job = run(path, people.admin, dry_run=True)
        assert job.status == ImportStatus.SUCCEEDED
        assert (job.created_count, job.updated_count) == (1, 0)
        assert state() == before
        assert not imports.error_copy_path(job).exists()

    def test_required_columns_must_be_in_the_file(self, district, people, tmp_path):
        path = write_rows(tmp_path / "units.xlsx", [["编码", "地址"], ["140213", "x"]])
        job = run(path, people.admin)
        assert job.status == ImportStatus.FAILED
        assert "名称" in job.message and "类型" in job.message

    def test_the_progress_file_ends_full(self, district, people, tmp_path):
        path = write_rows(tmp_path / "units.xlsx", [UNIT_HEADERS, ["140213006", "街", "街道"]])
        job = run(path, people.admin, dry_run=True)
        assert imports.read_progress(job) == (1, 1, "done")

    def test_officers_may_not_import_units(self, district, people, tmp_path):
        path = write_rows(tmp_path / "units.xlsx", [UNIT_HEADERS])
        with pytest.raises(PermissionDenied):
            run(path, people.xwz_officer)

    def test_a_file_that_is_not_xlsx_is_refused_before_a_job_exists(self, people, tmp_path):
        with pytest.raises(ValidationError, match="not an Excel workbook"):
            imports.create_job(
                ledger=LEDGER,
                by=people.admin,
                upload=io.BytesIO(b"PK\x03\x04 not really a zip"),
                file_name="units.xlsx",
                dry_run=True,
            )
        assert not imports.ImportJob.objects.exists()


class MoneyLedger(Ledger):
    """A ledger shaped like the project bank's, to try the shared column kinds."""

    name = "money-test"
    columns = (
        Column("项目名称", "name", required=True),
        Column("总投资", "total", "money"),
        Column("开工时间", "start", "month"),
        Column("重点", "key", "bool"),
    )


class TestColumns:
    ledger = MoneyLedger()

    def parse(self, headers, row):
        mapping = self.ledger.map_headers(headers)
        context = ImportContext(user=None, units=mapping.units)
        return self.ledger.parse_row(mapping.values(self.ledger, row), context)

    def test_money_follows_the_unit_in_the_header(self):
        data, errors = self.parse(["项目名称", "总投资（亿元）"], ["甲", 1.2])
        assert (data["total"], errors) == (Decimal("12000.00"), [])

    def test_money_in_wan_by_default_and_a_unit_in_the_cell_wins(self):
        assert self.parse(["项目名称", "总投资"], ["甲", "809.68"])[0]["total"] == Decimal("809.68")
        data, _errors = self.parse(["项目名称", "总投资(万元)"], ["甲", "1.2亿元"])
        assert data["total"] == Decimal("12000.00")

    def test_an_unknown_unit_in_the_header_does_not_match(self):
        assert self.ledger.map_headers(["项目名称", "总投资（美元）"]).ignored == ["总投资（美元）"]

    def test_every_bad_cell_of_a_row_is_reported(self):
        data, errors = self.parse(
            ["项目名称", "总投资", "开工时间", "重点"], ["", "1.234", "明年", "也许"]
        )
        assert [error.column for error in errors] == [
            "项目名称",
            "总投资（万元）",
            "开工时间",
            "重点",
        ]
        assert data == {}

    def test_columns_missing_from_the_file_are_left_out(self):
        data, errors = self.parse(["项目名称", "开工时间"], ["甲", "2022年3月"])
        assert (sorted(data), errors) == (["name", "start"], [])


@pytest.mark.django_db
def test_a_unit_is_found_by_its_other_names_in_a_sheet(district, people, tmp_path):
    """A sheet that writes 发改局 for the unit called 区发改局 names it through its aliases."""
    services.update_unit(district.fagaiju, by=people.admin, aliases="平城区发展和改革局、发改局")
    assert Unit.objects.called("平城区发展和改革局") == [district.fagaiju]
    assert Unit.objects.called("发改局") == [district.fagaiju]
    assert Unit.objects.called("改革局") == []
    services.update_unit(district.xiaonantou, by=people.admin, aliases="发改局")
    assert len(Unit.objects.called("发改局")) == 2  # shared: ambiguous, the sheet must say more
