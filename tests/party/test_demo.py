"""The Double Hundred demo (2021–2022) and `taizhang stats party`: about a hundred action
projects and candidate organisations, the seed's named organisations real by name, a year of
meetings with a few missed and one without quorum, the named list and the showcase.

Loaded once for the module on the district's and the registry's demos (as `taizhang demo`
runs them): each test runs in a savepoint of that load."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client

from taizhang.core.demo import load_demo_district
from taizhang.core.models import User
from taizhang.party import demo
from taizhang.party.models import (
    ActionProject,
    Candidate,
    CandidateStatus,
    Meeting,
    PartyOrg,
    Score,
    ShowcaseEntry,
    StudyProgramme,
)
from taizhang.people import demo as people_demo
from taizhang.projects import demo as projects_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_district()
        admin = User.objects.get(username="admin")
        projects_demo.load(admin)
        people_demo.load(admin)
        demo.load(admin)
        yield SimpleNamespace(admin=admin)
        transaction.set_rollback(True)


def stats(year: int) -> dict:
    out = StringIO()
    call_command("stats", "party", "--year", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_seeds_organisations_are_real_by_name_and_the_rest_synthetic(loaded):
    for name in ("小南头街道党工委", "西王庄村党支部", "西谷庄村党支部", "区委党校"):
        assert PartyOrg.objects.filter(name=name, is_demo=False).exists(), name
    assert (
        not PartyOrg.objects.filter(is_demo=False)
        .exclude(
            name__in=(
                "中共平城区委",
                "小南头街道党工委",
                "西王庄村党支部",
                "西谷庄村党支部",
                "区委党校",
            )
        )
        .exists()
    )


def test_the_stats_of_2022_count_the_programme(loaded):
    figures = stats(2022)
    assert 95 <= figures["action_projects"] <= 105
    assert 0 < figures["action_projects_on_track"] < figures["action_projects"]
    assert figures["demonstration_orgs"] == demo.NAMED
    assert 0.9 < figures["meeting_compliance"] < 1
    assert figures["meetings"]["without_quorum"] == 1
    assert figures["meetings"]["missed"] >= 2


def test_about_a_hundred_candidates_are_scored_and_the_list_named(loaded):
    candidates = Candidate.objects.filter(year=2022)
    assert candidates.count() == demo.CANDIDATES
    assert not candidates.filter(scores__isnull=True).exists()
    named = set(candidates.filter(status=CandidateStatus.NAMED).values_list("org__name", flat=True))
    assert {"小南头街道党工委", "西王庄村党支部", "西谷庄村党支部", "区委党校"} <= named


def test_the_study_cycle_and_the_showcase_of_xiaonantou(loaded):
    programme = StudyProgramme.objects.get(org__name="小南头街道党工委")
    assert programme.is_demo and programme.steps.count() == 3
    entry = ShowcaseEntry.objects.get(org__name="小南头街道党工委")
    page = Client().get(f"/party/showcase/{entry.pk}/").content.decode()
    assert "小南头街道党工委" in page and "巡礼" in page
    assert "演示" not in page  # no synthetic member's name, nor anyone else's


def test_the_real_projects_link_to_the_bank_and_a_year_of_meetings_is_kept(loaded):
    pear = ActionProject.objects.get(title="梨园水乡综合体")
    assert pear.status == "finished"
    assert Meeting.objects.filter(held_at__year=2022).count() > 250


def test_loading_again_changes_nothing(loaded):
    before = ActionProject.objects.count()
    demo.load(loaded.admin)
    assert ActionProject.objects.count() == before


def test_the_stats_read_as_a_chinese_sentence(loaded):
    out = StringIO()
    call_command("stats", "party", "--year", "2022", "--format", "text", stdout=out)
    text = out.getvalue()
    assert text.startswith("2022") and f"{demo.NAMED}" in text and "%" in text


def test_the_synthetic_general_branches_keep_meetings_that_their_compliance_counts(loaded):
    generals = PartyOrg.objects.filter(level="general_branch", is_demo=True)
    assert generals.count() > 50
    with_meetings = generals.filter(meetings__isnull=False).distinct()
    assert with_meetings.count() >= generals.count() * 0.9
    scores = Score.objects.filter(
        candidate__org__in=with_meetings, item__auto_source="meeting_compliance"
    )
    assert scores.filter(points__gt=0).count() >= with_meetings.count() * 0.9
    assert not scores.filter(evidence__startswith="0 of 0").exists()
    # A few 党课 were given by a committee member: they do not count.
    lectures = Meeting.objects.filter(org__in=with_meetings, kind="lecture")
    assert lectures.exclude(lecturer=F("org__secretary")).exists()
