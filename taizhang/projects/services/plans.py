"""Year plans (滚动接续): putting projects into a year's plan, rollover to the next year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require, roles_of
from taizhang.core.roles import WRITE_EVERYWHERE
from taizhang.projects.models import Nature, PlanYear, Project, YearPlan


def can_plan(user: Any) -> bool:
    """Year plans belong to the programme office and district administrators."""
    return user is None or bool(roles_of(user) & WRITE_EVERYWHERE)


def nature_in(project: Project, year: int) -> str:
    """新建 unless the project was in an earlier year's plan, then 续建. Never typed by hand."""
    earlier = YearPlan.objects.filter(project=project, year__lt=year).exists()
    return Nature.CONTINUED if earlier else Nature.NEW


def plan_row(project: Project, year: int, **fields: Any) -> YearPlan:
    """An unsaved plan row with the project's snapshot and its derived nature."""
    return YearPlan(
        year=year,
        project=project,
        nature=nature_in(project, year),
        name=project.name,
        category=project.category,
        total_investment_wan=project.total_investment_wan,
        unit_id=project.unit_id,
        subdistrict_id=project.subdistrict_id,
        lead_department_id=project.lead_department_id,
        planned_start=project.planned_start,
        planned_finish=project.planned_finish,
        **fields,
    )


@transaction.atomic
def include_in_plan(
    project: Project,
    *,
    year: int,
    by: Any,
    planned_investment_wan: Decimal = Decimal("0"),
    is_key: bool = False,
) -> YearPlan:
    """Put a project into `year`'s plan (年度建设计划), unless that year is committed."""
    require(can_plan(by))
    if PlanYear.objects.filter(year=year, committed_at__isnull=False).exists():
        raise ValidationError(
            _("The %(year)d plan is committed; it cannot change.") % {"year": year}
        )
    existing = YearPlan.objects.filter(project=project, year=year).first()
    if existing:
        return existing
    row = plan_row(project, year, planned_investment_wan=planned_investment_wan, is_key=is_key)
    row.full_clean()
    row.save()
    audit.record_create(row, by=by)
    return row
