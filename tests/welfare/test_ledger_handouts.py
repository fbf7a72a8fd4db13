"""The hand-outs ledger: a paper sign-for list imported all or nothing, with the reason of each
bad row (an ID not in the registry, a second hand-out, no stock); the export masks ID numbers."""

from __future__ import annotations

import datetime

import pytest

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportStatus
from taizhang.lib.idcard import make_id_number
from taizhang.welfare.models import Handout
from tests.excel_files import write_rows
from tests.welfare.factories import make_cycle, make_entitlement, stock_up
from tests.welfare.test_handouts import signature_png

LEDGER = get_ledger("welfare-handouts")
HEADERS = ["项目", "批次", "公民身份号码", "领取日期", "领取人"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(spring_goods, villagers):
    cycle = make_cycle(spring_goods)
    stock_up(cycle, villagers.wang.unit, 2)
    cycle.wang = make_entitlement(cycle, villagers.wang, villagers.wang_household)
    cycle.zhao = make_entitlement(cycle, villagers.zhao, villagers.zhao_household)
    cycle.sun = make_entitlement(cycle, villagers.sun, villagers.sun_household)
    return cycle


def run(tmp_path, user, rows):
    path = write_rows(tmp_path / "handouts.xlsx", [HEADERS, *rows])
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=LEDGER, by=user, upload=upload, file_name=path.name, dry_run=False
        )
    return imports.run_job(job)


def errors_of(job):
    return {(error["row"], error["column"]): error["message"] for error in job.errors}


def test_a_paper_list_records_the_hand_outs(cycle, villagers, people, tmp_path):
    job = run(
        tmp_path,
        people.xwz_officer,
        [
            ["春节慰问品", "春节", villagers.wang_son.id_number, "2022-01-21", "王小"],
            ["春节慰问品", "2022-01-20", villagers.zhao.id_number, "2022-01-21", "赵奶奶"],
        ],
    )
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    handouts = Handout.objects.order_by("pk")
    assert [(h.entitlement, h.method, h.received_by) for h in handouts] == [
        (cycle.wang, "paper", "王小"),
        (cycle.zhao, "paper", "赵奶奶"),
    ]


def test_bad_rows_are_named_and_nothing_is_written(cycle, villagers, people, tmp_path):
    from taizhang.welfare.services import handouts

    handouts.record_handout(
        cycle.zhao, by=people.xwz_officer, received_by="赵奶奶", signature=signature_png()
    )
    unknown = make_id_number("140213", datetime.date(1970, 1, 1), 999)
    job = run(
        tmp_path,
        people.xwz_officer,
        [
            ["春节慰问品", "春节", villagers.wang.id_number, "2022-01-21", "王小"],
            ["春节慰问品", "春节", unknown, "2022-01-21", "某人"],
            ["春节慰问品", "春节", villagers.zhao.id_number, "2022-01-21", "赵奶奶"],
            ["春节慰问品", "春节", villagers.sun.id_number, "2022-01-21", "孙大"],
            ["春节慰问品", "春节", villagers.wang_son.id_number, "2022-01-21", "王小"],
        ],
    )
    assert job.status == ImportStatus.FAILED
    errors = errors_of(job)
    assert "not in the registry" in errors[(3, "公民身份号码")]
    assert "Already handed out" in errors[(4, "公民身份号码")]
    assert "Not enough stock" in errors[(5, "公民身份号码")]
    assert "already on row 2" in errors[(6, "公民身份号码")]
    assert Handout.objects.count() == 1


def test_another_village_cannot_enter_xiwangzhuang_s_list(cycle, villagers, people, tmp_path):
    job = run(
        tmp_path,
        people.taer_officer,
        [["春节慰问品", "春节", villagers.wang.id_number, "2022-01-21", "王小"]],
    )
    assert job.status == ImportStatus.FAILED and not Handout.objects.exists()


def test_the_export_masks_the_id_numbers(cycle, villagers, people):
    from taizhang.welfare.services import handouts

    handouts.record_handout(
        cycle.wang, by=people.xwz_officer, received_by="王小", signature=signature_png()
    )
    queryset, errors = LEDGER.filtered_queryset(people.xwz_officer, {})
    assert not errors
    rows = list(LEDGER.export_rows(queryset, people.xwz_officer))
    assert len(rows) == 1
    number = villagers.wang.id_number
    assert number not in rows[0] and f"{number[:4]}**********{number[-4:]}" in rows[0]
    assert "XWZ-001" in rows[0] and "王小" in rows[0]
