"""塔儿村's Double Hundred records carrying the canary, for the scoping walker: its branch with a
member, a meeting with a decision, an action project with an indicator and a milestone, a
candidacy with a score, a study programme and an unpublished showcase entry."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from taizhang.core.access import SYSTEM
from taizhang.party.models import Area, OrgLevel, Rubric
from taizhang.party.services import demonstration, meetings, orgs, projects, showcase
from tests.factories import make_person


def make(district, people, canary):
    member = make_person(district.taer, canary[:100])
    branch = orgs.create_org(
        by=SYSTEM,
        name=canary[:100],
        level=OrgLevel.BRANCH,
        unit=district.taer,
        secretary=member,
        committee=[member],
        published_names=canary[:200],
    )
    membership = orgs.add_member(
        branch,
        by=SYSTEM,
        person=member,
        joined_party_on=datetime.date(2000, 7, 1),
        joined_org_on=datetime.date(2010, 1, 1),
        transferred_from=canary[:200],
    )
    meeting = meetings.record_meeting(
        branch,
        by=SYSTEM,
        kind="general",
        topic=canary[:200],
        held_at=datetime.datetime(2022, 3, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        place=canary[:200],
        chair=member,
        recorder=member,
        present=[member],
        agenda=canary,
        decisions=[meetings.DecisionIn(canary, passed=True)],
    )
    project = projects.create_project(
        by=SYSTEM,
        year=2022,
        title=canary[:200],
        area=Area.GOVERNANCE,
        lead_unit=district.taer,
        party_org=branch,
        responsible=canary[:100],
        description=canary,
    )
    indicator = projects.add_indicator(
        project, by=SYSTEM, name=canary[:100], unit="项", target=Decimal(10)
    )
    milestone = projects.add_milestone(
        project, by=SYSTEM, title=canary[:200], due_on=datetime.date(2022, 5, 1)
    )
    rubric = Rubric.objects.filter(year=2022).first() or demonstration.create_rubric(
        by=SYSTEM, year=2022, title="walker rubric"
    )
    candidate = demonstration.nominate(branch, by=SYSTEM, year=2022)
    item = rubric.items.filter(auto_source="").first()
    score = demonstration.score_item(candidate, item, by=SYSTEM, points=Decimal(1), evidence=canary)
    programme = showcase.create_programme(
        branch,
        by=SYSTEM,
        name=canary[:100],
        description=canary,
        steps=[showcase.StepIn("theory", canary[:200]), showcase.StepIn("practice", canary[:200])],
    )
    entry = showcase.create_entry(by=SYSTEM, org=branch, title=canary[:200], body=canary)
    return [
        member,
        branch,
        membership,
        meeting,
        *meeting.decisions.all(),
        project,
        indicator,
        milestone,
        candidate,
        score,
        programme,
        *programme.steps.all(),
        entry,
    ]
