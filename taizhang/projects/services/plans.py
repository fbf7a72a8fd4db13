"""Year plans (滚动接续): putting projects into a year's plan, editing rows, rollover to the next
year and committing a year. A committed year's rows are a snapshot that nothing rewrites."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, versions
from taizhang.core.access import SYSTEM, acting_user, is_district_writer, require
from taizhang.core.inserts import NewRecords
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.projects.models import (
    MonthlyReport,
    Nature,
    PlanYear,
    Project,
    Stage,
    YearPlan,
)
from taizhang.projects.services import progress, validation

# A project in one of these stages continues into the next year's plan (未完工).
PLANNED_STAGES = (Stage.ANNUAL, Stage.KEY)
FINISHED_STAGES = (Stage.COMPLETED, Stage.DROPPED)
SNAPSHOT_LINKS = ["project", "unit", "subdistrict", "lead_department"]


def can_plan(user: Any) -> bool:
    """Year plans belong to the programme office and district administrators."""
    return user is SYSTEM or is_district_writer(user)


def nature_in(project: Project, year: int) -> str:
    """新建 unless the project was in an earlier year's plan, then 续建. Never typed by hand."""
    earlier = YearPlan.objects.filter(project=project, year__lt=year).exists()
    return Nature.CONTINUED if earlier else Nature.NEW


def natures_in(project_ids: list[int], year: int) -> dict[int, str]:
    """`nature_in` for many projects in one query."""
    earlier = set(
        YearPlan.objects.filter(project_id__in=project_ids, year__lt=year).values_list(
            "project_id", flat=True
        )
    )
    return {pk: Nature.CONTINUED if pk in earlier else Nature.NEW for pk in project_ids}


def plan_row(project: Project, year: int, *, nature: str | None = None, **fields: Any) -> YearPlan:
    """An unsaved plan row with the project's snapshot and its derived nature."""
    return _new_plan_rows().make(
        {
            "year": year,
            "project": project,
            "nature": nature or nature_in(project, year),
            "name": project.name,
            "category": project.category,
            "total_investment_wan": project.total_investment_wan,
            "unit_id": project.unit_id,
            "subdistrict_id": project.subdistrict_id,
            "lead_department_id": project.lead_department_id,
            "planned_start": project.planned_start,
            "planned_finish": project.planned_finish,
            **fields,
        }
    )


@functools.cache
def _new_plan_rows() -> NewRecords[YearPlan]:
    return NewRecords(YearPlan)


def is_committed(year: int) -> bool:
    return PlanYear.objects.filter(year=year, committed_at__isnull=False).exists()


def _refuse_if_committed(year: int) -> None:
    if is_committed(year):
        raise ValidationError(
            _("The %(year)d plan is committed; it cannot change.") % {"year": year}
        )


@transaction.atomic
def include_in_plan(
    project: Project,
    *,
    year: int,
    by: User | None,
    planned_investment_wan: Decimal = Decimal("0"),
    is_key: bool = False,
) -> YearPlan:
    """Put a project into `year`'s plan (年度建设计划), unless that year is committed."""
    require(can_plan(by))
    existing = YearPlan.objects.filter(project=project, year=year).first()
    if existing:  # already planned: a later move (年度建设 → 重点) keeps the row as it is
        return existing
    _refuse_if_committed(year)
    row = plan_row(project, year, planned_investment_wan=planned_investment_wan, is_key=is_key)
    row.full_clean()
    if errors := validation.plan_errors(row.planned_investment_wan, project.total_investment_wan):
        raise ValidationError(errors)
    row.save()
    audit.record_create(row, by=by)
    progress.refresh([row])
    return row


@transaction.atomic
def update_plan_row(
    row: YearPlan,
    *,
    by: User | None,
    planned_investment_wan: Decimal | None = None,
    is_key: bool | None = None,
    reason: str = "",
    version: int | None = None,
) -> YearPlan:
    """Change a row's planned annual investment or key flag, while its year is not committed.
    `version`: the one the editor started from; refused (`StaleEdit`) if it changed since."""
    require(can_plan(by))
    row = YearPlan.objects.select_for_update().get(pk=row.pk)
    versions.check_version(row, version, by=by)
    _refuse_if_committed(row.year)
    before = audit.snapshot(row)
    changed = []
    if planned_investment_wan is not None:
        row.planned_investment_wan = planned_investment_wan
        changed.append("planned_investment_wan")
    if is_key is not None:
        row.is_key = is_key
        changed.append("is_key")
    if changed:
        row.full_clean()
        if errors := validation.plan_errors(row.planned_investment_wan, row.total_investment_wan):
            raise ValidationError(errors)
        row.save(update_fields=changed)
        if audit.snapshot(row) != before:
            versions.bump_version(row, by=by)
        audit.record_update(row, before, by=by, reason=reason)
    return row


@transaction.atomic
def remove_from_plan(row: YearPlan, *, by: User | None, reason: str = "") -> None:
    """Take a project out of a year's plan that is not committed and has no reports yet."""
    require(can_plan(by))
    _refuse_if_committed(row.year)
    if MonthlyReport.objects.filter(project_id=row.project_id, year=row.year).exists():
        raise ValidationError(
            _("The project has monthly reports in %(year)d; it stays in the plan.")
            % {"year": row.year}
        )
    audit.record_delete(row, by=by, reason=reason)
    row.delete()


