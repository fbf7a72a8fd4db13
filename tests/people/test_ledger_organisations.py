"""The organisations ledger: create and update by credit code, refusals by row and column with
nothing written, dry run, scope, synonyms, full-width input, masked export."""

from pathlib import Path

import pytest

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import AuditEntry, ImportStatus
from taizhang.lib.credit_code import make_credit_code
from taizhang.people.models import Organisation
from tests.excel_files import write_rows
from tests.factories import make_organisation

LEDGER = get_ledger("organisations")
HEADERS = [
    "名称",
    "类型",
    "统一社会信用代码",
    "法定代表人/经营者",
    "联系人",
    "联系电话",
    "地址",
    "所属单位",
]
CODE = make_credit_code("91140213MA0K12345")
OTHER_CODE = make_credit_code("92140213MA0K54321")


def row(name="王记汽修", kind="个体工商户", code=CODE, unit="西王庄村", phone="13912345678"):
    return [name, kind, code, "王大山", "王小山", phone, "西王庄村2号", unit]


def run(path: Path, user, *, dry_run: bool = False):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=LEDGER, by=user, upload=upload, file_name=path.name, dry_run=dry_run
        )
    return imports.run_job(job)


def sheet(tmp_path, rows, headers=HEADERS, title=None):
    return write_rows(tmp_path / "orgs.xlsx", [*([title] if title else []), headers, *rows])


def state():
    return list(Organisation.objects.values_list()), AuditEntry.objects.count()


def errors_of(job):
    return {(error["row"], error["column"]): error["message"] for error in job.errors}


@pytest.mark.django_db
class TestImport:
    def test_rows_register_organisations(self, district, people, tmp_path):
        rows = [row(), row(name="幸福小区物业", kind="物业公司", code=OTHER_CODE)]
        job = run(sheet(tmp_path, rows), people.xwz_officer)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        shop = Organisation.objects.get(credit_code=CODE)
        assert (shop.kind, shop.unit, shop.contact_phone) == (
            "shop",
            district.xiwangzhuang,
            "13912345678",
        )
        assert Organisation.objects.get(credit_code=OTHER_CODE).kind == "property_manager"

    def test_title_rows_synonyms_and_full_width_input(self, district, people, tmp_path):
        headers = [
            "单位名称",
            "主体类型",
            "信用代码",
            "法人",
            "联系人",
            "电话",
            "经营地址",
            "所属村（社区）",
        ]
        wide = CODE.translate(str.maketrans("0123456789MAK", "０１２３４５６７８９ＭＡＫ"))
        job = run(sheet(tmp_path, [row(code=wide)], headers, ["单位主体台账"]), people.xwz_officer)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        assert Organisation.objects.get().credit_code == CODE

    def test_a_row_with_a_registered_code_updates_it_and_a_masked_phone_is_kept(
        self, district, people, tmp_path
    ):
        shop = make_organisation(
            district.xiwangzhuang, "旧名", credit_code=CODE, contact_phone="13800001111"
        )
        job = run(sheet(tmp_path, [row(phone="138****1111")]), people.xwz_officer)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        assert job.updated_count == 1
        shop.refresh_from_db()
        assert (shop.name, shop.contact_phone, shop.version) == ("王记汽修", "13800001111", 2)

    def test_a_dry_run_writes_nothing(self, district, people, tmp_path):
        before = state()
        job = run(sheet(tmp_path, [row()]), people.xwz_officer, dry_run=True)
        assert job.status == ImportStatus.SUCCEEDED, job.errors
        assert state() == before


@pytest.mark.django_db
class TestRefusals:
    def refused(self, tmp_path, rows, user):
        before = state()
        job = run(sheet(tmp_path, rows), user)
        assert job.status == ImportStatus.FAILED
        assert state() == before
        return errors_of(job)

    def test_a_wrong_check_character(self, district, people, tmp_path):
        wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
        errors = self.refused(tmp_path, [row(code=OTHER_CODE), row(code=wrong)], people.xwz_officer)
        assert list(errors) == [(3, "统一社会信用代码")]
        assert "check character" in errors[(3, "统一社会信用代码")]

    def test_a_duplicate_in_the_file(self, district, people, tmp_path):
        errors = self.refused(tmp_path, [row(), row(name="另一家")], people.xwz_officer)
        assert errors[(3, "统一社会信用代码")] == (
            "The same organisation is already on row 2 of this file."
        )

    def test_a_code_registered_outside_the_users_unit(self, district, people, tmp_path):
        make_organisation(district.taer, "塔儿村商店", credit_code=CODE)
        errors = self.refused(tmp_path, [row()], people.xwz_officer)
        assert "outside your unit" in errors[(2, "统一社会信用代码")]

    def test_a_name_already_registered_without_a_code(self, district, people, tmp_path):
        make_organisation(district.xiwangzhuang, "王记汽修")
        errors = self.refused(tmp_path, [row(code=None)], people.xwz_officer)
        assert "give its credit code" in errors[(2, "名称")]

    def test_an_unknown_kind_unit_and_another_villages_unit(self, district, people, tmp_path):
        errors = self.refused(
            tmp_path,
            [
                row(kind="外星公司"),
                row(code=OTHER_CODE, unit="无此村"),
                row(code=None, unit="塔儿村"),
            ],
            people.xwz_officer,
        )
        assert "is not one of" in errors[(2, "类型")]
        assert "No org unit" in errors[(3, "所属单位")]
        assert "You may not register organisations of 塔儿村" in errors[(4, "所属单位")]

    def test_a_masked_phone_for_a_new_organisation(self, district, people, tmp_path):
        errors = self.refused(tmp_path, [row(phone="139****5678")], people.xwz_officer)
        assert "masked" in errors[(2, "联系电话")]


@pytest.mark.django_db
def test_the_export_masks_the_phone_and_keeps_to_the_users_scope(district, people):
    make_organisation(
        district.xiwangzhuang, "王记汽修", credit_code=CODE, contact_phone="13912345678"
    )
    make_organisation(district.taer, "塔儿村商店")
    queryset, _errors = LEDGER.filtered_queryset(people.leader, {})
    rows = {values[0]: values for values in LEDGER.export_rows(queryset, people.leader)}
    assert rows["王记汽修"][1:3] == ["个体工商户", CODE]
    assert rows["王记汽修"][5] == "139****5678"
    scoped, _errors = LEDGER.filtered_queryset(people.xwz_officer, {})
    assert [values[0] for values in LEDGER.export_rows(scoped, people.xwz_officer)] == ["王记汽修"]
