"""The enrolment ledger: an export filtered like the page with masked ID numbers, and an import
that enrols people found by their ID number through `enrol`, refusing by row and column (an
ID number not in the registry, a masked one, a name that does not match, a person who does
not qualify, the same person twice) with nothing written."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from taizhang.core import imports
from taizhang.core.access import SYSTEM
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportStatus
from taizhang.lib.masking import mask_id_number
from taizhang.welfare.models import Enrolment
from taizhang.welfare.services import enrolments
from tests.excel_files import write_rows
from tests.welfare.conftest import CYCLE_DAY

pytestmark = pytest.mark.django_db
LEDGER = get_ledger("welfare-enrolments")
HEADERS = ["项目名称", "姓名", "公民身份号码", "起始日期", "金额（元）", "收入不稳定"]
UNKNOWN_ID = "140213194001010000"


def run(path: Path, user, *, dry_run: bool = False):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=LEDGER, by=user, upload=upload, file_name=path.name, dry_run=dry_run
        )
    return imports.run_job(job)


def sheet(tmp_path, rows):
    return write_rows(tmp_path / "enrolments.xlsx", [HEADERS, *rows])


def row(person, programme="60岁以上老人生活补贴", day="2022-01-01", number=None):
    return [programme, person.name, number or person.id_number, day, "", "否"]


def errors_of(job):
    return {(error["row"], error["column"]): error["message"] for error in job.errors}


def test_rows_enrol_the_people_found_by_id_number(district, people, villagers, allowance, tmp_path):
    job = run(sheet(tmp_path, [row(villagers.wang), row(villagers.zhao)]), people.xwz_officer)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert set(Enrolment.objects.values_list("person__name", flat=True)) == {"王老汉", "赵奶奶"}
    assert all(e.enrolled_by == people.xwz_officer for e in Enrolment.objects.all())


@pytest.mark.parametrize(
    ("case", "column", "text"),
    [
        ("unknown", "公民身份号码", "registry"),
        ("masked", "公民身份号码", "masked"),
        ("name", "姓名", "王老汉"),
        ("twice", "公民身份号码", "twice"),
        ("too_young", "公民身份号码", "孙大"),
        ("programme", "项目名称", "不存在的项目"),
    ],
)
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_enrolled(
    district, people, villagers, allowance, tmp_path, case, column, text
):
    v = villagers
    bad = {
        "unknown": [v.wang.name, UNKNOWN_ID],
        "masked": [v.wang.name, mask_id_number(v.wang.id_number)],
        "name": ["王小二", v.wang.id_number],
        "twice": [v.zhao.name, v.zhao.id_number],
        "too_young": [v.sun.name, v.sun.id_number],
        "programme": [v.wang.name, v.wang.id_number],
    }[case]
    bad_row = row(SimpleNamespace(name=bad[0], id_number=bad[1]))
    if case == "programme":
        bad_row[0] = "不存在的项目"
    job = run(sheet(tmp_path, [row(v.zhao), bad_row]), people.xwz_officer)
    assert job.status == ImportStatus.FAILED
    errors = errors_of(job)
    assert (3, column) in errors, errors
    assert text in errors[(3, column)] or text in job.message
    assert not Enrolment.objects.exists()


def test_a_resident_of_another_village_is_not_in_the_importers_registry(
    district, people, villagers, allowance, tmp_path
):
    job = run(sheet(tmp_path, [row(villagers.li)]), people.xwz_officer)
    assert (2, "公民身份号码") in errors_of(job)
    assert not Enrolment.objects.exists()


def test_a_dry_run_enrols_nobody(district, people, villagers, allowance, tmp_path):
    job = run(sheet(tmp_path, [row(villagers.wang)]), people.xwz_officer, dry_run=True)
    assert not job.errors and not Enrolment.objects.exists()


def test_the_export_masks_id_numbers_filters_like_the_page_and_imports_back_refused(
    district, people, villagers, allowance
):
    enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    enrolments.enrol(allowance, villagers.zhao, by=SYSTEM, started_on=CYCLE_DAY)
    queryset, errors = LEDGER.filtered_queryset(
        people.xwz_officer, {"q": villagers.wang.id_number[-4:]}
    )
    rows = list(LEDGER.export_rows(queryset, people.xwz_officer))
    assert not errors and len(rows) == 1
    assert rows[0][:3] == [
        "60岁以上老人生活补贴",
        "王老汉",
        mask_id_number(villagers.wang.id_number),
    ]
    assert villagers.wang.id_number not in [str(value) for value in rows[0]]
    outside, _errors = LEDGER.filtered_queryset(people.taer_officer, {})
    assert list(LEDGER.export_rows(outside, people.taer_officer)) == []
