"""The land ledgers: the township's 流转台账 exported with each contract's parcels, payments
and the collective's income imported all or nothing with each bad row named by row and
column, and exported back."""

import datetime
from pathlib import Path

import pytest

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportStatus
from taizhang.land.models import CollectiveIncome, DuePayment, Payment
from tests.excel_files import write_rows
from tests.factories import day_setter
from tests.land.factories import make_contract, village_land

pytestmark = pytest.mark.django_db
PAYMENT_HEADERS = [
    "合同编号",
    "户号",
    "应付日期",
    "支付日期",
    "金额（元）",
    "支付方式",
    "收据编号",
    "备注",
]
INCOME_HEADERS = ["村（社区）", "来源", "金额（元）", "收入日期", "说明"]


def run(name: str, path: Path, user):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger(name), by=user, upload=upload, file_name=path.name, dry_run=False
        )
    return imports.run_job(job)


def errors_of(job):
    return {(error["row"], error["column"]): error["message"] for error in job.errors}


@pytest.fixture
def contract(district, monkeypatch):
    day_setter(monkeypatch, datetime.date(2023, 6, 1))
    parcels = village_land(district.xiwangzhuang, 2)
    return make_contract(district.xiwangzhuang, [(parcel, "10") for parcel in parcels])


def test_payments_are_imported_against_what_is_due(contract, people, tmp_path):
    rows = [
        ["HT-1", "H1", "2022-02-20", "2022-02-21", "6000", "银行转账", "R1", ""],
        ["HT-1", "H2", "2022-02-20", "2022-02-22", "6000", "现金", "R2", ""],
    ]
    job = run(
        "land-payments",
        write_rows(tmp_path / "p.xlsx", [PAYMENT_HEADERS, *rows]),
        people.xwz_officer,
    )
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert sorted(Payment.objects.values_list("receipt", flat=True)) == ["R1", "R2"]


def test_a_bad_payment_row_refuses_the_whole_file_naming_row_and_column(contract, people, tmp_path):
    rows = [
        ["HT-1", "H1", "2022-02-20", "2022-02-21", "6000", "银行转账", "R1", ""],
        ["HT-1", "H9", "2022-02-20", "2022-02-21", "6000", "银行转账", "R2", ""],
        ["HT-1", "H2", "2022-02-20", "2022-02-21", "9000", "银行转账", "R3", ""],
    ]
    job = run(
        "land-payments",
        write_rows(tmp_path / "p.xlsx", [PAYMENT_HEADERS, *rows]),
        people.xwz_officer,
    )
    assert job.status == ImportStatus.FAILED
    errors = errors_of(job)
    assert "H9" in errors[(3, "合同编号")]
    assert any(row == 4 for row, _column in errors), errors
    assert not Payment.objects.exists()


def test_another_villages_officer_cannot_import_its_payments(contract, people, tmp_path):
    rows = [["HT-1", "H1", "2022-02-20", "2022-02-21", "6000", "现金", "", ""]]
    job = run(
        "land-payments",
        write_rows(tmp_path / "p.xlsx", [PAYMENT_HEADERS, *rows]),
        people.taer_officer,
    )
    assert job.status == ImportStatus.FAILED and not Payment.objects.exists()


def test_income_is_imported_and_refused_for_another_village(
    district, people, tmp_path, monkeypatch
):
    day_setter(monkeypatch, datetime.date(2023, 6, 1))
    good = [
        ["西王庄村", "流转服务费", "1200", "2022-03-01", "服务费"],
        ["西王庄村", "分红", "5000", "2022-12-20", ""],
    ]
    job = run(
        "land-income", write_rows(tmp_path / "i.xlsx", [INCOME_HEADERS, *good]), people.xwz_officer
    )
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert CollectiveIncome.objects.count() == 2
    bad = [*good, ["塔儿村", "分红", "5000", "2022-12-20", ""], ["西王庄村", "彩票", "-1", "x", ""]]
    job = run(
        "land-income", write_rows(tmp_path / "j.xlsx", [INCOME_HEADERS, *bad]), people.xwz_officer
    )
    assert job.status == ImportStatus.FAILED
    errors = errors_of(job)
    assert (4, "村（社区）") in errors
    assert {(5, "来源"), (5, "收入日期")} <= set(errors)
    assert CollectiveIncome.objects.count() == 2


def test_the_transfer_ledger_exports_each_contracts_parcels(contract, people, tmp_path):
    ledger = get_ledger("land-contracts")
    queryset, errors = ledger.filtered_queryset(people.xwz_officer, {})
    assert errors == {}
    rows = list(ledger.export_rows(queryset, people.xwz_officer))
    assert [row[:5] for row in rows] == [
        ["HT-1", "西王庄村", "出租", "H1", "H1-1"],
        ["HT-1", "西王庄村", "出租", "H2", "H2-1"],
    ]
    other, _errors = ledger.filtered_queryset(people.taer_officer, {})
    assert not other.exists()
    assert DuePayment.objects.exists()
