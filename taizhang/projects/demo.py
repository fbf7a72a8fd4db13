"""The demo district's project bank: 223 synthetic projects in the 2022 plan whose statistics
are the seed's ("2022年，全区建设项目共有223个，总投资809.68亿元。其中：新建项目85个，续建项目
138个，包含产业类项目40个，基础设施类项目43个，社会民生类项目140个。投资10亿元以上项目19个。").

Every project is invented (is_demo=True, names end in "（演示）") except the village small works
the seed names (东王庄村's paving and flower beds, 西王庄村's 梨园水乡, 西谷庄村's 千亩高粱基地,
小南头村's road and market, 塔儿村's square), whose figures are invented too. The 2021 plan comes
first, so that the 2022 natures (85 新建 / 138 续建) come out of the plan services' derivation;
2022 has approved monthly reports for every month (a few late, a few projects yellow or red
against time progress, the red ones with coordination items); 2023 is rolled over from 2022.
Every project has synthetic coordinates near its area's centre (its address ends
"（演示位置，坐标为虚构）"), so the dashboard's map shows them.
Deterministic (a seeded random; coordination deadlines count from today) and idempotent:
nothing happens when the demo projects are there already.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from taizhang.core import audit
from taizhang.core.demo import DEMO_UNITS
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.projects.demo_data import (
    AREA_CENTRES,
    AREAS,
    CATEGORY_COUNTS,
    NAME_PATTERNS,
    PLACE_NOTE,
    SEED_WORKS,
    TOTAL_2022_WAN,
)
from taizhang.projects.models import (
    ONE_BILLION_WAN,
    Category,
    MonthlyReport,
    Project,
    Quantity,
    ReportStatus,
    Stage,
    StageEvent,
)
from taizhang.projects.services import bulk, plans, progress
from taizhang.projects.services.bulk import ProjectRow
from taizhang.projects.services.reports import due_date
from taizhang.supervision import services as supervision

SEED = 2022
BIG_COUNT, CONTINUED_COUNT, ONLY_2021, RESERVES, PROMOTED = 19, 138, 62, 8, 5
REASON = "演示数据"
TZ = datetime.timezone(datetime.timedelta(hours=8))


@dataclass
class Spec:
    """One demo project before it is written."""

    name: str
    category: str
    unit: str  # code
    total: Decimal
    years: tuple[int, ...]  # plan years
    stage: str
    start: datetime.date | None = None
    finish: datetime.date | None = None
    rate: float = 1.0  # of the 2022 plan completed by December
    code: str = ""
    quantities: list[tuple[str, str, str]] = field(default_factory=list)
    project: Project | None = None

    @property
    def written(self) -> Project:
        """The project, which every step after `_projects` finds written."""
        if self.project is None:
            raise RuntimeError(f"The demo project {self.name} is not written yet.")
        return self.project


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _money_split(rng: random.Random, total: Decimal, count: int) -> list[Decimal]:
    """`count` whole-万元 amounts below 10亿元 that add up to `total` exactly."""
    weights = [min(rng.lognormvariate(0, 0.8), 6.0) for _ in range(count)]
    scale = total / Decimal(str(sum(weights)))
    amounts = [
        (Decimal(str(w)) * scale).quantize(Decimal("1"), rounding="ROUND_FLOOR") for w in weights
    ]
    for index in range(int(total - sum(amounts))):
        amounts[index % count] += 1
    assert sum(amounts) == total and all(0 < a < ONE_BILLION_WAN for a in amounts)
    return amounts


def specs_2022(rng: random.Random) -> list[Spec]:
    """The 223 projects of the 2022 plan: the seed's works first, then invented ones."""
    seeded = [
        Spec(name, category, unit, Decimal(total), (), Stage.ANNUAL, quantities=list(quantities))
        for name, category, unit, total, quantities in SEED_WORKS
    ]
    pool = dict(CATEGORY_COUNTS)
    for spec in seeded:
        pool[Category(spec.category)] -= 1
    big_categories = [Category.INDUSTRY] * 8 + [Category.INFRASTRUCTURE] * 9
    big_categories += [Category.LIVELIHOOD] * 2
    for category in big_categories:
        pool[category] -= 1
    rest = [c for c, n in pool.items() for _ in range(n)]
    rng.shuffle(rest)
    big = [Decimal(rng.randrange(1000, 5000) * 100) for _ in range(BIG_COUNT)]
    fixed = sum(spec.total for spec in seeded) + sum(big)
    small = _money_split(rng, TOTAL_2022_WAN - fixed, len(rest))
    counters: dict[str, int] = {}
    specs = list(seeded)
    for category, total in [*zip(big_categories, big, strict=True), *zip(rest, small, strict=True)]:
        index = counters[category] = counters.get(category, -1) + 1
        patterns = NAME_PATTERNS[category]
        area_code, area = AREAS[(index // len(patterns)) % len(AREAS)]
        phase = "" if index < len(patterns) * len(AREAS) else "二期"
        name = f"{area}{patterns[index % len(patterns)]}{phase}（演示）"
        specs.append(Spec(name, category, area_code, total, (), Stage.ANNUAL))
    return specs


def plan_history(rng: random.Random, specs: list[Spec]) -> None:
    """Which projects continue from 2021, which finish in 2022, which lag behind."""
    order = list(range(len(specs)))
    rng.shuffle(order)
    big = [i for i in order if specs[i].total >= ONE_BILLION_WAN]
    small = [i for i in order if specs[i].total < ONE_BILLION_WAN]
    continued = set(big[:15] + small[: CONTINUED_COUNT - 15])
    for index, spec in enumerate(specs):
        spec.years = (2021, 2022) if index in continued else (2022,)
        start_year = 2021 if index in continued else 2022
        spec.start = datetime.date(start_year, rng.choice((3, 4, 5)), 1)
        if spec.total < Decimal("5000") and rng.random() < 0.5:
            spec.finish = datetime.date(2022, rng.choice((9, 10, 11)), 1)
            spec.stage = Stage.COMPLETED
        else:
            spec.finish = datetime.date(2023 + (spec.total >= ONE_BILLION_WAN), 10, 1)
            spec.stage = Stage.KEY if spec.total >= ONE_BILLION_WAN else Stage.ANNUAL
            spec.years += (2023,)  # unfinished: the rollover continues it (续建)
        spec.code = (
            f"{start_year - 1}-140213-{48 + index % 3}-01-{index + 1:06d}"
            if (spec.total >= Decimal("1000"))
            else ""
        )
    lagging = [i for i in small if specs[i].stage == Stage.ANNUAL][:10]
    for position, index in enumerate(lagging):  # 6 yellow, 4 red
        specs[index].rate = rng.uniform(0.74, 0.86) if position < 6 else rng.uniform(0.3, 0.6)


def other_specs(rng: random.Random) -> list[Spec]:
    """Projects of 2021 only (completed then) and reserves, some promoted for 2023."""
    specs = []
    for index in range(ONLY_2021 + RESERVES):
        category = (Category.INDUSTRY, Category.INFRASTRUCTURE, Category.LIVELIHOOD)[index % 3]
        area_code, area = AREAS[index % len(AREAS)]
        total = Decimal(rng.randrange(200, 60000))
        pattern = NAME_PATTERNS[category][index % len(NAME_PATTERNS[category])]
        pattern += ("", "二期", "三期")[index // 30]
        if index < ONLY_2021:
            name = f"{area}{pattern}（2021年完工，演示）"
            spec = Spec(name, category, area_code, total, (2021,), Stage.COMPLETED)
            spec.start = datetime.date(2021, 3, 1)
            spec.finish = datetime.date(2021, 11, 1)
        else:
            promoted = index - ONLY_2021 < PROMOTED
            name = f"{area}{pattern}（储备，演示）"
            stage = Stage.ANNUAL if promoted else Stage.RESERVE
            spec = Spec(name, category, area_code, total, (2023,) if promoted else (), stage)
            if promoted:
                spec.start = datetime.date(2023, 4, 1)
                spec.finish = datetime.date(2024, 10, 1)
        specs.append(spec)
    return specs


def _place(unit: Unit, places: random.Random) -> tuple[Decimal, Decimal]:
    """A synthetic point (latitude, longitude) within about 1.5 km of the unit's area centre.
    Its own random source, so the demo's other figures do not move."""
    latitude, longitude = AREA_CENTRES.get(unit.code[:9], AREA_CENTRES["140213101"])
    step = Decimal("0.0001")
    return (
        latitude + step * places.randint(-130, 130),
        longitude + step * places.randint(-170, 170),
    )


def _write_projects(
    specs: list[Spec], units: dict[str, Unit], rng: random.Random
) -> tuple[list[Project], list[Quantity]]:
    departments = [units["140213101"], units["140213103"], units["140213102"]]
    places = random.Random(f"{SEED}-places")
    projects = []
    for spec in specs:
        unit = units[spec.unit]
        latitude, longitude = _place(unit, places)
        subdistrict = unit if unit.kind == "subdistrict" else units.get(unit.code[:9])
        lead = departments[1] if spec.category == Category.INFRASTRUCTURE else departments[0]
        project = Project(
            name=spec.name,
            code=spec.code,
            unit=unit,
            owner_name=f"{unit.name}（演示建设单位）",
            subdistrict=subdistrict if subdistrict and subdistrict.kind == "subdistrict" else None,
            lead_department=lead,
            category=spec.category,
            content="演示数据：虚构的建设内容及规模。",
            total_investment_wan=spec.total,
            funding_sources=rng.choice(("财政资金", "社会资本", "专项债券", "自筹")),
            planned_start=spec.start,
            planned_finish=spec.finish,
            actual_start=spec.start if spec.start and spec.start.year <= 2022 else None,
            actual_finish=spec.finish if spec.stage == Stage.COMPLETED else None,
            stage=spec.stage,
            address=f"{unit.name}{PLACE_NOTE}",
            latitude=latitude,
            longitude=longitude,
            is_demo=True,
            created_at=_at(datetime.date(2020, 12, 1)),
        )
        bulk.validate_project(project)
        spec.project = project
        projects.append(project)
    Project.objects.bulk_create(projects)
    through = Project.co_departments.through
    through.objects.bulk_create(
        through(project_id=p.pk, unit_id=departments[2].pk) for p in projects[::7]
    )
    quantities = [
        Quantity(
            project=spec.project,
            item=item,
            value=Decimal(value),
            unit_of_measure=measure,
            qualifier="多",
        )
        for spec in specs
        for item, value, measure in spec.quantities
    ]
    Quantity.objects.bulk_create(quantities)
    return projects, quantities


def _stage_events(specs: list[Spec], office: User) -> list[StageEvent]:
    events = []
    for spec in specs:
        steps = []
        if spec.stage != Stage.RESERVE:
            steps.append((Stage.RESERVE, Stage.ANNUAL, min(spec.years) - 1))
        if spec.stage == Stage.KEY:
            steps.append((Stage.ANNUAL, Stage.KEY, min(spec.years)))
        if spec.stage == Stage.COMPLETED and spec.finish is not None:  # always has a finish
            steps.append((Stage.ANNUAL, Stage.COMPLETED, spec.finish.year))
        for from_stage, to_stage, year in steps:
            events.append(
                StageEvent(
                    project=spec.project,
                    action=StageEvent.Action.APPROVE,
                    from_stage=from_stage,
                    to_stage=to_stage,
                    by=office,
                    at=_at(datetime.date(year, 12, 20)),
                    note=REASON,
                )
            )
    return StageEvent.objects.bulk_create(events)


def _plan(
    specs: list[Spec], year: int, office: User, rng: random.Random, *, commit: bool = True
) -> None:
    """Put the year's projects into its plan (or, after a rollover, give the rows their
    planned investment); the plan services derive each row's nature."""
    rows: list[tuple[ProjectRow, Project]] = []
    for spec in specs:
        if year not in spec.years:
            continue
        share = 1.0 if spec.total < Decimal("1000") else rng.uniform(0.2, 0.5)
        planned = (spec.total * Decimal(str(share))).quantize(Decimal("1"))
        plan = {"planned_investment_wan": planned, "is_key": spec.stage == Stage.KEY}
        rows.append((ProjectRow(row=len(rows), fields={}, year=year, plan=plan), spec.written))
    bulk.upsert_plan_rows(rows, by=office, reason=REASON)
    if commit:
        plans.commit_year(year, by=office)


def _reports(specs: list[Spec], officers: dict[str, User], office: User, rng: random.Random):
    """Approved reports for every month of 2022 (until the month a project finished)."""
    from taizhang.projects.models import YearPlan

    planned = dict(
        YearPlan.objects.filter(year=2022).values_list("project_id", "planned_investment_wan")
    )
    by_filer: dict[User, list[MonthlyReport]] = {}
    for spec in specs:
        if 2022 not in spec.years:
            continue
        project = spec.written
        last = spec.finish.month if spec.stage == Stage.COMPLETED and spec.finish else 12
        target = planned[project.pk] * Decimal(str(spec.rate))
        done = Decimal("0")
        filer = officers[spec.unit]
        for month in range(1, last + 1):
            share = (month / last) ** 0.9
            cumulative = (target * Decimal(str(share))).quantize(Decimal("0.01"))
            due = due_date(2022, month)
            late = rng.random() < 0.04
            filed = due + datetime.timedelta(
                days=rng.randint(3, 12) if late else -rng.randint(0, 3)
            )
            report = MonthlyReport(
                project=project,
                year=2022,
                month=month,
                completed_wan=cumulative - done,
                progress_text=f"{month}月：按计划推进（演示）",
                started_on=spec.start
                if spec.start and (spec.start.year, spec.start.month) == (2022, month)
                else None,
                finished_on=spec.finish
                if spec.stage == Stage.COMPLETED and month == last
                else None,
                problems="资金拨付滞后（演示）" if spec.rate < 0.6 else "",
                status=ReportStatus.APPROVED,
                filed_by=filer,
                filed_at=_at(filed),
                approved_by=office,
                approved_at=_at(filed + datetime.timedelta(days=2), 16),
                is_late=late,
            )
            done = cumulative
            report.full_clean(
                exclude=["project", "filed_by", "approved_by"],
                validate_unique=False,
                validate_constraints=False,
            )
            by_filer.setdefault(filer, []).append(report)
    for filer, reports in by_filer.items():
        MonthlyReport.objects.bulk_create(reports)
        audit.record_bulk([(r, None) for r in reports], by=filer, reason=REASON)
    progress.rebuild(2022)


@transaction.atomic
def load(admin: User) -> None:
    """Write the demo project bank, unless it is there already."""
    if Project.objects.filter(is_demo=True).exists():
        return
    rng = random.Random(SEED)
    units = {u.code: u for u in Unit.objects.filter(code__in=[row[0] for row in DEMO_UNITS])}
    officers = {
        code: User.objects.get(username=officer)
        for code, _n, _k, _p, officer, _d in DEMO_UNITS
        if officer
    }
    office = User.objects.get(username="office")
    main = specs_2022(rng)
    plan_history(rng, main)
    others = other_specs(rng)
    specs = main + others
    projects, quantities = _write_projects(specs, units, rng)
    events = _stage_events(specs, office)
    created = [*projects, *quantities, *events]
    audit.record_bulk([(record, None) for record in created], by=admin, reason=REASON)
    for year in (2021, 2022):
        _plan(specs, year, office, rng)
    _reports(specs, officers, office, rng)
    diff = plans.rollover_preview(2022)
    plans.commit_rollover(2022, by=office, fingerprint=diff.fingerprint)
    _plan(specs, 2023, office, rng, commit=False)
    _coordination(specs, units, officers, office)
    _this_year(specs, officers, office)


def _latest_due_month(year: int, today: datetime.date) -> int:
    """The last month of `year` whose report is already due (0 when none is yet)."""
    return max((m for m in range(1, 13) if due_date(year, m) < today), default=0)


def _this_year(specs: list[Spec], officers: dict[str, User], office: User) -> None:
    """The seed's village works in today's plan, so that the demo's workbench has work: every
    month before the latest due one reported and approved; for the latest due month one third
    of the projects have no report yet (their village officer sees it overdue), one third
    have theirs waiting for the programme office, one third are approved."""
    today = clock.today()
    year, last = today.year, _latest_due_month(today.year, today)
    seeded = [spec for spec in specs if spec.name in {name for name, *_rest in SEED_WORKS}]
    if year <= max(SEED + 1, 2023) or not seeded:
        return  # the demo's own years cover it
    rows = [
        (ProjectRow(row=index, fields={}, year=year, plan={"planned_investment_wan": spec.total}),
         spec.written)
        for index, spec in enumerate(seeded)
    ]  # fmt: skip
    bulk.upsert_plan_rows(rows, by=office, reason=REASON)
    reports = []
    for index, spec in enumerate(seeded):
        monthly = (spec.total / 12).quantize(Decimal("0.01"))
        for month in range(1, last + 1):
            state = (
                ReportStatus.APPROVED
                if month < last
                else (None, "submitted", "approved")[index % 3]
            )
            if state is None:
                continue
            filed = due_date(year, month) - datetime.timedelta(days=2)
            reports.append(
                MonthlyReport(
                    project=spec.project,
                    year=year,
                    month=month,
                    completed_wan=monthly,
                    progress_text=f"{month}月：按计划推进（演示）",
                    status=state,
                    filed_by=officers[spec.unit],
                    filed_at=_at(filed),
                    approved_by=office if state == ReportStatus.APPROVED else None,
                    approved_at=_at(filed, 16) if state == ReportStatus.APPROVED else None,
                )
            )
    MonthlyReport.objects.bulk_create(reports)
    audit.record_bulk([(report, None) for report in reports], by=office, reason=REASON)
    progress.rebuild(year)


def _coordination(
    specs: list[Spec], units: dict[str, Unit], officers: dict[str, User], office: User
) -> None:
    """The red projects' problems become coordination items (跟踪服务) of 区发改局, assigned
    to the responsible unit and 区住建局 (多部门联动); the units accept some of them."""
    today = clock.today()
    lagging = [spec for spec in specs if spec.rate < 0.7]
    for number, spec in enumerate(lagging):
        item = supervision.create_item(
            by=office,
            flow="coordination",
            title=f"协调解决{spec.written.name}资金拨付滞后问题",
            description="演示数据：月度进度报告的存在问题转为协调事项。",
            supervisor_unit=units["140213101"],
            units=[units[spec.unit], units["140213103"]],
            deadline=today + datetime.timedelta(days=10 + 10 * number),
            subject=spec.project,
        )
        if number % 2 == 0:
            assignment = item.assignments.get(unit=units[spec.unit])
            supervision.act(assignment, by=officers[spec.unit], action="accept")
