"""Cash payments: the bank's list with ID numbers in full only for the programme's officers,
with a reason and recorded; the bank's results recorded back through the entitlements ledger,
all or nothing, each refusal named by row and column."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportStatus, PersonalDataAccess
from taizhang.welfare.models import Entitlement, PaymentStatus
from taizhang.welfare.services import payments
from tests.excel_files import read_rows, write_rows

LEDGER = get_ledger("welfare-entitlements")
HEADERS = ["编号", "批次编号", "公民身份号码", "发放结果", "发放日期", "银行备注"]
PAID_ON = datetime.date(2022, 1, 10)


def bank_file(cycle, by, reason="代发工资系统上传"):
    buffer = io.BytesIO()
    payments.bank_list(cycle, buffer, by=by, reason=reason)
    buffer.seek(0)
    return read_rows(buffer)


def test_the_bank_list_has_the_id_numbers_in_full_and_is_recorded(
    people, villagers, approved_cycle
):
    rows = bank_file(approved_cycle, people.xwz_officer)
    header, *data = rows
    assert header[:3] == ("编号", "批次编号", "批次")
    numbers = {row[header.index("公民身份号码")] for row in data}
    assert numbers == {villagers.wang.id_number, villagers.zhao.id_number}
    amounts = sorted(row[header.index("金额（元）")] for row in data)
    assert amounts == [150, 200]
    logged = PersonalDataAccess.objects.get()
    assert (logged.user, logged.row_count, logged.reason, logged.kind) == (
        people.xwz_officer,
        2,
        "代发工资系统上传",
        "export",
    )


def test_the_bank_list_needs_a_reason_an_approved_cycle_and_the_programmes_officer(
    people, draft_cycle, approved_cycle
):
    with pytest.raises(ValidationError):
        bank_file(approved_cycle, people.xwz_officer, reason=" ")
    for outsider in (people.taer_officer, people.leader, people.auditor):
        with pytest.raises(PermissionDenied):
            bank_file(approved_cycle, outsider)
    assert PersonalDataAccess.objects.count() == 0


def test_a_draft_cycle_has_no_bank_list(people, draft_cycle):
    with pytest.raises(ValidationError, match="not approved"):
        bank_file(draft_cycle, people.xwz_officer)


def result_rows(cycle, villagers, **changes):
    wang = cycle.entitlements.get(person=villagers.wang)
    zhao = cycle.entitlements.get(person=villagers.zhao)
    return [
        [wang.pk, cycle.pk, villagers.wang.id_number, "已发放", "2022-01-10", ""],
        [zhao.pk, cycle.pk, villagers.zhao.id_number, "发放失败", None, "账户已销户"],
    ]


def run(tmp_path: Path, rows, user):
    path = write_rows(tmp_path / "results.xlsx", [HEADERS, *rows])
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=LEDGER, by=user, upload=upload, file_name=path.name, dry_run=False
        )
    return imports.run_job(job)


def statuses(cycle):
    return dict(cycle.entitlements.values_list("person__name", "payment_status"))


def test_the_banks_results_are_recorded(people, villagers, approved_cycle, tmp_path):
    job = run(tmp_path, result_rows(approved_cycle, villagers), people.xwz_officer)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert statuses(approved_cycle) == {"王老汉": "paid", "赵奶奶": "failed"}
    wang = approved_cycle.entitlements.get(person=villagers.wang)
    assert wang.paid_on == PAID_ON
    assert approved_cycle.entitlements.get(person=villagers.zhao).payment_note == "账户已销户"


def test_a_row_matched_by_the_full_id_number_alone_is_recorded(
    people, villagers, approved_cycle, tmp_path
):
    rows = [[None, approved_cycle.pk, villagers.wang.id_number, "已发放", "2022-01-10", ""]]
    job = run(tmp_path, rows, people.xwz_officer)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert statuses(approved_cycle)["王老汉"] == PaymentStatus.PAID


def test_one_bad_row_refuses_the_whole_file_naming_row_and_column(
    people, villagers, district, approved_cycle, tmp_path
):
    from tests.factories import make_person

    stranger = make_person(district.xiwangzhuang, "外人", born="1950-01-01")
    rows = result_rows(approved_cycle, villagers)
    rows.append([None, approved_cycle.pk, stranger.id_number, "已发放", "2022-01-10", ""])
    rows.append([rows[0][0], approved_cycle.pk, villagers.zhao.id_number, "已发放", None, ""])
    job = run(tmp_path, rows, people.xwz_officer)
    assert job.status == ImportStatus.FAILED
    errors = {(error["row"], error["column"]): error["message"] for error in job.errors}
    assert "Nobody with this ID number is in cycle" in errors[(4, "公民身份号码")]
    assert "not that of 王老汉" in errors[(5, "公民身份号码")]
    assert statuses(approved_cycle) == {"王老汉": "pending", "赵奶奶": "pending"}


def test_a_paid_row_needs_its_day_and_pending_is_no_result(
    people, villagers, approved_cycle, tmp_path
):
    rows = result_rows(approved_cycle, villagers)
    rows[0][4] = None
    rows[1][3] = "待发放"
    job = run(tmp_path, rows, people.xwz_officer)
    errors = {(error["row"], error["column"]) for error in job.errors}
    assert errors == {(2, "发放日期"), (3, "发放结果")}
    assert statuses(approved_cycle) == {"王老汉": "pending", "赵奶奶": "pending"}


def test_results_of_a_draft_cycle_or_by_an_outsider_are_refused(
    people, villagers, draft_cycle, tmp_path
):
    job = run(tmp_path, result_rows(draft_cycle, villagers), people.xwz_officer)
    assert {error["column"] for error in job.errors} == {"批次编号"}
    assert "not approved" in job.errors[0]["message"]
    assert Entitlement.objects.filter(payment_status="paid").count() == 0


def test_an_officer_of_another_village_cannot_record_results(
    people, villagers, approved_cycle, tmp_path
):
    job = run(tmp_path, result_rows(approved_cycle, villagers), people.taer_officer)
    assert job.status == ImportStatus.FAILED
    assert {error["column"] for error in job.errors} == {"编号"}  # they cannot see them
    assert statuses(approved_cycle) == {"王老汉": "pending", "赵奶奶": "pending"}
