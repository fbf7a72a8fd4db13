"""The roster import (退休人员名册): each row's person found in the people registry by the
citizen ID number, or registered there first, then put on the roster; every bad row refused by
row and column, and nothing written."""

import datetime
from pathlib import Path

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportStatus
from taizhang.lib.idcard import make_id_number
from taizhang.people.models import Person
from taizhang.retirees.models import PartyTransfer, Retiree
from tests.excel_files import write_rows
from tests.factories import make_person

HEADERS = ["姓名", "公民身份号码", "社区", "原工作单位", "退休时间", "党员", "社会保障号码"]


def number(born: str, sequence: int) -> str:
    return make_id_number("140213", datetime.date.fromisoformat(born), sequence)


def run(path: Path, user):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger("retirees-roster"),
            by=user,
            upload=upload,
            file_name=path.name,
            dry_run=False,
        )
    return imports.run_job(job)


def errors_of(job):
    return {(error["row"], error["column"]): error["message"] for error in job.errors}


def test_the_roster_is_imported_registering_new_people_and_reusing_known_ones(
    district, retirees, people, tmp_path
):
    known = make_person(district.xiwangzhuang, "孙已登记", born="1952-07-07")
    rows = [
        [known.name, known.id_number, "西王庄村", "机车配件厂", "2012-07-07", "否", ""],
        ["周新来", number("1955-02-02", 331), "西王庄村", "纺织二厂", "2015-02-02", "是", ""],
    ]
    job = run(write_rows(tmp_path / "r.xlsx", [HEADERS, *rows]), people.xwz_officer)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert Person.objects.filter(name="孙已登记").count() == 1  # not registered twice
    sun = Retiree.objects.get(person=known)
    assert sun.employer == retirees.factory  # the registry's organisation of that name
    zhou = Retiree.objects.get(person__name="周新来")
    assert zhou.person.unit == district.xiwangzhuang and zhou.person.birth_date.year == 1955
    assert zhou.employer_name == "纺织二厂" and zhou.party_transfer == PartyTransfer.PENDING
    assert zhou.next_due_on == datetime.date(2016, 2, 2)


def test_a_bad_roster_row_refuses_the_whole_file_naming_row_and_column(
    district, retirees, people, tmp_path
):
    elsewhere = make_person(district.taer, "吴塔儿", born="1950-03-03")
    new = number("1956-04-04", 441)
    rows = [
        ["郑可以", new, "西王庄村", "砖厂", "2016-04-04", "否", ""],
        ["郑重复", new, "西王庄村", "砖厂", "2016-04-04", "否", ""],  # 3: same number as row 2
        ["王退休", retirees.wang.person.id_number, "西王庄村", "x", "2010-01-01", "否", ""],
        ["冒名", elsewhere.id_number[:17] + "0", "西王庄村", "x", "2010-01-01", "否", ""],
        [elsewhere.name, elsewhere.id_number, "西王庄村", "x", "2010-01-01", "否", ""],
        ["钱未来", number("1960-05-05", 551), "西王庄村", "x", "2030-01-01", "否", ""],
        ["李早", number("1960-05-05", 553), "西王庄村", "x", "1950-01-01", "否", ""],
        ["越权", number("1958-06-06", 661), "塔儿村", "x", "2018-06-06", "否", ""],
        ["改名", retirees.zhao.person.id_number, "西王庄村", "x", "2000-03-01", "否", ""],
    ]
    job = run(write_rows(tmp_path / "r.xlsx", [HEADERS, *rows]), people.xwz_officer)
    assert job.status == ImportStatus.FAILED
    errors = errors_of(job)
    assert "row 2" in errors[(3, "公民身份号码")]
    assert "already on the roster" in errors[(4, "公民身份号码")]
    assert (5, "公民身份号码") in errors  # a wrong check character
    assert (6, "社区") in errors  # registered in 塔儿村
    assert "future" in errors[(7, "退休时间")]
    assert "before the birth date" in errors[(8, "退休时间")]
    assert (9, "社区") in errors  # not a community the officer writes for
    assert "赵孤寡" in errors[(10, "姓名")]
    assert not Person.objects.filter(name="郑可以").exists()
    assert Retiree.objects.count() == 3
