"""The volunteer ledgers: volunteers and letter targets imported all or nothing with each bad
row named by row and column; hours and targets exported."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportStatus
from taizhang.volunteers import services
from taizhang.volunteers.models import LetterTarget, Volunteer
from tests.excel_files import write_rows
from tests.factories import make_organisation, make_person
from tests.volunteers.conftest import at, sign_up

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


HOURS_HEADERS = ["志愿者编号", "姓名", "活动", "任务", "地点", "签到", "签退"]


def confirmed_volunteer(world):
    [participation] = sign_up(world)
    services.confirm(participation, by=world.organiser)
    participation.refresh_from_db()
    world.set_day(datetime.date(2022, 1, 21))  # the sheet is typed in the day after
    return participation


def sheet_row(participation, checked_in="2022-01-20 09:05", checked_out="2022-01-20 11:35"):
    return [
        participation.volunteer.number,
        participation.volunteer.person.name,
        participation.shift.campaign.title,
        participation.shift.task,
        participation.shift.place.name,
        checked_in,
        checked_out,
    ]


def test_a_sign_in_sheet_gives_the_hours_of_each_confirmed_sign_up(world, tmp_path):
    participation = confirmed_volunteer(world)
    path = write_rows(tmp_path / "h.xlsx", [HOURS_HEADERS, sheet_row(participation)])
    job = run("volunteer-hours", path, world.organiser)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    participation.refresh_from_db()
    assert participation.hours == Decimal("2.50")
    assert participation.checked_in_at == at("2022-01-20", 9, 5)
    # The same sheet again changes nothing.
    assert run("volunteer-hours", path, world.organiser).status == ImportStatus.SUCCEEDED
    participation.refresh_from_db()
    assert participation.hours == Decimal("2.50")


def test_a_bad_sign_in_sheet_names_each_row_and_writes_no_hours(world, tmp_path):
    participation = confirmed_volunteer(world)
    rows = [
        sheet_row(participation),
        sheet_row(participation, "2022-01-20 10:00", "2022-01-20 11:00"),  # overlaps row 2
        sheet_row(participation, "20.1.2022 9点", "2022-01-20 11:00"),
        sheet_row(participation, "2022-01-20 10:00", "2022-01-20 09:00"),
        [*sheet_row(participation)[:3], "整理数据", *sheet_row(participation)[4:]],
        ["V-404", *sheet_row(participation)[1:]],
    ]
    job = run("volunteer-hours", write_rows(tmp_path / "h.xlsx", [HOURS_HEADERS, *rows]),
              world.organiser)  # fmt: skip
    assert job.status == ImportStatus.FAILED
    assert set(errors_of(job)) == {(3, "签到"), (4, "签到"), (5, "签退"), (6, "活动"), (7, "活动")}
    participation.refresh_from_db()
    assert participation.checked_in_at is None and not participation.hours


def test_hours_are_imported_only_by_who_organises_the_campaign(world, tmp_path):
    participation = confirmed_volunteer(world)
    path = write_rows(tmp_path / "h.xlsx", [HOURS_HEADERS, sheet_row(participation)])
    job = run("volunteer-hours", path, world.people.taer_officer)
    assert job.status == ImportStatus.FAILED
    assert (2, "活动") in errors_of(job)
    participation.refresh_from_db()
    assert participation.checked_in_at is None
