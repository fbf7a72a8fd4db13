"""塔儿村's year plan row and monthly report, carrying the canary, for the scoping walker."""

from decimal import Decimal

from taizhang.projects.models import MonthlyReport, Project, ReportStatus, Stage
from taizhang.projects.services import plans


def make(district, people, canary):
    project = Project.objects.create(
        unit=district.taer,
        subdistrict=district.xiaonantou,
        name=f"{canary} 年度计划项目",
        category="livelihood",
        total_investment_wan=Decimal("100"),
        stage=Stage.ANNUAL,
    )
    row = plans.include_in_plan(
        project, year=2022, by=people.office, planned_investment_wan=Decimal("50")
    )
    report = MonthlyReport.objects.create(
        project=project,
        year=2022,
        month=3,
        completed_wan=Decimal("5"),
        progress_text=canary,
        problems=canary,
        status=ReportStatus.SUBMITTED,
        filed_by=people.taer_officer,
    )
    return [project, row, report]
