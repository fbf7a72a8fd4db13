"""The demo's project bank reproduces the seed's 2022 figures exactly, counted on the plan rows,
and running the demo twice changes nothing."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum

from taizhang.core import workbench
from taizhang.core.models import AuditEntry, User
from taizhang.projects.models import (
    MonthlyReport,
    PlanYear,
    Project,
    Quantity,
    ReportStatus,
    Stage,
    StageEvent,
    YearPlan,
)
from taizhang.supervision.models import SupervisionItem
from tests.conftest import DEMO_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_district):
    """The demo, loaded once for the module (tests/conftest.py)."""


def counts():
    return [
        model.objects.count()
        for model in (
            Project,
            YearPlan,
            MonthlyReport,
            StageEvent,
            Quantity,
            PlanYear,
            AuditEntry,
            SupervisionItem,
        )
    ]


def test_the_2022_plan_has_the_seeds_figures_and_natures_derived_from_2021(demo):
    """The figures counted directly on the 2022 plan rows; one demo run serves several checks
    because the demo takes seconds to load."""
    check_the_natures_come_from_the_2021_plan()
    check_2023_is_rolled_over_and_a_few_reserves_remain()
    rows = YearPlan.objects.filter(year=2022)
    assert rows.count() == 223
    assert rows.aggregate(total=Sum("total_investment_wan"))["total"] == Decimal("8096800.00")
    assert dict(rows.values_list("nature").annotate(n=Count("pk"))) == {
        "new": 85,
        "continued": 138,
    }
    assert dict(rows.values_list("category").annotate(n=Count("pk"))) == {
        "industry": 40,
        "infrastructure": 43,
        "livelihood": 140,
    }
    assert rows.filter(total_investment_wan__gte=Decimal("100000.00")).count() == 19


def check_the_natures_come_from_the_2021_plan():
    continued = YearPlan.objects.filter(year=2022, nature="continued").values("project")
    assert YearPlan.objects.filter(year=2021, project__in=continued).count() == 138
    new = YearPlan.objects.filter(year=2022, nature="new").values("project")
    assert not YearPlan.objects.filter(year__lt=2022, project__in=new).exists()
    assert 190 <= YearPlan.objects.filter(year=2021).count() <= 210


def check_2023_is_rolled_over_and_a_few_reserves_remain():
    rows = YearPlan.objects.filter(year=2023)
    unfinished = YearPlan.objects.filter(year=2022).exclude(project__stage=Stage.COMPLETED)
    assert rows.filter(nature="continued").count() == unfinished.count()
    assert rows.filter(nature="new").count() == 5
    assert Project.objects.filter(stage=Stage.RESERVE).count() == 3
    assert set(
        PlanYear.objects.filter(committed_at__isnull=False).values_list("year", flat=True)
    ) == {2021, 2022}


def check_the_demo_projects_say_they_are_invented_and_the_seeds_works_are_there():
    assert not Project.objects.filter(Q(is_demo=False) | ~Q(name__contains="演示")).exists()
    paving = Project.objects.get(name__startswith="东王庄村")
    assert {(q.item, q.value, q.unit_of_measure, q.qualifier) for q in paving.quantities.all()} == {
        ("硬化巷道", Decimal("1000.00"), "平方米", "多"),
        ("植绿", Decimal("500.00"), "平方米", "多"),
        ("新建花池", Decimal("40.00"), "个", "多"),
    }
    for name in ("梨园水乡", "千亩高粱基地", "柏油马路", "集市中心", "生活广场"):
        assert Project.objects.filter(name__contains=name).count() == 1


def check_2022_has_approved_reports_of_every_month_with_a_few_late_and_a_few_lagging():
    reports = MonthlyReport.objects.filter(year=2022)
    assert set(reports.values_list("month", flat=True)) == set(range(1, 13))
    assert not reports.exclude(status=ReportStatus.APPROVED).exists()
    assert not reports.filter(filed_by=F("approved_by")).exists()
    assert 0 < reports.filter(is_late=True).count() < reports.count() // 10
    done = dict(reports.values_list("project").annotate(total=Sum("completed_wan")))
    plans = YearPlan.objects.filter(year=2022).values_list("project", "planned_investment_wan")
    rates = [done.get(project, 0) / planned for project, planned in plans if planned]
    yellow = sum(1 for rate in rates if Decimal("0.70") <= rate < Decimal("0.90"))
    red = sum(1 for rate in rates if rate < Decimal("0.70"))
    assert (yellow, red) == (6, 4)


def check_every_write_is_audited_and_the_timeline_is_there():
    for model in (Project, YearPlan, MonthlyReport, StageEvent, Quantity):
        entries = AuditEntry.objects.filter(
            content_type__model=model._meta.model_name, action="create"
        )
        assert entries.count() == model.objects.count(), model
    assert (
        StageEvent.objects.filter(to_stage=Stage.KEY).count()
        == Project.objects.filter(stage=Stage.KEY).count()
    )


def test_the_demo_is_invented_reported_audited_and_running_it_twice_changes_nothing(demo):
    check_the_demo_projects_say_they_are_invented_and_the_seeds_works_are_there()
    check_2022_has_approved_reports_of_every_month_with_a_few_late_and_a_few_lagging()
    check_every_write_is_audited_and_the_timeline_is_there()
    items = SupervisionItem.objects.filter(flow="coordination")
    assert items.count() == 4 and all(item.subject.is_demo for item in items)
    first = counts()
    call_command("demo", no_serve=True, stdout=io.StringIO())
    assert counts() == first


SEED_SENTENCE = (
    "2022年，全区建设项目共有223个，总投资809.68亿元。其中：新建项目85个，续建项目138个，"
    "包含产业类项目40个，基础设施类项目43个，社会民生类项目140个。投资10亿元以上项目19个。"
)


def test_the_stats_command_on_the_demo_prints_the_seeds_sentence_and_figures(demo, capsys):
    call_command("stats", "projects", year=2022, format="text")
    assert capsys.readouterr().out.strip() == SEED_SENTENCE
    call_command("stats", "projects", year=2022, format="json")
    figures = json.loads(capsys.readouterr().out)
    assert (figures["count"], figures["total_investment_wan"]) == (223, "8096800.00")
    assert figures["by_nature"] == {"new": 85, "continued": 138}
    assert figures["by_category"] == {"industry": 40, "infrastructure": 43, "livelihood": 140}
    assert figures["count_over_1bn"] == 19


def test_the_demos_projects_have_synthetic_places_around_pingcheng_that_the_map_shows(demo, client):
    projects = Project.objects.filter(is_demo=True)
    assert not projects.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True)).exists()
    assert not projects.exclude(latitude__range=(40.0, 40.2), longitude__range=(113.2, 113.4))
    assert not projects.exclude(address__endswith="（演示位置，坐标为虚构）").exists()
    client.force_login(User.objects.get(username="office"))
    points = client.get("/projects/dashboard/data.json?year=2022").json()["map"]
    assert len(points) == 223
    assert "data-map-empty" not in client.get("/projects/dashboard/?year=2022").content.decode()


def test_this_years_plan_gives_village_officers_reports_to_file_and_the_office_to_approve(
    demo, monkeypatch
):
    """On 2 December 2026 (the day the demo was loaded on), October's reports are overdue,
    November's due on 5 December."""
    monkeypatch.setattr("taizhang.lib.clock.now", lambda: DEMO_DAY)
    today = DEMO_DAY.date()
    village = workbench.collect(User.objects.get(username="dongwangzhuang"), today)
    # The project bank's own items (the party demo's branches have no 2026 meetings: missed).
    reports = [group for group in village.groups if group.module == "projects"]
    assert sum(group.overdue for group in reports) == 1
    assert sum(group.due_this_week for group in reports) == 1
    office = workbench.collect(User.objects.get(username="office"), today)
    kinds = [item.kind for group in office.groups for item in group.items]
    assert kinds.count("report_approve") == 2
    assert YearPlan.objects.filter(year=2026).count() == 6
