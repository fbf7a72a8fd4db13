"""The volunteer ledgers: volunteers and letter targets imported all or nothing with each bad
row named by row and column; hours and targets exported."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportStatus
from taizhang.volunteers import services
from taizhang.volunteers.models import LetterTarget, Volunteer
from tests.excel_files import write_rows
from tests.factories import make_organisation, make_person
from tests.volunteers.conftest import sign_up

pytestmark = pytest.mark.django_db
VOLUNTEER_HEADERS = ["姓名", "公民身份号码", "联系电话", "学校", "服务组织", "技能特长"]
TARGET_HEADERS = ["责任书活动", "签订对象", "分队"]


def run(name: str, path: Path, user):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger(name), by=user, upload=upload, file_name=path.name, dry_run=False
        )
    return imports.run_job(job)


def errors_of(job):
    return {(error["row"], error["column"]): error["message"] for error in job.errors}


def test_volunteers_are_imported_all_or_nothing(world, tmp_path):
    first = make_person(world.wenxing, "王同学", born="2001-02-03")
    second = make_person(world.wenxing, "赵同学", born="2002-02-03")
    rows = [
        ["王同学", first.id_number, "13800000001", "山西大学", "", "急救"],
        ["钱同学", second.id_number, "", "", "", ""],
        ["孙同学", "140213200101011234", "", "", "", ""],
    ]
    path = write_rows(tmp_path / "v.xlsx", [VOLUNTEER_HEADERS, *rows])
    job = run("volunteers", path, world.wenxing_officer)
    assert job.status == ImportStatus.FAILED
    errors = errors_of(job)
    assert (3, "姓名") in errors and (4, "公民身份号码") in errors
    assert not Volunteer.objects.exists()
    rows[1][0] = "赵同学"
    path = write_rows(tmp_path / "v2.xlsx", [VOLUNTEER_HEADERS, *rows[:2]])
    assert run("volunteers", path, world.wenxing_officer).status == ImportStatus.SUCCEEDED
    assert Volunteer.objects.count() == 2


def test_letter_targets_refuse_another_community_and_write_nothing(world, tmp_path):
    services.create_letter_campaign(
        by=world.organiser, unit=world.league, places=[world.wenxing], title="文兴责任书",
        duties="消毒", starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 1),
    )  # fmt: skip
    make_organisation(world.wenxing, "文兴物业")
    make_organisation(world.district.taer, "塔儿商店")
    services.create_team(by=world.organiser, unit=world.league, name="一队")
    rows = [["文兴责任书", "文兴物业", "一队"], ["文兴责任书", "塔儿商店", "二队"]]
    job = run("letter-targets", write_rows(tmp_path / "t.xlsx", [TARGET_HEADERS, *rows]),
              world.people.admin)  # fmt: skip
    assert "塔儿村" in errors_of(job)[(3, "签订对象")]
    assert not LetterTarget.objects.exists()
    job = run("letter-targets", write_rows(tmp_path / "t2.xlsx", [TARGET_HEADERS, rows[0]]),
              world.people.admin)  # fmt: skip
    assert job.status == ImportStatus.SUCCEEDED and LetterTarget.objects.count() == 1


def test_the_hours_export_masks_nothing_it_should_not_hold(world, tmp_path):
    sign_up(world)
    client_user = world.organiser
    ledger = get_ledger("volunteer-hours")
    rows = list(ledger.export_rows(ledger.queryset_for(client_user), client_user))
    assert rows[0][1] == "张同学" and rows[0][5] == "待确认"
    volunteers = get_ledger("volunteers")
    [row] = list(volunteers.export_rows(volunteers.queryset_for(client_user), client_user))
    assert "*" in row[2]