def check_plan_year(year: int) -> None:
    """A year's plan (and the next, for a rollover) lies within the years of the ledgers."""
    if not MIN_YEAR <= year < MAX_YEAR:
        raise ValidationError(
            {
                "year": _("The year %(year)d is out of range (%(min)d to %(max)d).")
                % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR - 1}
            }
        )


@transaction.atomic
def commit_year(year: int, *, by: User | None) -> PlanYear:
    """Lock a year's plan (下达): from now on its rows are a snapshot nothing changes."""
    require(can_plan(by))
    check_plan_year(year)
    plan_year, created = PlanYear.objects.select_for_update().get_or_create(year=year)
    if plan_year.committed_at is not None:
        raise ValidationError(_("The %(year)d plan is already committed.") % {"year": year})
    if not YearPlan.objects.filter(year=year).exists():
        raise ValidationError(_("The %(year)d plan has no projects.") % {"year": year})
    before = None if created else audit.snapshot(plan_year)
    plan_year.committed_at = clock.now()
    plan_year.committed_by = acting_user(by)
    plan_year.save(update_fields=["committed_at", "committed_by"])
    if before is None:
        audit.record_create(plan_year, by=by)
    else:
        audit.record_update(plan_year, before, by=by)
    return plan_year


# ---------------------------------------------------------------------------------------------
# Rollover (滚动接续): year Y's plan prepares year Y+1's.


@dataclass
class RolloverDiff:
    """What a rollover from `year` would do to `year + 1`'s plan."""

    year: int
    continuing: list[YearPlan] = field(default_factory=list)  # unsaved rows, 续建
    promoted: list[YearPlan] = field(default_factory=list)  # unsaved rows, nature derived
    dropping: list[YearPlan] = field(default_factory=list)  # rows of `year`, 竣工/终止
    already: list[YearPlan] = field(default_factory=list)  # rows `year + 1` already has
    target_committed: bool = False

    @property
    def next_year(self) -> int:
        return self.year + 1

    @property
    def to_create(self) -> list[YearPlan]:
        return [*self.continuing, *self.promoted]

    @property
    def fingerprint(self) -> str:
        """Identifies exactly this difference: a commit names it, so it writes what was shown."""
        parts = [str(self.year)]
        for kind, rows in (("c", self.continuing), ("p", self.promoted)):
            parts += [f"{kind}{row.project_id}:{row.nature}:{int(row.is_key)}" for row in rows]
        parts += [f"a{row.project_id}" for row in self.already]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]

    def counts(self) -> dict[str, int]:
        return {
            "continuing": len(self.continuing),
            "promoted": len(self.promoted),
            "dropping": len(self.dropping),
            "already": len(self.already),
        }


def rollover_preview(year: int) -> RolloverDiff:
    """The difference a rollover from `year` to `year + 1` would make. Reads only."""
    check_plan_year(year)
    target = year + 1
    diff = RolloverDiff(year=year, target_committed=is_committed(target))
    diff.already = list(
        YearPlan.objects.filter(year=target).select_related("project").order_by("name", "id")
    )
    present = {row.project_id for row in diff.already}
    rows = YearPlan.objects.filter(year=year).select_related("project", "project__unit")
    planned_now: set[int] = set()
    for row in rows.order_by("name", "id"):
        project = row.project
        planned_now.add(project.pk)
        if project.stage in FINISHED_STAGES:
            diff.dropping.append(row)
        elif project.stage in PLANNED_STAGES and project.pk not in present:
            diff.continuing.append(
                plan_row(
                    project, target, nature=Nature.CONTINUED, is_key=project.stage == Stage.KEY
                )
            )
    candidates = list(
        Project.objects.filter(stage__in=PLANNED_STAGES)
        .exclude(pk__in=planned_now | present)
        .select_related("unit")
        .order_by("name", "id")
    )
    natures = natures_in([project.pk for project in candidates], target)
    diff.promoted = [
        plan_row(project, target, nature=natures[project.pk], is_key=project.stage == Stage.KEY)
        for project in candidates
    ]
    for row in diff.to_create:
        row.unit = row.project.unit  # the audit reads the unit: no query per row
    return diff


@transaction.atomic
def commit_rollover(year: int, *, by: User | None, fingerprint: str) -> list[YearPlan]:
    """Write the rollover from `year` to `year + 1` exactly as previewed. The preview's
    fingerprint must match the difference now, else nothing is written."""
    require(can_plan(by))
    check_plan_year(year)
    plan_year, created = PlanYear.objects.get_or_create(year=year + 1)
    if created:
        audit.record_create(plan_year, by=by)
    PlanYear.objects.select_for_update().get(pk=plan_year.pk)  # one rollover at a time
    diff = rollover_preview(year)
    if diff.target_committed:
        raise ValidationError(
            _("The %(year)d plan is committed; it cannot change.") % {"year": diff.next_year}
        )
    if fingerprint != diff.fingerprint:
        raise ValidationError(
            _("The plans changed since the difference was shown. Look at it again and confirm.")
        )
    rows = diff.to_create
    for row in rows:  # the units and the project exist: their checks would cost a query each
        row.full_clean(exclude=SNAPSHOT_LINKS, validate_unique=False, validate_constraints=False)
    new_plans = YearPlan.objects.bulk_create(rows, batch_size=1000)
    progress.refresh(new_plans)
    audit.record_bulk(
        ((row, None) for row in new_plans),
        by=by,
        reason=_("Rollover from %(year)d") % {"year": year},
    )
    return new_plans
