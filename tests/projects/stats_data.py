"""Year plans for the statistics tests: a small 2021 and 2022 plan, and the seed's 2022."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from taizhang.projects.filters.projects import YearPlanFilter
from taizhang.projects.models import (
    Category,
    MonthlyReport,
    Nature,
    Project,
    ReportStatus,
    Stage,
    StageEvent,
    YearPlan,
)
from taizhang.projects.services import progress
from tests.conftest import client_for
from tests.projects.factories import make_project

SEED_SENTENCE = (
    "2022年，全区建设项目共有223个，总投资809.68亿元。其中：新建项目85个，续建项目138个，"
    "包含产业类项目40个，基础设施类项目43个，社会民生类项目140个。投资10亿元以上项目19个。"
)


def plan(project, year, nature, planned, **fields):
    return YearPlan.objects.create(
        year=year,
        project=project,
        nature=nature,
        planned_investment_wan=Decimal(planned),
        name=project.name,
        category=project.category,
        total_investment_wan=project.total_investment_wan,
        unit=project.unit,
        subdistrict=project.subdistrict,
        lead_department=project.lead_department,
        planned_start=project.planned_start,
        planned_finish=project.planned_finish,
        **fields,
    )


def report(project, year, month, wan, status=ReportStatus.APPROVED):
    """A report as approving it leaves it: counted in its plan row's progress."""
    made = MonthlyReport.objects.create(
        project=project, year=year, month=month, completed_wan=Decimal(wan), status=status
    )
    if status == ReportStatus.APPROVED:
        progress.refresh_report(made)
    return made


def small_plan(district) -> SimpleNamespace:
    """2022: a 15亿 industry park of 西王庄村 (new, started in April), 塔儿村's lanes
    (continued from 2021, finished in September) and 古城村's road (new, out of the reserve in
    February, not started). Up to October: 12100万元 completed of 30300万元 planned."""
    d = SimpleNamespace()
    d.park = make_project(
        district.xiwangzhuang,
        name="西王庄产业园",
        category=Category.INDUSTRY,
        total_investment_wan=Decimal("150000.00"),
        subdistrict=district.xiaonantou,
        lead_department=district.fagaiju,
        planned_start=datetime.date(2022, 3, 1),
        actual_start=datetime.date(2022, 4, 10),
        longitude=Decimal("113.300000"),
        latitude=Decimal("40.080000"),
        stage=Stage.KEY,
    )
    d.lanes = make_project(
        district.taer,
        name="塔儿村巷道硬化",
        total_investment_wan=Decimal("500.00"),
        subdistrict=district.xiaonantou,
        planned_start=datetime.date(2022, 11, 1),
        actual_start=datetime.date(2021, 5, 1),
        actual_finish=datetime.date(2022, 9, 30),
        stage=Stage.COMPLETED,
    )
    d.road = make_project(
        district.guchengcun,
        name="古城村道路",
        category=Category.INFRASTRUCTURE,
        total_investment_wan=Decimal("80000.00"),
        subdistrict=district.baidengshan,
        planned_start=datetime.date(2022, 5, 1),
        stage=Stage.ANNUAL,
    )
    StageEvent.objects.create(
        project=d.road,
        action=StageEvent.Action.APPROVE,
        from_stage=Stage.RESERVE,
        to_stage=Stage.ANNUAL,
        at=timezone.make_aware(datetime.datetime(2022, 2, 15, 10)),
    )
    d.lanes_2021 = plan(d.lanes, 2021, Nature.NEW, "200.00")
    d.park_2022 = plan(d.park, 2022, Nature.NEW, "20000.00", is_key=True)
    d.lanes_2022 = plan(d.lanes, 2022, Nature.CONTINUED, "300.00")
    d.road_2022 = plan(d.road, 2022, Nature.NEW, "10000.00")
    for month in range(1, 11):
        report(d.park, 2022, month, "1000.00")
    report(d.road, 2022, 5, "2000.00")
    report(d.lanes, 2022, 3, "100.00")
    report(d.lanes, 2022, 4, "500.00", status=ReportStatus.SUBMITTED)  # not approved yet
    report(d.lanes, 2022, 11, "200.00")  # after October
    report(d.lanes, 2021, 6, "150.00")
    return d


def seed_plan(district, year: int = 2022) -> None:
    """223 rows shaped like the seed: 809.68亿元, 85 new / 138 continued, 40 / 43 / 140 by
    category, 19 of 10亿元 and more (200000万元 each), the rest 21000万元 and one 33800万元."""
    categories = (
        [Category.INDUSTRY] * 40 + [Category.INFRASTRUCTURE] * 43 + [Category.LIVELIHOOD] * 140
    )
    amounts = [Decimal("200000.00")] * 19 + [Decimal("21000.00")] * 203 + [Decimal("33800.00")]
    natures = [Nature.NEW] * 85 + [Nature.CONTINUED] * 138
    projects = Project.objects.bulk_create(
        Project(
            name=f"示例项目{index}",
            unit=district.xiwangzhuang,
            subdistrict=district.xiaonantou,
            category=categories[index],
            total_investment_wan=amounts[index],
            is_demo=True,
        )
        for index in range(223)
    )
    YearPlan.objects.bulk_create(
        YearPlan(
            year=year,
            project=project,
            nature=natures[index],
            name=project.name,
            category=project.category,
            total_investment_wan=project.total_investment_wan,
            unit_id=project.unit_id,
            subdistrict_id=project.subdistrict_id,
        )
        for index, project in enumerate(projects)
    )


def rows_in_filter(user, query: str) -> int:
    """How many rows the list page's FilterSet selects for `query`, as `user`."""
    filterset = YearPlanFilter(
        QueryDict(query),
        queryset=YearPlan.objects.for_user(user),
        request=SimpleNamespace(user=user),
    )
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


def rows_behind(user, query: str) -> int:
    """How many rows the year-plan list page shows for `query` (its paginator's count)."""
    try:
        url = reverse("yearplan-list")
    except NoReverseMatch:  # the page is not there yet: the FilterSet it uses
        return rows_in_filter(user, query)
    response = client_for(user).get(f"{url}?{query}")
    assert response.status_code == 200
    return response.context["page"].paginator.count
