"""Teams of volunteers as records (志愿服务分队): created with members and a leader, letter
targets assigned to them, the completion rate per team computed from the targets, the target
ledger resolving team names, and the old team names moved into teams by the migration."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from taizhang.core.access import SYSTEM
from taizhang.volunteers import queries, services
from taizhang.volunteers.models import LetterTarget, Team
from tests.conftest import client_for
from tests.excel_files import write_rows
from tests.factories import make_organisation, make_person
from tests.volunteers.conftest import id_number, sign_up, signature
from tests.volunteers.test_ledgers import TARGET_HEADERS, errors_of, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(world):
    world.letters = services.create_letter_campaign(
        by=world.organiser, unit=world.league, places=[world.wenxing], title="文兴责任书",
        duties="消毒", starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 20),
    )  # fmt: skip
    world.volunteers = [
        sign_up(world, id_number(sequence), name=f"同学{sequence}")[0].volunteer
        for sequence in (1, 3)
    ]
    return world


def test_an_officer_creates_a_team_and_sets_its_members_on_the_pages(letters):
    w = letters
    client = client_for(w.organiser)
    first, second = w.volunteers
    response = client.post(
        "/volunteers/teams/new/",
        {"unit": w.league.pk, "name": "第一分队", "members": [first.pk], "leader": first.pk},
    )
    team = Team.objects.get()
    assert response.status_code == 302 and response["Location"] == team.get_absolute_url()
    assert list(team.members.all()) == [first] and team.leader == first
    response = client.post(
        team.get_absolute_url(), {"members": [first.pk, second.pk], "leader": second.pk}
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert set(team.members.all()) == {first, second} and team.leader == second
    page = client.get("/volunteers/teams/").content.decode()
    assert "第一分队" in page and team.get_absolute_url() in page


def test_it_refuses_a_leader_outside_the_team_and_a_name_the_unit_has(letters):
    w = letters
    first, second = w.volunteers
    with pytest.raises(ValidationError) as refused:
        services.create_team(
            by=w.organiser, unit=w.league, name="一队", members=[first], leader=second
        )
    assert "leader" in refused.value.message_dict
    services.create_team(by=w.organiser, unit=w.league, name="一队")
    with pytest.raises(ValidationError) as refused:
        services.create_team(by=w.organiser, unit=w.league, name=" 一队 ")
    assert "name" in refused.value.message_dict
    assert Team.objects.count() == 1


def test_a_team_takes_only_volunteers_of_its_unit(letters):
    w = letters
    student = w.volunteers[0]  # lives in 文兴社区, signed up for the league's campaign
    stranger = services.register_volunteer(make_person(w.district.taer, "外村人"), by=SYSTEM)
    with pytest.raises(ValidationError) as refused:
        services.create_team(
            by=w.organiser, unit=w.league, name="一队", members=[student, stranger]
        )
    assert "外村人" in refused.value.message_dict["members"][0]
    assert not Team.objects.exists()
    team = services.create_team(by=w.organiser, unit=w.league, name="一队", members=[student])
    with pytest.raises(ValidationError):
        services.set_team_members(team, by=w.organiser, members=[student, stranger], leader=None)
    # The community's team takes its residents; 塔儿村's resident is neither.
    ours = services.create_team(
        by=w.wenxing_officer, unit=w.wenxing, name="社区队", members=[student], leader=student
    )
    with pytest.raises(ValidationError):
        services.set_team_members(ours, by=w.people.admin, members=[stranger], leader=None)
    # The page refuses it too, on the members field, and nothing changes.
    response = client_for(w.people.admin).post(
        team.get_absolute_url(), {"members": [student.pk, stranger.pk], "leader": student.pk}
    )
    assert response.status_code == 200
    assert "外村人" in str(response.context["form"].errors["members"])
    assert list(team.members.all()) == [student] and list(ours.members.all()) == [student]


def test_outsiders_neither_see_nor_change_a_team(letters, people):
    w = letters
    team = services.create_team(by=w.organiser, unit=w.league, name="一队")
    outsider = client_for(people.xwz_officer)
    assert outsider.get(team.get_absolute_url()).status_code == 404
    assert outsider.post(team.get_absolute_url(), {"members": []}).status_code == 404
    assert "一队" not in outsider.get("/volunteers/teams/").content.decode()
    response = outsider.post("/volunteers/teams/new/", {"unit": w.league.pk, "name": "x"})
    assert response.status_code == 200 and not Team.objects.filter(name="x").exists()
    assert outsider.get("/api/v1/volunteers/teams").json()["results"] == []
    # The community's officer reads the team of a campaign held there, but sets no members.
    reader = client_for(w.wenxing_officer)
    other = services.create_team(by=w.organiser, unit=w.league, name="二队", campaign=w.campaign)
    assert reader.get(other.get_absolute_url()).status_code == 200
    assert reader.post(other.get_absolute_url(), {"members": []}).status_code == 403


def test_targets_assigned_to_teams_give_the_rate_per_team(letters, django_assert_max_num_queries):
    w = letters
    one = services.create_team(by=w.organiser, unit=w.league, name="一队")
    two = services.create_team(by=w.organiser, unit=w.league, name="二队")
    targets = [
        services.add_target(
            w.letters, by=w.organiser, organisation=make_organisation(w.wenxing, name), team=team
        )
        for name, team in (("物业", one), ("商铺", one), ("药店", two))
    ]
    services.sign_target(
        targets[0],
        by=w.wenxing_officer,
        signed_on=datetime.date(2022, 1, 18),
        signed_by="吴",
        signature=signature(),
    )
    rates = queries.letter_rates_by(w.organiser, w.letters, "team__name")
    assert [(r["name"], r["signed"], r["targets"], r["rate"]) for r in rates] == [
        ("一队", 1, 2, 0.5),
        ("二队", 0, 1, 0.0),
    ]
    page = client_for(w.organiser).get(w.letters.get_absolute_url()).content.decode()
    assert "一队: 1 / 2" in page
    api = client_for(w.organiser)
    url = f"/api/v1/volunteers/letters/{w.letters.pk}/targets"
    api.get(url)
    with django_assert_max_num_queries(8):
        listed = api.get(url).json()["results"]
    assert {row["team"] for row in listed} == {"一队", "二队"}
    with django_assert_max_num_queries(8):
        teams = api.get("/api/v1/volunteers/teams").json()["results"]
    assert [t["name"] for t in teams] == ["一队", "二队"]
    page = client_for(w.organiser)
    page.get("/volunteers/teams/")
    with CaptureQueriesContext(connection) as two_teams:
        page.get("/volunteers/teams/")
    for name in ("三队", "四队", "五队"):
        services.create_team(
            by=w.organiser, unit=w.league, name=name, members=w.volunteers, leader=w.volunteers[0]
        )
    with CaptureQueriesContext(connection) as five_teams:
        assert "五队" in page.get("/volunteers/teams/").content.decode()
    assert len(five_teams) == len(two_teams)  # one query for the rows, whatever their number


def test_a_team_of_another_unit_is_refused_for_a_target(letters):
    w = letters
    team = services.create_team(by=w.wenxing_officer, unit=w.wenxing, name="社区队")
    with pytest.raises(ValidationError) as refused:
        services.add_target(
            w.letters, by=w.organiser, organisation=make_organisation(w.wenxing, "物业"), team=team
        )
    assert "team" in refused.value.message_dict
    assert not LetterTarget.objects.exists()


def test_the_target_ledger_resolves_team_names_and_names_an_unknown_one(letters, tmp_path):
    w = letters
    team = services.create_team(by=w.organiser, unit=w.league, name="一队")
    make_organisation(w.wenxing, "物业")
    make_organisation(w.wenxing, "商铺")
    rows = [["文兴责任书", "物业", "一队"], ["文兴责任书", "商铺", "三队"]]
    job = run("letter-targets", write_rows(tmp_path / "t.xlsx", [TARGET_HEADERS, *rows]),
              w.people.admin)  # fmt: skip
    assert "三队" in errors_of(job)[(3, "分队")]
    assert not LetterTarget.objects.exists()
    job = run("letter-targets", write_rows(tmp_path / "t2.xlsx", [TARGET_HEADERS, rows[0]]),
              w.people.admin)  # fmt: skip
    assert LetterTarget.objects.get().team == team
    from taizhang.core.ledgers import get_ledger

    ledger = get_ledger("letter-targets")
    [row] = list(ledger.export_rows(ledger.queryset_for(w.organiser), w.organiser))
    assert row[3] == "一队"


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_team_names_into_teams_of_the_issuing_unit(world):
    w = world
    letters = services.create_letter_campaign(
        by=w.organiser, unit=w.league, places=[w.wenxing], title="文兴责任书",
        duties="消毒", starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 20),
    )  # fmt: skip
    shops = [make_organisation(w.wenxing, name) for name in ("物业", "商铺", "药店")]
    before, after = [("volunteers", "0005_teams")], [("volunteers", "0007_drop_team_names")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("volunteers", "LetterTarget")
    for shop, name in zip(shops, ("一队", "一队", " "), strict=True):
        old.objects.create(
            letter_campaign_id=letters.pk, community_id=w.wenxing.pk, organisation_id=shop.pk,
            team_name=name, state="pending",
        )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    [team] = Team.objects.all()
    assert (team.unit, team.name) == (w.league, "一队")
    assert LetterTarget.objects.filter(team=team).count() == 2
    assert LetterTarget.objects.filter(team__isnull=True).count() == 1
