"""Bulk writes of the project bank: Excel imports and the demo write thousands of rows at once.

The rules are those of the single edits (`services.projects`, `services.plans`): access is
checked for every record, every value is validated as `full_clean()` would (an import's new
rows once, by the import's check), a year plan's nature (新建/续建) is derived from earlier
years' plans, a committed year does not change, a submitted project is locked. What differs is
how: one query per batch instead of one per row, `inserts.insert_objects` / `bulk_update`, and
`audit.record_bulk`. The per-instance database checks of `full_clean()`
(foreign keys exist, unique constraints) are replaced by one query per batch, because the
units come from the database already and the keys are looked up here.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from taizhang.core import audit, versions
from taizhang.core.access import acting_user, can_write, require
from taizhang.core.field_checks import FieldChecks
from taizhang.core.inserts import NewRecords, append_values, insert_objects
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.projects.models import (
    MonthlyReport,
    Nature,
    Project,
    ReportStatus,
    Stage,
    StageEvent,
    YearPlan,
)
from taizhang.projects.services import plans, progress, validation
from taizhang.projects.services.projects import can_review, clean_code
from taizhang.projects.services.reports import is_late

BATCH_SIZE = 1000
PROJECT_LINKS = ["unit", "owner_unit", "lead_department", "subdistrict", "co_departments"]
# The plan row's copy of its project, refreshed while the year is not committed.
SNAPSHOT_FIELDS = (
    "name",
    "category",
    "total_investment_wan",
    "unit_id",
    "subdistrict_id",
    "lead_department_id",
    "planned_start",
    "planned_finish",
)
# Fields of a plan row that are not its own values (its project, and the copy of it).
PLAN_SNAPSHOT_FIELDS = ["project", *(name.removesuffix("_id") for name in SNAPSHOT_FIELDS)]


class BulkRowError(ValidationError):
    """A row the service refuses; `row` is the caller's row number (an Excel row), `field` the
    project field at fault ("" when the row as a whole is refused)."""

    def __init__(self, row: int, message: Any, field: str = "") -> None:
        super().__init__(message)
        self.row = row
        self.field = field


@dataclass
class ProjectRow:
    """One project to create or update, with its plan for a year (if `year` is given).
    `fields` holds Project fields (units as Unit objects); fields left out stay as they are."""

    row: int
    fields: dict[str, Any]
    co_departments: list[Unit] | None = None
    year: int | None = None
    plan: dict[str, Any] = field(default_factory=dict)  # planned_investment_wan, is_key
    version: int | None = None  # the project's version the row starts from, if it says


@dataclass
class BulkResult:
    actions: list[str] = field(default_factory=list)  # "create" / "update" / "unchanged"


def validate_project(
    project: Project,
    *,
    only: Iterable[str] | None = None,
    rules_for: Iterable[str] | None = None,
) -> None:
    """The field checks of `full_clean()` without its per-row queries, and the rules of a single
    edit (`validation.project_errors`), all errors at once by field. The code is the caller's to
    clean first (`clean_code`). `only`: check just these fields, the others holding their
    (valid) defaults. `rules_for`: the fields whose rules are checked (default: `only`; an
    update passes the fields it sets)."""
    if only is None:
        exclude = PROJECT_LINKS
    else:
        only = list(only)
        exclude = [f.name for f in Project._meta.fields if f.name not in only] + PROJECT_LINKS
    errors: dict[str, list[str]] = {}
    try:
        project.clean_fields(exclude=exclude)
    except ValidationError as error:
        errors = error.message_dict
    rules = validation.project_errors(project, fields=only if rules_for is None else rules_for)
    for name, messages in rules.items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def find_projects(rows: Sequence[ProjectRow]) -> dict[int, Project]:
    """The existing project of each row (by index): by code when the row has one, else by name
    and responsible unit. Two queries for the whole batch."""
    codes = {row.fields["code"] for row in rows if row.fields.get("code")}
    named = [row for row in rows if not row.fields.get("code")]
    condition = Q(code__in=codes) if codes else Q(pk__in=[])
    if named:
        condition |= Q(
            name__in={row.fields["name"] for row in named},
            unit_id__in={row.fields["unit"].pk for row in named},
        )
    found = Project.objects.filter(condition).select_related("unit")
    by_code = {p.code: p for p in found if p.code}
    by_name = {(p.name, p.unit_id): p for p in found}
    result = {}
    for index, row in enumerate(rows):
        code = row.fields.get("code")
        key = (
            by_code.get(code) if code else by_name.get((row.fields["name"], row.fields["unit"].pk))
        )
        if key is not None:
            result[index] = key
    return result


def _refuse(row: ProjectRow | int, error: ValidationError | str) -> BulkRowError:
    number = row if isinstance(row, int) else row.row
    messages = error.messages if isinstance(error, ValidationError) else [error]
    fields = list(getattr(error, "error_dict", {}))
    field = fields[0] if len(fields) == 1 and fields[0] != NON_FIELD_ERRORS else ""
    return BulkRowError(number, "; ".join(messages), field)


def _check_stage(row: ProjectRow, existing: Project | None, by: User | None) -> None:
    stage = row.fields.get("stage")
    if existing is not None:
        if stage and stage != existing.stage:
            raise _refuse(row, _("The stage changes through the pipeline, not by import."))
        if existing.is_locked:
            raise _refuse(
                row,
                _("The project is submitted for review; it is locked until the office decides."),
            )
    elif stage and stage != Stage.RESERVE and not can_review(by):
        raise _refuse(row, _("Only the programme office files a project beyond the reserve stage."))


@transaction.atomic
def upsert_projects(
    rows: Sequence[ProjectRow], *, by: User | None, reason: str = "", checked: bool = False
) -> BulkResult:
    """Create or update the rows' projects and their year plan rows, all or nothing.

    `checked`: the caller cleaned the rows' codes and validated their values
    (`validate_project`), as an import's check does, so only updates, whose values merge into
    an existing project, are validated again."""
    require(can_write(by))
    existing = find_projects(rows)
    created: list[Project] = []
    updated: list[tuple[Project, dict[str, Any], list[str]]] = []
    m2m: dict[int, list[Unit]] = {}  # row index -> co-departments to set
    projects: list[Project] = []
    subdistricts: dict[int, Unit | None] = {}
    result = BulkResult()
    new_project = NewRecords(Project, stage=Stage.RESERVE)
    for index, row in enumerate(rows):
        project = existing.get(index)
        _check_stage(row, project, by)
        if project is not None:
            require(can_write(by, project))
            if row.version is not None and row.version != project.version:
                stale = versions.stale(
                    project, expected=row.version, current=project.version, by=by
                )
                raise _refuse(row, stale.full_message())
            before = audit.snapshot(project)
            for name, value in row.fields.items():
                setattr(project, name, value)
        else:
            before = None
            project = new_project.make(row.fields)
        if before is not None or not checked:
            try:
                project.code = clean_code(project.code)
                validate_project(project, rules_for=None if before is None else row.fields)
            except ValidationError as error:
                raise _refuse(row, error) from error
        require(can_write(by, project))  # the new responsible unit is the importer's too
        if before is None:
            if project.subdistrict_id is None:  # as a single create: the unit's 街道
                if project.unit_id not in subdistricts:
                    subdistricts[project.unit_id] = project.unit.subdistrict()
                project.subdistrict = subdistricts[project.unit_id]
            created.append(project)
            result.actions.append("create")
        else:
            changed = [n for n, v in audit.snapshot(project).items() if before.get(n) != v]
            changed = [n for n in changed if n != "co_departments"]
            old_m2m = set(before.get("co_departments", []))
            m2m_changed = row.co_departments is not None and old_m2m != {
                u.pk for u in row.co_departments
            }
            if changed or m2m_changed:
                updated.append((project, before, changed))
            result.actions.append("update" if changed or m2m_changed else "unchanged")
        if row.co_departments is not None:
            m2m[index] = row.co_departments
        projects.append(project)
    insert_objects(Project, created)
    _bump_versions(updated, rows, existing, by=by)
    fields = sorted({name for _p, _b, changed in updated for name in changed})
    if updated:  # the version of each, the changed fields of those that have some
        Project.objects.bulk_update(
            [p for p, _b, _c in updated], [*fields, versions.VERSION_FIELD], batch_size=BATCH_SIZE
        )
    _set_co_departments(
        {projects[i].pk: units for i, units in m2m.items()}, {p.pk for p in created}
    )
    _stage_events(created, by=by, note=reason)
    co_ids = {projects[i].pk: sorted(u.pk for u in units) for i, units in m2m.items()}
    _audit_created(created, co_ids, by=by, reason=reason)
    audit.record_bulk([(p, before) for p, before, _c in updated], by=by, reason=reason)
    planned = [(row, projects[i]) for i, row in enumerate(rows) if row.year]
    plan_actions = upsert_plan_rows(
        planned, by=by, reason=reason, new_projects={p.pk for p in created}
    )
    for index, row in enumerate(rows):
        if row.year and result.actions[index] == "unchanged":
            result.actions[index] = plan_actions[row.row]
    return result


def _bump_versions(
    updated: list[tuple[Project, dict[str, Any], list[str]]],
    rows: Sequence[ProjectRow],
    existing: dict[int, Project],
    *,
    by: User | None,
) -> None:
    """The next version for every project the batch changes; refused if one changed since it
    was read (a concurrent edit)."""
    moved = versions.bump_versions(Project, [project for project, _b, _c in updated])
    if moved:
        number = next(row.row for i, row in enumerate(rows) if existing.get(i) is moved[0])
        current = Project.objects.get(pk=moved[0].pk).version
        stale = versions.stale(moved[0], expected=moved[0].version, current=current, by=by)
        raise _refuse(number, stale.full_message())


def _audit_created(
    created: list[Project], co_ids: dict[int, list[int]], *, by: User | None, reason: str
) -> None:
    """Audit new projects with the co-departments just set: reading them back would cost one
    query per project, the cost of the whole import."""
    audit.record_bulk(
        (
            (
                project,
                None,
                audit.snapshot(project, many_to_many=False)
                | {"co_departments": co_ids.get(project.pk, [])},
            )
            for project in created
        ),
        by=by,
        reason=reason,
    )


def _set_co_departments(wanted: dict[int, list[Unit]], new: set[int]) -> None:
    """Make each project's co-departments (多部门联动) exactly the given units, in bulk. `new`
    projects were just created and have none yet."""
    if not wanted:
        return
    through = Project.co_departments.through
    current: dict[int, set[int]] = {pk: set() for pk in wanted}
    existing = [pk for pk in wanted if pk not in new]
    if existing:
        links = through.objects.filter(project_id__in=existing)
        for project_id, unit_id in links.values_list("project_id", "unit_id"):
            current[project_id].add(unit_id)
    stale: list[Q] = []
    added: list[tuple[int, int]] = []
    for project_id, units in wanted.items():
        ids = {unit.pk for unit in units}
        if ids == current[project_id]:
            continue
        if current[project_id] - ids:
            stale.append(Q(project_id=project_id) & ~Q(unit_id__in=ids))
        added += [(project_id, unit_id) for unit_id in ids - current[project_id]]
    if stale:
        through.objects.filter(functools.reduce(operator.or_, stale)).delete()
    append_values(through, ("project_id", "unit_id"), added)


def _stage_events(created: list[Project], *, by: User | None, note: str) -> None:
    """A project imported beyond 储备 gets the move on its timeline (阶段流转)."""
    actor_id = getattr(acting_user(by), "pk", None)
    now, note = clock.now(), note[:500]
    append_values(
        StageEvent,
        ("project_id", "action", "from_stage", "to_stage", "by_id", "at", "note"),
        (
            (project.pk, StageEvent.Action.MOVE.value, Stage.RESERVE.value, project.stage,
             actor_id, now, note)
            for project in created
            if project.stage != Stage.RESERVE
        ),
    )  # fmt: skip


def upsert_plan_rows(
    rows: Sequence[tuple[ProjectRow, Project]],
    *,
    by: User | None,
    reason: str = "",
    new_projects: frozenset[int] | set[int] = frozenset(),
) -> dict[int, str]:
    """Put each saved project into its row's year plan, or update the plan row it has. The
    nature is derived (`plans.natures_in`); only planners change plans; committed years never
    change. Returns each row's action by row number. `new_projects`: projects created just
    now, which have no earlier plans and no reports (nothing to look up for them)."""
    actions: dict[int, str] = {}
    plan_checks = FieldChecks(YearPlan, exclude=PLAN_SNAPSHOT_FIELDS)  # clean_fields, by value
    years = {row.year for row, _project in rows}
    for year in sorted(y for y in years if y):
        in_year = [(row, project) for row, project in rows if row.year == year]
        ids = [project.pk for _row, project in in_year]
        have = {p.project_id: p for p in YearPlan.objects.filter(year=year, project_id__in=ids)}
        natures = plans.natures_in(
            [pk for pk in ids if pk not in have and pk not in new_projects], year
        )
        natures.update(dict.fromkeys(new_projects, Nature.NEW))
        committed = plans.is_committed(year)
        new_rows: list[YearPlan] = []
        changed: list[tuple[YearPlan, dict[str, Any]]] = []
        for row, project in in_year:
            plan = have.get(project.pk)
            if plan is None:
                plan = plans.plan_row(
                    project,
                    year,
                    nature=natures[project.pk],
                    planned_investment_wan=row.plan.get("planned_investment_wan") or Decimal("0"),
                    is_key=bool(row.plan.get("is_key")),
                )
                new_rows.append(plan)
                action = "create"
            else:
                before = audit.snapshot(plan)
                if not committed:
                    for name in SNAPSHOT_FIELDS:
                        setattr(plan, name, getattr(project, name))
                for name in ("planned_investment_wan", "is_key"):
                    if row.plan.get(name) is not None:
                        setattr(plan, name, row.plan[name])
                action = "update" if audit.snapshot(plan) != before else "unchanged"
                if action == "update":
                    changed.append((plan, before))
            if action != "unchanged":
                if committed:
                    raise _refuse(
                        row, _("The %(year)d plan is committed; it cannot change.") % {"year": year}
                    )
                if not plans.can_plan(by):
                    raise _refuse(
                        row, _("Only the programme office puts projects into a year's plan.")
                    )
                plan.unit = project.unit  # the audit reads it: no query per row
                if problem := validation.plan_errors(
                    plan.planned_investment_wan, project.total_investment_wan
                ):
                    raise _refuse(row, ValidationError(problem))
                # the snapshot fields are copies of the project, validated already
                if problem := plan_checks.instance_errors(plan):
                    raise _refuse(row, ValidationError(problem))
            actions[row.row] = action
        insert_objects(YearPlan, new_rows)
        progress.refresh(plan for plan in new_rows if plan.project_id not in new_projects)
        if changed:
            names = {
                n
                for plan, before in changed
                for n, v in audit.snapshot(plan).items()
                if before.get(n) != v
            }
            if moved := versions.bump_versions(YearPlan, [plan for plan, _b in changed]):
                raise _refuse(
                    in_year[0][0],
                    _("The plan row of %(name)s was changed by someone else meanwhile.")
                    % {"name": moved[0].name},
                )
            names.add(versions.VERSION_FIELD)
            YearPlan.objects.bulk_update(
                [plan for plan, _b in changed], sorted(names), batch_size=BATCH_SIZE
            )
        changes: list[tuple[YearPlan, dict[str, Any] | None]] = [(p, None) for p in new_rows]
        changes.extend(changed)
        audit.record_bulk(changes, by=by, reason=reason)
    return actions


# Monthly reports (月度进度) ------------------------------------------------------------------


REPORT_FIELDS = ("completed_wan", "progress_text", "started_on", "finished_on", "problems")


@dataclass
class ReportRow:
    row: int
    project: Project  # with its unit loaded
    year: int
    month: int
    fields: dict[str, Any]  # of REPORT_FIELDS
    version: int | None = None  # the report's version the row starts from, if it says


def check_report_period(year: int, month: int, today: datetime.date) -> str | None:
    """Why a report for this month cannot be filed yet, or None."""
    if (year, month) > (today.year, today.month):
        return _("%(year)d-%(month)02d has not begun; a report cannot be filed for it.") % {
            "year": year,
            "month": month,
        }
    return None


@transaction.atomic
def file_reports(rows: Sequence[ReportRow], *, by: User | None, reason: str = "") -> BulkResult:
    """File monthly reports as submitted (待审核) by `by`, a batch at once, with the rules of
    `services.reports.file_report`: the project is in that year's plan, the month has begun,
    lateness by `reports.is_late`. New reports are created, drafts and returned ones are
    resubmitted; a submitted or approved report with other figures is refused."""
    require(can_write(by))
    now = clock.now()
    today = clock.today()
    keys = Q(pk__in=[])
    for row in rows:
        keys |= Q(project_id=row.project.pk, year=row.year, month=row.month)
    have = {(r.project_id, r.year, r.month): r for r in MonthlyReport.objects.filter(keys)}
    planned = set(
        YearPlan.objects.filter(
            project_id__in={row.project.pk for row in rows}, year__in={row.year for row in rows}
        ).values_list("project_id", "year")
    )
    result = BulkResult()
    new: list[MonthlyReport] = []
    changed: list[tuple[MonthlyReport, dict[str, Any]]] = []
    for row in rows:
        require(can_write(by, row.project))
        if (row.project.pk, row.year) not in planned:
            raise _refuse(
                row.row, _("The project is not in the %(year)d plan.") % {"year": row.year}
            )
        if problem := check_report_period(row.year, row.month, today):
            raise _refuse(row.row, problem)
        report = have.get((row.project.pk, row.year, row.month))
        before = audit.snapshot(report) if report is not None else None
        if report is None:
            report = MonthlyReport(project=row.project, year=row.year, month=row.month)
        same = all(getattr(report, n) == v for n, v in row.fields.items())
        if before is not None and same:
            result.actions.append("unchanged")
            continue
        if before is not None and row.version is not None and row.version != report.version:
            stale = versions.stale(report, expected=row.version, current=report.version, by=by)
            raise _refuse(row.row, stale.full_message())
        if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED) and before:
            raise _refuse(
                row.row,
                _("The report of %(year)d-%(month)02d is %(status)s; it cannot change.")
                % {"year": row.year, "month": row.month, "status": report.get_status_display()},
            )
        for name, value in row.fields.items():
            setattr(report, name, value)
        report.status = ReportStatus.SUBMITTED
        report.filed_by = acting_user(by)
        report.filed_at = now
        report.is_late = is_late(row.year, row.month, today)
        try:
            report.full_clean(
                exclude=["project", "filed_by", "approved_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            raise _refuse(row.row, error) from error
        if date_errors := validation.report_errors(report.started_on, report.finished_on):
            raise _refuse(row.row, ValidationError(date_errors))
        if before is None:
            new.append(report)
            result.actions.append("create")
        else:
            changed.append((report, before))
            result.actions.append("update")
    MonthlyReport.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if changed:
        if moved := versions.bump_versions(MonthlyReport, [r for r, _b in changed]):
            number = next(row.row for row in rows if row.project.pk == moved[0].project_id)
            raise _refuse(number, _("The report was changed by someone else meanwhile."))
        MonthlyReport.objects.bulk_update(
            [r for r, _b in changed],
            [*REPORT_FIELDS, "status", "filed_by", "filed_at", "is_late", versions.VERSION_FIELD],
            batch_size=BATCH_SIZE,
        )
    changes: list[tuple[MonthlyReport, dict[str, Any] | None]] = [(r, None) for r in new]
    changes.extend(changed)
    audit.record_bulk(changes, by=by, reason=reason)
    return result
