"""The entitlements ledger ("welfare-entitlements"): the filtered export masks ID numbers, the
export with full personal data is a district writer's, with a reason, recorded; the template;
the bank's results come back through the same columns (tests/welfare/test_payments.py)."""

import io

import pytest

from taizhang.core.models import PersonalDataAccess
from tests.conftest import client_for
from tests.excel_files import read_rows

pytestmark = pytest.mark.django_db
EXPORT = "/ledgers/welfare-entitlements/export.xlsx"
FULL = "/ledgers/welfare-entitlements/export-full/"


def rows_of(response):
    return read_rows(io.BytesIO(b"".join(response.streaming_content)))


def test_the_export_is_the_filtered_list_with_masked_id_numbers(people, villagers, approved_cycle):
    response = client_for(people.xwz_officer).get(
        EXPORT, {"cycle": approved_cycle.pk, "q": "王老汉"}
    )
    assert response.status_code == 200
    header, *rows = rows_of(response)
    assert list(header) == [
        "编号", "批次编号", "批次", "项目", "村（社区）", "姓名", "公民身份号码", "金额（元）",
        "发放结果", "发放日期", "银行备注", "已领取",
    ]  # fmt: skip
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    number = villagers.wang.id_number
    assert row["姓名"] == "王老汉" and row["公民身份号码"] == f"{number[:4]}{'*' * 10}{number[-4:]}"
    assert (row["批次"], row["项目"], row["金额（元）"], row["发放结果"], row["已领取"]) == (
        "2022-01",
        "60岁以上老人生活补贴",
        150,
        "待发放",
        "否",
    )


def test_an_officer_of_another_village_exports_nothing_of_it(people, approved_cycle):
    response = client_for(people.taer_officer).get(EXPORT)
    assert len(rows_of(response)) == 1  # the header only


def test_the_full_export_is_a_district_writers_with_a_reason_and_recorded(
    people, villagers, approved_cycle
):
    admin = client_for(people.admin)
    assert admin.post(FULL, {"reason": ""}).status_code == 400
    response = admin.post(f"{FULL}?cycle={approved_cycle.pk}", {"reason": "年度审计抽查"})
    header, *rows = rows_of(response)
    numbers = {row[header.index("公民身份号码")] for row in rows}
    assert numbers == {villagers.wang.id_number, villagers.zhao.id_number}
    logged = PersonalDataAccess.objects.get()
    assert (logged.ledger, logged.row_count) == ("welfare-entitlements", 2)
    # A village officer gets the cycle's bank list instead (services/payments.py).
    assert client_for(people.xwz_officer).get(FULL).status_code == 403
    assert client_for(people.leader).get(FULL).status_code == 403


def test_the_template_lists_the_columns(people):
    response = client_for(people.xwz_officer).get("/ledgers/welfare-entitlements/template.xlsx")
    assert response.status_code == 200
    assert "发放结果" in rows_of(response)[0]
