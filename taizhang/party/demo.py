"""The Double Hundred demo (双百工程, 2021–2022) from the seed's series 平城区"双百工程"巡礼 and
its commentary 平城新语.

Real by name, as the seed names them: 小南头街道党工委 (its "1+1+1" study model), 西王庄村党支部
(the 梨园水乡综合体), 西谷庄村党支部 (the 千亩高粱基地) and 区委党校. Everything else is
synthetic and says so (演示, `is_demo`): the other branches and their members (residents of the
registry's demo villages), about a hundred action projects, about a hundred candidate
organisations, the meeting records of 2022, the scores. The steps of the "1+1+1" cycle are not
in the seed (it names the model only): they are an editable demo.

The meetings of 2022 follow the 2018 rules in the branches of 小南头街道's villages, with a few
missed (南园村's 主题党日 of August, 塔儿村's 支委会 of November) and one 党员大会 without a
quorum (东王庄村, third quarter). The synthetic 党总支 among the candidates have a secretary and
committee from the registry and a year of meetings under the demo's rules for a 党总支 (committee
quarterly, 党课 and 组织生活会 yearly), a few missed and a few 党课 not given by the secretary,
so their compliance counts. Every write goes through the module's services, as the admin
or the platform; running it again changes nothing (the district committee is looked up
first)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from taizhang.core.access import SYSTEM
from taizhang.core.models import Unit, UnitKind, User
from taizhang.party.models import (
    ActionProject,
    Area,
    Candidate,
    MeetingKind,
    Membership,
    MemberStatus,
    OrgLevel,
    PartyOrg,
    Period,
    ProjectStatus,
    Rubric,
    ScheduleRule,
)
from taizhang.party.services import demonstration, meetings, orgs, projects, showcase
from taizhang.party.services.meetings import DecisionIn
from taizhang.people.models import Person

PREFIX = "演示"
SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2022
# The branches of 小南头街道's villages that keep meeting records in the demo: the two the seed
# names, and five synthetic ones.
VILLAGE_BRANCHES = (
    ("西王庄村", "西王庄村党支部", False),
    ("西谷庄村", "西谷庄村党支部", False),
    ("小南头村", f"{PREFIX}小南头村党支部", True),
    ("塔儿村", f"{PREFIX}塔儿村党支部", True),
    ("东王庄村", f"{PREFIX}东王庄村党支部", True),
    ("寺儿村", f"{PREFIX}寺儿村党支部", True),
    ("南园村", f"{PREFIX}南园村党支部", True),
)
MEMBERS_PER_BRANCH = 6
SKIPPED = {("南园村", MeetingKind.THEME_DAY, 8), ("塔儿村", MeetingKind.COMMITTEE, 11)}
WITHOUT_QUORUM = ("东王庄村", MeetingKind.GENERAL, 3)  # the third quarter's 党员大会
ACTION_PROJECTS = 100
CANDIDATES = 100
NAMED = 30
STUDY_STEPS = (
    showcase.StepIn(
        "theory",
        "理论学习：集中学一课",
        materials="习近平新时代中国特色社会主义思想学习纲要（演示）",
        participants="党工委班子成员、各村党支部书记",
        notes="演示步骤：本步骤由区里按实际改写。",
    ),
    showcase.StepIn(
        "practice",
        "实践任务：带一题回岗位",
        materials="结合村里集体经济、人居环境中的一个实际问题",
        participants="各村党支部书记、党员",
        notes="演示步骤：把学到的理论带回工作中，形成一项实践。",
    ),
    showcase.StepIn(
        "report_back",
        "回报交流：写一篇经验",
        materials="实践记录、照片",
        participants="党工委全体委员",
        notes="演示步骤：交流实践，把做法写成经验材料，再回到下一轮理论学习。",
    ),
)
SHOWCASE_TEXT = (
    "小南头街道党工委探索“1+1+1”精细化理论学习模式，从实践到理论再到实践，"
    "让学习成果转化为推动乡村振兴的实际成效。西王庄村党支部学中干、干中学，建成梨园水乡综合体。"
)
AREAS = list(Area.values)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), SHANGHAI)


def load(admin: User) -> None:
    if PartyOrg.objects.filter(level=OrgLevel.DISTRICT, name="中共平城区委").exists():
        return
    units = {unit.name: unit for unit in Unit.objects.all()}
    if "平城区" not in units or "小南头街道" not in units:
        return
    rng = random.Random(15)
    with transaction.atomic():
        tree = _tree(units)
        branches = _branches(units, tree, rng)
        _meetings(branches, rng)
        programme = showcase.create_programme(
            tree["小南头街道党工委"],
            by=SYSTEM,
            name="“1+1+1”精细化理论学习模式",
            description="实践—理论—实践的学习循环。步骤为演示，可编辑。",
            steps=STUDY_STEPS,
            is_demo=True,
        )
        assert programme.pk
        action = _projects(units, tree, branches, rng)
        _candidates(admin, tree, branches, rng)
        _showcase(tree, action)


def _tree(units: dict[str, Unit]) -> dict[str, PartyOrg]:
    district = orgs.create_org(
        by=SYSTEM, name="中共平城区委", level=OrgLevel.DISTRICT, unit=units["平城区"]
    )
    tree = {"district": district}
    tree["小南头街道党工委"] = orgs.create_org(
        by=SYSTEM,
        name="小南头街道党工委",
        level=OrgLevel.WORKING_COMMITTEE,
        unit=units["小南头街道"],
        parent=district,
        published_names="小南头街道党工委",
    )
    school = units.get("平城区委党校") or units["平城区"]
    tree["区委党校"] = orgs.create_org(
        by=SYSTEM,
        name="区委党校",
        level=OrgLevel.COMMITTEE,
        unit=school,
        parent=district,
        published_names="中共平城区委党校",
    )
    for unit in Unit.objects.filter(kind=UnitKind.SUBDISTRICT).exclude(name="小南头街道"):
        tree[unit.name] = orgs.create_org(
            by=SYSTEM,
            name=f"{PREFIX}{unit.name}党工委",
            level=OrgLevel.WORKING_COMMITTEE,
            unit=unit,
            parent=district,
            is_demo=True,
        )
    tree["departments"] = orgs.create_org(
        by=SYSTEM,
        name=f"{PREFIX}区直机关工委",
        level=OrgLevel.COMMITTEE,
        unit=units["平城区"],
        parent=district,
        is_demo=True,
    )
    return tree


def _branches(units: dict[str, Unit], tree: dict[str, PartyOrg], rng: random.Random) -> dict:
    branches = {}
    for village, name, is_demo in VILLAGE_BRANCHES:
        unit = units.get(village)
        if unit is None:
            continue
        people = list(
            Person.objects.filter(unit=unit, birth_date__lt=datetime.date(1990, 1, 1))
            .exclude(pk__in=Membership.objects.current().values("person_id"))
            .order_by("pk")[:MEMBERS_PER_BRANCH]
        )
        if len(people) < 3:
            continue
        branch = orgs.create_org(
            by=SYSTEM,
            name=name,
            level=OrgLevel.BRANCH,
            unit=unit,
            parent=tree["小南头街道党工委"],
            secretary=people[0],
            committee=people[:3],
            published_names="" if is_demo else name,
            is_demo=is_demo,
        )
        for index, person in enumerate(people):
            orgs.add_member(
                branch,
                by=SYSTEM,
                person=person,
                joined_party_on=datetime.date(1995 + index, 7, 1),
                joined_org_on=datetime.date(2015, 1, 1),
                status=MemberStatus.PROBATIONARY if index == len(people) - 1 else MemberStatus.FULL,
                is_demo=True,
            )
        branches[village] = branch
    return branches


def _meetings(branches: dict[str, PartyOrg], rng: random.Random) -> None:
    plan = []
    for month in range(1, 13):
        plan += [
            (MeetingKind.THEME_DAY, datetime.date(YEAR, month, 15), month, "主题党日"),
            (MeetingKind.COMMITTEE, datetime.date(YEAR, month, 5), month, "支委会"),
            (MeetingKind.GROUP, datetime.date(YEAR, month, 20), month, "党小组学习"),
        ]
    for quarter in range(1, 5):
        day = datetime.date(YEAR, 3 * quarter, 10)
        plan.append((MeetingKind.GENERAL, day, quarter, "党员大会"))
    plan += [
        (MeetingKind.LECTURE, datetime.date(YEAR, 6, 28), 6, "书记讲党课"),
        (MeetingKind.LIFE_MEETING, datetime.date(YEAR, 12, 20), 12, "年度组织生活会"),
        (MeetingKind.APPRAISAL, datetime.date(YEAR, 12, 22), 12, "民主评议党员"),
    ]
    for village, branch in branches.items():
        roster = meetings.roster(branch, datetime.date(YEAR, 1, 1))
        people = [entry.person for entry in roster]
        for kind, day, number, topic in plan:
            if (village, kind, number) in SKIPPED:
                continue
            if (village, kind, number) == WITHOUT_QUORUM:
                present = people[:2]
                decisions = [DecisionIn(f"{PREFIX}讨论发展党员事项（未达法定人数，未表决）", False)]
            else:
                absent = rng.randrange(len(people))
                present = [p for i, p in enumerate(people) if i != absent]
                decisions = (
                    [DecisionIn(f"{PREFIX}{topic}决议", True, votes_for=len(present) - 1)]
                    if kind in (MeetingKind.GENERAL, MeetingKind.COMMITTEE)
                    else []
                )
            meetings.record_meeting(
                branch,
                by=SYSTEM,
                kind=kind,
                topic=f"{PREFIX}{topic}",
                held_at=_at(day),
                place="村党群服务中心",
                chair=people[0],
                recorder=people[1],
                present=present,
                absences={p: "外出务工" for p in people if p not in present},
                agenda=f"{PREFIX}学习上级精神，研究村里工作。",
                decisions=decisions,
                signed_by_chair=True,
                signed_by_recorder=True,
                is_demo=True,
                lecturer=branch.secretary if kind == MeetingKind.LECTURE else None,
            )


# The demo's rules for a 党总支 (the 支部工作条例 governs branches; a district sets its own for
# general branches): its committee quarterly with a quorum, a 党课 by the secretary and a
# 组织生活会 yearly. Set only where the district has no rule of that kind for the level.
GENERAL_BRANCH_RULES = (
    (MeetingKind.COMMITTEE, Period.QUARTER, 15, True),
    (MeetingKind.LECTURE, Period.YEAR, 31, False),
    (MeetingKind.LIFE_MEETING, Period.YEAR, 31, False),
)
GENERAL_BRANCH_PLAN = (
    (MeetingKind.COMMITTEE, datetime.date(YEAR, 3, 8), "总支委员会"),
    (MeetingKind.COMMITTEE, datetime.date(YEAR, 6, 8), "总支委员会"),
    (MeetingKind.COMMITTEE, datetime.date(YEAR, 9, 8), "总支委员会"),
    (MeetingKind.COMMITTEE, datetime.date(YEAR, 12, 8), "总支委员会"),
    (MeetingKind.LECTURE, datetime.date(YEAR, 7, 1), "书记讲党课"),
    (MeetingKind.LIFE_MEETING, datetime.date(YEAR, 12, 18), "年度组织生活会"),
)


def _general_branch_rules() -> None:
    have = set(
        ScheduleRule.objects.filter(level=OrgLevel.GENERAL_BRANCH).values_list("kind", flat=True)
    )
    for kind, period, grace, quorum in GENERAL_BRANCH_RULES:
        if kind not in have:
            meetings.set_rule(
                by=SYSTEM,
                kind=kind,
                level=OrgLevel.GENERAL_BRANCH,
                period=period,
                grace_days=grace,
                needs_quorum=quorum,
                source=f"{PREFIX}：党总支参照支部工作条例",
            )


def _general_branch_committee(unit: Unit, taken: set[int]) -> list[Person]:
    """Three residents for a synthetic 党总支's secretary and committee, none on a branch
    roster or another committee of the demo: of its unit's subtree where the registry's demo
    has them, else of the district (the demo registry keeps residents of a few villages)."""
    free = (
        Person.objects.filter(birth_date__lt=datetime.date(1990, 1, 1))
        .exclude(pk__in=taken)
        .exclude(pk__in=Membership.objects.current().values("person_id"))
        .order_by("pk")
    )
    people = list(free.filter(unit__path__startswith=unit.path)[:3])
    if len(people) < 3:
        people = list(free[:3])
    taken.update(person.pk for person in people)
    return people


def _general_branch_meetings(org: PartyOrg, rng: random.Random) -> None:
    """A year of a synthetic 党总支's meetings: now and then one missed, and now and then the
    党课 given by a committee member instead of the secretary (it does not count)."""
    people = [entry.person for entry in meetings.roster(org, datetime.date(YEAR, 1, 1))]
    for kind, day, topic in GENERAL_BRANCH_PLAN:
        if rng.random() < 0.08:
            continue
        lecturer = None
        if kind == MeetingKind.LECTURE:
            deputy = next(p for p in people if p.pk != org.secretary_id)
            lecturer = org.secretary if rng.random() < 0.85 else deputy
        absent = rng.randrange(len(people) * 3)  # mostly everyone present
        present = [p for i, p in enumerate(people) if i != absent]
        meetings.record_meeting(
            org,
            by=SYSTEM,
            kind=kind,
            topic=f"{PREFIX}{topic}",
            held_at=_at(day, 15),
            place="党群服务中心",
            chair=people[0],
            recorder=people[1],
            lecturer=lecturer,
            present=present,
            absences={p: "公出" for p in people if p not in present},
            agenda=f"{PREFIX}传达上级精神，研究总支工作。",
            decisions=[DecisionIn(f"{PREFIX}{topic}决议", True, votes_for=len(present))]
            if kind == MeetingKind.COMMITTEE
            else [],
            signed_by_chair=True,
            signed_by_recorder=True,
            is_demo=True,
        )


def _projects(
    units: dict[str, Unit], tree: dict[str, PartyOrg], branches: dict, rng: random.Random
) -> list[ActionProject]:
    from taizhang.projects.models import Project

    leads = [unit for unit in Unit.objects.filter(
        kind__in=(UnitKind.VILLAGE, UnitKind.COMMUNITY, UnitKind.SUBDISTRICT, UnitKind.DEPARTMENT)
    ).order_by("code")]  # fmt: skip
    real = [
        ("梨园水乡综合体", "西王庄村", Area.COLLECTIVE_ECONOMY, "梨园", "亩", Decimal(300)),
        ("千亩高粱基地", "西谷庄村", Area.INDUSTRY, "高粱", "亩", Decimal(1000)),
    ]
    made = []
    for index in range(ACTION_PROJECTS):
        if index < len(real):
            title, village, area, bank_word, measure, target = real[index]
            lead, is_demo = units[village], False
            bank = list(Project.objects.filter(name__contains=bank_word)[:2])
        else:
            lead = leads[index % len(leads)]
            area = Area(AREAS[index % len(AREAS)])
            title = f"{PREFIX}{lead.name}{Area(area).label}行动{index:03d}"
            measure, target, is_demo, bank = "项", Decimal(rng.randint(5, 40)), True, []
        org = branches.get(lead.name) or tree.get(lead.name)
        year = 2021 if index % 3 else 2022
        project = projects.create_project(
            by=SYSTEM,
            year=year,
            title=title,
            area=area,
            lead_unit=lead,
            party_org=org,
            responsible=f"{PREFIX}负责人",
            description=f"{PREFIX}百项行动牵引工程项目。"
            if is_demo
            else "平城区双百工程行动项目。",
            bank_projects=bank,
            is_demo=is_demo,
        )
        indicator = projects.add_indicator(
            project, by=SYSTEM, name="完成量", unit=measure, target=target
        )
        reached = Decimal(0)
        for month in (3, 6, 9, 12):
            reached = min(target, reached + target * Decimal(rng.randint(15, 35)) / 100)
            projects.record_value(
                indicator,
                by=SYSTEM,
                month=datetime.date(YEAR, month, 1),
                actual=reached.quantize(Decimal("0.01")),
            )
        late = index >= len(real) and index % 12 == 5  # a few projects behind
        steps = (
            ("方案批复", datetime.date(year, 4, 30)),
            ("主体完工", datetime.date(YEAR, 9, 30)),
            ("验收见效", datetime.date(YEAR, 12, 15)),
        )
        for number, (title_m, due) in enumerate(steps):
            milestone = projects.add_milestone(project, by=SYSTEM, title=title_m, due_on=due)
            if late and number == 2:
                continue
            projects.meet_milestone(
                milestone,
                by=SYSTEM,
                done_on=due - datetime.timedelta(days=rng.randint(0, 10)),
                evidence=f"{PREFIX}节点佐证材料",
            )
        if index == 0:
            projects.set_status(
                project,
                by=SYSTEM,
                status=ProjectStatus.FINISHED,
                finished_on=datetime.date(YEAR, 12, 15),
            )
        made.append(project)
    projects.supervise_overdue_milestones(by=SYSTEM)
    return made


def _candidates(admin: User, tree: dict[str, PartyOrg], branches: dict, rng: random.Random) -> None:
    demonstration.create_rubric(by=admin, year=YEAR, title=f"{YEAR}年百家示范党组织评分细则")
    nominees = [tree["小南头街道党工委"], tree["区委党校"], *branches.values()]
    parents = [org for key, org in tree.items() if key not in ("district",)]
    serial = 0
    _general_branch_rules()
    taken: set[int] = set()
    while len(nominees) < CANDIDATES:
        parent = parents[serial % len(parents)]
        serial += 1
        committee = _general_branch_committee(parent.unit, taken)
        general = orgs.create_org(
            by=SYSTEM,
            name=f"{PREFIX}{parent.unit.name}第{serial}党总支",
            level=OrgLevel.GENERAL_BRANCH,
            unit=parent.unit,
            parent=parent,
            secretary=committee[0] if len(committee) == 3 else None,
            committee=committee if len(committee) == 3 else [],
            is_demo=True,
        )
        if general.secretary_id:
            _general_branch_meetings(general, rng)
        nominees.append(general)
    rubric = Rubric.objects.get(year=YEAR)
    manual = list(rubric.items.filter(auto_source=""))
    real = {"小南头街道党工委", "区委党校", "西王庄村党支部", "西谷庄村党支部"}
    candidates = []
    for org in nominees:
        candidate = demonstration.nominate(org, by=SYSTEM, year=YEAR, is_demo=org.is_demo)
        demonstration.auto_score(candidate, by=SYSTEM)
        low = 80 if org.name in real else 55
        demonstration.score_items(
            candidate,
            [
                (
                    item,
                    (item.weight * Decimal(rng.randint(low, 100)) / 100).quantize(Decimal("0.5")),
                    f"{PREFIX}{item.evidence_needed}",
                )
                for item in manual
            ],
            by=admin,
        )
        candidates.append(candidate)
    ranked = sorted(
        Candidate.objects.filter(year=YEAR).select_related("org"),
        key=lambda c: (c.org.name not in real, -c.total, c.pk),
    )
    notice = demonstration.open_notice(
        by=admin,
        year=YEAR,
        starts_on=datetime.date(YEAR, 12, 1),
        ends_on=datetime.date(YEAR, 12, 7),
        candidates=ranked[:NAMED],
        text=f"{YEAR}年百家示范党组织拟命名名单公示",
        contact="公示期间如有异议，请以书面或来访形式向区委组织部反映（演示数据）。",
    )
    demonstration.name_list(notice, by=admin)


def _showcase(tree: dict[str, PartyOrg], action: list[ActionProject]) -> None:
    showcase.create_entry(
        by=SYSTEM,
        org=tree["小南头街道党工委"],
        title="“双百工程”巡礼：小南头街道党工委",
        body=SHOWCASE_TEXT,
        report_title="平城区“双百工程”巡礼（六）·平城新语",
        publish=True,
    )
    showcase.create_entry(
        by=SYSTEM,
        project=action[0],
        title="“双百工程”巡礼：梨园水乡综合体",
        body="西王庄村党支部学中干、干中学，建成梨园水乡综合体。",
        report_title="平城区“双百工程”巡礼（六）",
        publish=True,
    )
