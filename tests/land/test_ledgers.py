"""The land ledgers: the township's 流转台账 (contracts with their parcels), payments and the
collective's income, imported all or nothing with each bad row named by row and column, and
exported back."""

import datetime
from pathlib import Path

import pytest

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportStatus
from taizhang.land.models import CollectiveIncome, Contract, DuePayment, Payment
from tests.excel_files import write_rows
from tests.factories import day_setter, make_organisation
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


CONTRACT_HEADERS = [
    "合同编号",
    "村（社区）",
    "流转方式",
    "流出方户号",
    "地块编码",
    "流转面积（亩）",
    "受让方",
    "用途",
    "起始日期",
    "截止日期",
    "每亩每年价款（元）",
    "村集体备案日期",
    "乡镇备案日期",
    "签订日期",
    "经村集体流转",
    "每年支付月",
    "每年支付日",
    "双方权利义务",
    "征收补偿归属",
    "违约责任",
]


def contract_row(number, household, code, area="10", **changes):
    values = {
        "合同编号": number,
        "村（社区）": "西王庄村",
        "流转方式": "出租",
        "流出方户号": household,
        "地块编码": code,
        "流转面积（亩）": area,
        "受让方": "西王庄高粱合作社",
        "用途": "高粱种植",
        "起始日期": "2022-03-01",
        "截止日期": "2025-02-28",
        "每亩每年价款（元）": "650",
        "村集体备案日期": "2022-02-25",
        "乡镇备案日期": "",
        "签订日期": "2022-02-20",
        "经村集体流转": "是",
        "每年支付月": "3",
        "每年支付日": "1",
        "双方权利义务": "按约定用途种植",
        "征收补偿归属": "承包农户",
        "违约责任": "逾期每日万分之五",
    }
    values.update(changes)
    return [values[header] for header in CONTRACT_HEADERS]


@pytest.fixture
def parcels(district, monkeypatch):
    day_setter(monkeypatch, datetime.date(2023, 6, 1))
    make_organisation(district.xiwangzhuang, "西王庄高粱合作社")
    return village_land(district.xiwangzhuang, 3)


def test_contracts_are_imported_each_with_the_parcels_of_its_rows(parcels, people, tmp_path):
    rows = [
        contract_row("XWZ-01", "H1", "H1-1"),
        contract_row("XWZ-02", "H3", "H3-1", "8"),
        contract_row("XWZ-01", "H2", "H2-1", "5.5"),
    ]
    path = write_rows(tmp_path / "c.xlsx", [CONTRACT_HEADERS, *rows])
    job = run("land-contracts", path, people.xwz_officer)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    first = Contract.objects.get(number="XWZ-01")
    assert first.via_collective and first.transferee.name == "西王庄高粱合作社"
    assert sorted(first.parcels.values_list("area_mu", flat=True)) == [5.5, 10]
    assert first.filed_with_collective_on == datetime.date(2022, 2, 25)
    dues = DuePayment.objects.filter(contract=first, due_on=datetime.date(2022, 2, 20))
    assert sorted(dues.values_list("amount_yuan", flat=True)) == [3575, 6500]
    assert Contract.objects.get(number="XWZ-02").parcels.get().area_mu == 8
    # The export of what was imported imports back as the same rows.
    ledger = get_ledger("land-contracts")
    queryset, _errors = ledger.filtered_queryset(people.xwz_officer, {})
    exported = list(ledger.export_rows(queryset, people.xwz_officer))
    assert [row[:5] for row in exported] == [
        ["XWZ-01", "西王庄村", "出租", "H1", "H1-1"],
        ["XWZ-01", "西王庄村", "出租", "H2", "H2-1"],
        ["XWZ-02", "西王庄村", "出租", "H3", "H3-1"],
    ]


def test_a_bad_contract_row_refuses_the_whole_file_naming_row_and_column(parcels, people, tmp_path):
    make_contract(parcels[2].household.unit, [(parcels[2], "10")], number="HT-OLD")
    rows = [
        contract_row("XWZ-01", "H1", "H1-1"),
        contract_row("XWZ-01", "H2", "H2-1", 用途="玉米种植"),  # 3: differs from row 2
        contract_row("XWZ-03", "H9", "H9-1"),  # 4: no such parcel
        contract_row("XWZ-04", "H2", "H2-1", "10.5"),  # 5: above the registered area
        contract_row("XWZ-05", "H1", "H1-1"),  # 6: transferred by row 2 for these dates
        contract_row("XWZ-06", "H3", "H3-1"),  # 7: transferred by HT-OLD
        contract_row("HT-OLD", "H2", "H2-1", 起始日期="2026-03-01", 截止日期="2027-02-28"),
        contract_row("XWZ-08", "H2", "H2-1", 受让方="无名公司", 起始日期="2030-03-01"),
        contract_row("XWZ-09", "H2", "H2-1", 截止日期="2060-12-31"),  # 10: past the term
        contract_row("XWZ-10", "H2", "H2-1", 违约责任=""),  # 11: a clause missing
    ]
    path = write_rows(tmp_path / "c.xlsx", [CONTRACT_HEADERS, *rows])
    job = run("land-contracts", path, people.xwz_officer)
    assert job.status == ImportStatus.FAILED
    errors = errors_of(job)
    assert "row 2" in errors[(3, "用途")]
    assert "H9" in errors[(4, "地块编码")]
    assert "registered area" in errors[(5, "地块编码")]
    assert "row 2" in errors[(6, "地块编码")]
    assert "HT-OLD" in errors[(7, "地块编码")]
    assert "already has a contract of this number" in errors[(8, "合同编号")]
    assert "无名公司" in errors[(9, "受让方")]
    assert "contracting term" in errors[(10, "地块编码")]
    assert (11, "违约责任") in errors
    assert list(Contract.objects.values_list("number", flat=True)) == ["HT-OLD"]


def test_another_villages_officer_cannot_import_contracts_of_xiwangzhuang(
    parcels, people, tmp_path
):
    path = write_rows(tmp_path / "c.xlsx", [CONTRACT_HEADERS, contract_row("X", "H1", "H1-1")])
    job = run("land-contracts", path, people.taer_officer)
    assert job.status == ImportStatus.FAILED
    assert (2, "村（社区）") in errors_of(job)
    assert not Contract.objects.exists()
