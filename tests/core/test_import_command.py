"""`taizhang import` and `taizhang export`: the same checks and scope as the pages."""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from taizhang.core.models import AuditEntry, Unit
from tests.excel_files import UNIT_HEADERS, read_rows, write_rows

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.django_db
class TestImportCommandRefusals:
    """A file or an option the command cannot use: the reason, naming the file, and a
    non-zero exit (CommandError, which `taizhang` prints without a traceback)."""

    def refusal(self, *args) -> str:
        with pytest.raises(CommandError) as raised:
            run("import", *args)
        return str(raised.value)

    def test_a_header_only_file_says_it_has_no_rows(self, district, people, tmp_path):
        path = write_rows(tmp_path / "header.xlsx", [UNIT_HEADERS])
        message = self.refusal("units", str(path))
        assert "header.xlsx" in message and "no rows below the header" in message

    def test_missing_required_columns_are_named(self, district, people, tmp_path):
        path = write_rows(tmp_path / "columns.xlsx", [["编码", "地址"], ["140213099", "x"]])
        message = self.refusal("units", str(path))
        assert "columns.xlsx" in message and "Required columns are missing" in message
        assert "名称" in message and "类型" in message

    def test_a_file_without_a_header_row_says_so(self, district, people, tmp_path):
        path = write_rows(tmp_path / "empty.xlsx", [])
        message = self.refusal("units", str(path))
        assert "empty.xlsx" in message and "No header row" in message

    @pytest.mark.parametrize(
        "content",
        [b"hello, not a workbook", b"PK\x03\x04" + b"\x00" * 200, b""],
        ids=["text", "broken-zip", "empty-file"],
    )
    def test_a_file_that_is_not_a_workbook_is_refused(self, district, people, tmp_path, content):
        path = tmp_path / "book.xlsx"
        path.write_bytes(content)
        message = self.refusal("units", str(path))
        assert "book.xlsx" in message and "not an Excel workbook" in message

    def test_a_zip_that_is_not_a_workbook_is_refused(self, district, people, tmp_path):
        path = tmp_path / "archive.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "hello")
        message = self.refusal("units", str(path))
        assert "archive.xlsx" in message and "not an Excel workbook" in message

    def test_a_workbook_with_a_corrupt_sheet_says_it_cannot_be_read(
        self, district, people, tmp_path
    ):
        good = write_rows(tmp_path / "good.xlsx", [UNIT_HEADERS, ["1", "x", "村", "140213"]])
        path = tmp_path / "corrupt.xlsx"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.startswith("xl/worksheets/"):
                    data = data[: len(data) // 2]  # cut off mid-XML
                target.writestr(item, data)
        message = self.refusal("units", str(path))
        assert "corrupt.xlsx" in message and "could not be read" in message

    def test_a_path_that_does_not_exist_is_named(self, district, people, tmp_path):
        message = self.refusal("units", str(tmp_path / "nowhere.xlsx"))
        assert "nowhere.xlsx" in message and "no such file" in message

    def test_a_folder_is_not_a_file(self, district, people, tmp_path):
        message = self.refusal("units", str(tmp_path))
        assert str(tmp_path) in message and "not a file" in message

    def test_an_unknown_ledger_is_named(self, district, people, tmp_path):
        path = write_rows(tmp_path / "u.xlsx", [UNIT_HEADERS])
        message = self.refusal("nope", str(path))
        assert "nope" in message and "projects" in message

    @pytest.mark.parametrize("year", ["1900", "99999", "-1"])
    def test_a_year_out_of_range_is_refused(self, district, people, tmp_path, year):
        path = write_rows(tmp_path / "p.xlsx", [["项目名称"]])
        message = self.refusal("projects", str(path), "--year", year)
        assert "The year must be from 2000 to 2100" in message

    def test_a_year_for_a_ledger_without_one_is_refused(self, district, people, tmp_path):
        path = write_rows(tmp_path / "u.xlsx", [UNIT_HEADERS])
        assert "takes no year" in self.refusal("units", str(path), "--year", "2024")

    def test_a_year_that_is_not_a_number_is_refused(self, district, people, tmp_path):
        path = write_rows(tmp_path / "u.xlsx", [UNIT_HEADERS])
        assert "--year" in self.refusal("projects", str(path), "--year", "abc")

    def test_the_command_line_prints_the_reason_without_a_traceback(self, tmp_path):
        path = write_rows(tmp_path / "header.xlsx", [UNIT_HEADERS])
        env = {**os.environ, "TAIZHANG_DATA_DIR": str(tmp_path)}
        env.pop("DATABASE_URL", None)
        taizhang = [sys.executable, "-m", "taizhang"]
        subprocess.run([*taizhang, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        admin = "from tests.factories import make_user; make_user('root', 'district_admin')"
        subprocess.run([*taizhang, "shell", "-c", admin], env=env, check=True, cwd=ROOT)
        done = subprocess.run(
            [*taizhang, "import", "units", str(path), "--user", "root"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert "header.xlsx" in done.stderr
