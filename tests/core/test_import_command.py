"""`taizhang import` and `taizhang export`: the same checks and scope as the pages."""

import io

import pytest
from django.core.management import CommandError, call_command

from taizhang.core.models import AuditEntry, Unit
from tests.excel_files import UNIT_HEADERS, read_rows, write_rows


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue()


@pytest.mark.django_db
class TestImportCommand:
    def test_it_imports_as_the_district_administrator(self, district, people, tmp_path):
        path = write_rows(
            tmp_path / "u.xlsx", [UNIT_HEADERS, ["140213010", "新街道", "街道", "140213"]]
        )
        output = run("import", "units", str(path))
        assert "1 new" in output
        created = AuditEntry.objects.get(object_repr="新街道")
        assert created.actor == people.admin

    def test_a_dry_run_writes_nothing(self, district, people, tmp_path):
        path = write_rows(
            tmp_path / "u.xlsx", [UNIT_HEADERS, ["140213010", "新街道", "街道", "140213"]]
        )
        count = Unit.objects.count()
        assert "1 new" in run("import", "units", str(path), "--dry-run")
        assert Unit.objects.count() == count

    def test_a_refused_file_lists_its_bad_rows_and_fails(self, district, people, tmp_path):
        path = write_rows(
            tmp_path / "u.xlsx",
            [["标题"], UNIT_HEADERS, ["140213011", "", "街道"], ["140213012", "街", "城"]],
        )
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import", "units", str(path), stdout=out, stderr=io.StringIO())
        lines = out.getvalue().splitlines()
        assert any(line.startswith("Row 3 [名称]") for line in lines)
        assert any(line.startswith("Row 4 [类型]") for line in lines)
        assert any(".errors.xlsx" in line for line in lines)
        assert not Unit.objects.filter(code__in=["140213011", "140213012"]).exists()

    def test_an_officer_may_not_import_units(self, district, people, tmp_path):
        path = write_rows(tmp_path / "u.xlsx", [UNIT_HEADERS])
        with pytest.raises(CommandError, match="may not import"):
            run("import", "units", str(path), "--user", "xwz")

    def test_an_unknown_ledger_names_the_known_ones(self, district, people, tmp_path):
        with pytest.raises(CommandError, match="units"):
            run("import", "nope", str(tmp_path / "u.xlsx"))


@pytest.mark.django_db
class TestExportCommand:
    def test_it_exports_the_filtered_list(self, district, people, tmp_path):
        path = tmp_path / "out.xlsx"
        assert "3 rows" in run("export", "units", str(path), "--filter", "kind=village")
        assert sorted(row[1] for row in read_rows(path)[1:]) == ["古城村", "塔儿村", "西王庄村"]

    def test_it_exports_what_the_user_may_read(self, district, people, tmp_path):
        path = tmp_path / "out.xlsx"
        run("export", "units", str(path), "--user", "xnt")
        assert sorted(row[1] for row in read_rows(path)[1:]) == ["塔儿村", "小南头街道", "西王庄村"]

    def test_an_exported_file_imports_back_unchanged(self, district, people, tmp_path):
        path = tmp_path / "out.xlsx"
        run("export", "units", str(path))
        assert "0 new, 0 changed, 8 unchanged" in run("import", "units", str(path), "--dry-run")
