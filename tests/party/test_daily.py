"""`taizhang daily`: the modules' daily chores, here the hand-over of overdue action-project
milestones to supervision (with the clock at 2022-06-15) and the supervision engine's
escalation beside it."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from taizhang.core import modules
from taizhang.core.access import SYSTEM
from taizhang.party.models import Area, Milestone
from taizhang.party.services import projects
from taizhang.supervision.models import SupervisionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(party, district):
    project = projects.create_project(
        by=SYSTEM,
        year=2022,
        title="梨园水乡综合体",
        area=Area.COLLECTIVE_ECONOMY,
        lead_unit=district.xiwangzhuang,
        party_org=party.xwz,
        responsible="王书记",
    )
    projects.add_milestone(project, by=SYSTEM, title="开园", due_on=datetime.date(2022, 10, 1))
    return projects.add_milestone(
        project, by=SYSTEM, title="完成招商", due_on=datetime.date(2022, 6, 1)
    )


def daily(*args: str) -> str:
    out = io.StringIO()
    call_command("daily", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_dry_run_tells_what_would_be_handed_over_and_changes_nothing(late):
    out = daily("--dry-run")
    assert "party-milestones\t" in out and "完成招商" in out and "开园" not in out
    assert "party-milestones: would do 1." in out
    assert "supervision-escalate: would do 0." in out
    assert not SupervisionItem.objects.exists()
    assert Milestone.objects.get(pk=late.pk).supervision_item is None


def test_the_daily_run_hands_an_overdue_milestone_over_once(late):
    assert "party-milestones: did 1." in daily()
    item = Milestone.objects.get(pk=late.pk).supervision_item
    assert item is not None and item.flow == "party_milestone"
    assert "party-milestones: did 0." in daily("--only", "party-milestones")
    assert SupervisionItem.objects.count() == 1


def test_an_unknown_chore_is_refused_naming_the_chores(late):
    with pytest.raises(CommandError, match=r"No chore nightly.*party-milestones"):
        daily("--only", "nightly")
    assert not SupervisionItem.objects.exists()


def test_a_failing_chore_undoes_only_its_own_work_and_the_command_fails(late, monkeypatch):
    def broken(dry_run: bool) -> list[str]:
        SupervisionItem.objects.all().delete()
        raise RuntimeError("disk full")

    chores = {**modules.chores(), "broken": modules.Chore("broken", "breaks", broken)}
    monkeypatch.setattr(modules, "chores", lambda: chores)
    with pytest.raises(CommandError, match="Chores failed: broken; the others ran"):
        daily()
    # The hand-over ran before the broken chore and stays; the deletion was undone.
    assert Milestone.objects.get(pk=late.pk).supervision_item is not None
    assert SupervisionItem.objects.count() == 1
