"""Projects and their pipeline (储备 → 年度建设 → 重点 → 竣工/终止) with its review step.

A unit files a project in its own subtree as a reserve (储备) and asks for the next stage; the
programme office (业务主管部门) approves or returns it with a reason, through the platform's
review helper (core.reviews). While a request waits the project is locked. The programme office
may also move a project directly. Every step writes a StageEvent (the timeline) and an audit
entry in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from taizhang.core import audit, reviews, versions
from taizhang.core.access import acting_user, can_write, is_district_writer, require
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.projects.models import (
    STAGE_MOVES,
    Project,
    Quantity,
    Review,
    Stage,
    StageEvent,
    clean_code,
)
from taizhang.projects.services import plans

# What a unit officer may set on a project of their subtree; the pipeline fields (stage,
# review…) change only through the pipeline functions below.
PROJECT_FIELDS = (
    "name",
    "code",
    "unit",
    "owner_name",
    "owner_unit",
    "lead_department",
    "subdistrict",
    "address",
    "latitude",
    "longitude",
    "category",
    "content",
    "total_investment_wan",
    "funding_sources",
    "planned_start",
    "planned_finish",
    "actual_start",
    "actual_finish",
    "leader",
)
# The programme office also marks demo data.
OFFICE_FIELDS = (*PROJECT_FIELDS, "is_demo")
QUANTITY_FIELDS = ("item", "value", "unit_of_measure", "qualifier")
PLANNED_STAGES = (Stage.ANNUAL, Stage.KEY)


def can_review(user: Any) -> bool:
    """Approving, returning and moving projects: the programme office and administrators."""
    return is_district_writer(user)


def linked_unit_ids(project: Project) -> list[int]:
    """The units a project names: responsible, owner, lead, subdistrict, co-departments."""
    if project.pk is None:
        return []
    ids = [
        project.unit_id,
        project.owner_unit_id,
        project.lead_department_id,
        project.subdistrict_id,
    ]
    ids += list(project.co_departments.values_list("pk", flat=True))
    return [pk for pk in ids if pk is not None]


def _check_fields(fields: dict[str, Any], by: User | None) -> None:
    allowed = OFFICE_FIELDS if can_review(by) else PROJECT_FIELDS
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("You may not set: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


def date_errors(project: Project) -> dict[str, list[str]]:
    """The date order checks of a project: no finish before its start."""
    errors: dict[str, list[str]] = {}
    planned_start, planned_finish = project.planned_start, project.planned_finish
    if planned_start and planned_finish and planned_finish < planned_start:
        errors["planned_finish"] = [_("The planned finish is before the planned start.")]
    actual_start, actual_finish = project.actual_start, project.actual_finish
    if actual_start and actual_finish and actual_finish < actual_start:
        errors["actual_finish"] = [_("The actual finish is before the actual start.")]
    return errors


def _validate(project: Project) -> None:
    project.full_clean(exclude=["co_departments"])
    if errors := date_errors(project):
        raise ValidationError(errors)


def _quantity_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for number, row in enumerate(rows, start=1):
        unknown = set(row) - {*QUANTITY_FIELDS, "id"}
        if unknown:
            raise ValidationError(
                {"quantities": [_("Unknown quantity fields: %(f)s") % {"f": sorted(unknown)}]}
            )
        quantity = Quantity(**{name: row.get(name, "") for name in QUANTITY_FIELDS})
        try:
            quantity.clean_fields(exclude=["project"])
        except ValidationError as error:
            raise ValidationError(
                {
                    "quantities": [
                        _("Quantity %(number)d: %(errors)s")
                        % {"number": number, "errors": " ".join(error.messages)}
                    ]
                }
            ) from error
        cleaned.append({"id": row.get("id"), **{n: getattr(quantity, n) for n in QUANTITY_FIELDS}})
    return cleaned


def _set_quantities(project: Project, rows: list[dict[str, Any]], *, by: User | None) -> bool:
    """Make the project's quantities exactly `rows`: rows with an id change that quantity,
    rows without one are new, quantities not listed are removed. Each change is audited.
    Whether anything changed."""
    existing = {quantity.pk: quantity for quantity in project.quantities.all()}
    kept = set()
    changed = False
    for row in rows:
        quantity = existing.get(row["id"]) if row["id"] else None
        if row["id"] and quantity is None:
            raise ValidationError({"quantities": [_("No such quantity on this project.")]})
        values = {name: row[name] for name in QUANTITY_FIELDS}
        if quantity is None:
            quantity = Quantity.objects.create(project=project, **values)
            audit.record_create(quantity, by=by, reason=str(project))
            changed = True
            continue
        kept.add(quantity.pk)
        before = audit.snapshot(quantity)
        for name, value in values.items():
            setattr(quantity, name, value)
        quantity.save(update_fields=list(QUANTITY_FIELDS))
        entry = audit.record_update(quantity, before, by=by, reason=str(project))
        changed = changed or entry is not None
    for pk, quantity in existing.items():
        if pk not in kept:
            audit.record_delete(quantity, by=by, reason=str(project))
            quantity.delete()
            changed = True
    return changed


@transaction.atomic
def create_project(
    *,
    by: User | None,
    unit: Unit,
    co_departments: Sequence[Unit] = (),
    quantities: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Project:
    """File a project as a reserve (储备). Unit officers file for their own subtree; the
    programme office anywhere. The subdistrict defaults to the one the unit lies in."""
    _check_fields({"unit": unit, **fields}, by)
    require(can_write(by, Project(unit=unit)))
    project = Project(unit=unit, **fields)
    project.code = clean_code(project.code)
    if project.subdistrict_id is None:
        project.subdistrict = unit.subdistrict()
    project.stage = Stage.RESERVE
    rows = _quantity_rows(quantities)
    _validate(project)
    project.save()
    project.co_departments.set(co_departments)
    _set_quantities(project, rows, by=by)
    audit.record_create(project, by=by)
    return project


@transaction.atomic
def update_project(
    project: Project,
    *,
    by: User | None,
    reason: str = "",
    version: int | None = None,
    co_departments: Sequence[Unit] | None = None,
    quantities: Iterable[dict[str, Any]] | None = None,
    **changes: Any,
) -> Project:
    """Change a project's fields, co-departments (if given) and quantities (if given, the full
    list). Refused while the project is submitted for review; the stage never changes here.
    `version`: the one the editor started from; refused (`StaleEdit`) if it changed since."""
    require(can_write(by, project))
    project = Project.objects.select_for_update().get(pk=project.pk)
    versions.check_version(project, version, by=by)
    if project.is_locked:
        raise ValidationError(
            _("The project is submitted for review; it is locked until the office decides.")
        )
    _check_fields(changes, by)
    before = audit.snapshot(project)
    for name, value in changes.items():
        setattr(project, name, value)
    if "code" in changes:
        project.code = clean_code(project.code)
    # Moving the project to another unit: that unit must be the officer's too.
    require(can_write(by, project))
    rows = _quantity_rows(quantities) if quantities is not None else None
    _validate(project)
    after = audit.snapshot(project)
    changed = [name for name in changes if before.get(name) != after.get(name)]
    if changed:
        project.save(update_fields=changed)
    if co_departments is not None:
        project.co_departments.set(co_departments)
    quantities_changed = _set_quantities(project, rows, by=by) if rows is not None else False
    if audit.snapshot(project) != before or quantities_changed:
        versions.bump_version(project, by=by)
    audit.record_update(project, before, by=by, reason=reason)
    return project


# ---------------------------------------------------------------------------------------------
# The pipeline


def _locked_for_update(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _check_move(project: Project, to_stage: str) -> None:
    if to_stage not in STAGE_MOVES.get(project.stage, ()):
        raise ValidationError(
            {
                "to_stage": [
                    _("A project cannot go from %(from)s to %(to)s.")
                    % {
                        "from": Stage(project.stage).label,
                        "to": Stage(to_stage).label if to_stage in Stage.values else to_stage,
                    }
                ]
            }
        )


def _event(
    project: Project, action: str, *, by: User | None, to_stage: str, note: str
) -> StageEvent:
    return StageEvent.objects.create(
        project=project,
        action=action,
        from_stage=project.stage,
        to_stage=to_stage,
        by=acting_user(by),
        at=clock.now(),
        note=note[:500],
    )


PIPELINE_FIELDS = ["stage", "review", "requested_stage", "review_note", "actual_finish"]


def _put_in_stage(
    project: Project, to_stage: str, *, by: User | None, action: str, note: str
) -> list[str]:
    """Move the project into `to_stage` in memory, with its timeline event; the fields set."""
    _event(project, action, by=by, to_stage=to_stage, note=note)
    project.stage = to_stage
    project.requested_stage = ""
    fields = ["stage", "requested_stage"]
    if to_stage == Stage.COMPLETED and project.actual_finish is None:
        project.actual_finish = clock.today()
        fields.append("actual_finish")
    if errors := date_errors(project):
        raise ValidationError(errors)
    return fields


def _plan_for_stage(project: Project, *, by: User | None) -> None:
    """年度建设 and 重点 put the project into this year's plan (滚动接续)."""
    if project.stage in PLANNED_STAGES:
        plans.include_in_plan(
            project, year=clock.today().year, by=by, is_key=(project.stage == Stage.KEY)
        )


def _submitting(project: Project, by: User | None, note: str) -> list[str]:
    _check_move(project, project.requested_stage)
    _event(project, StageEvent.Action.SUBMIT, by=by, to_stage=project.requested_stage, note=note)
    return []


def _approving(project: Project, by: User | None, note: str) -> list[str]:
    _check_move(project, project.requested_stage)
    action = StageEvent.Action.APPROVE
    return _put_in_stage(project, project.requested_stage, by=by, action=action, note=note)


def _returning(project: Project, by: User | None, reason: str) -> list[str]:
    _event(project, StageEvent.Action.RETURN, by=by, to_stage=project.requested_stage, note=reason)
    project.requested_stage = ""
    return ["requested_stage"]


# The pipeline's review (项目审核): the unit asks for a stage, the programme office decides;
# the decision is told to the responsible unit's officers. Registered in the app's ready().
PROJECT_REVIEW = reviews.Review(
    model=Project,
    label=_lazy("Projects to review"),
    status_field="review",
    editable=(Review.NONE, Review.RETURNED),
    submitted=Review.SUBMITTED,
    approved=Review.NONE,
    returned=Review.RETURNED,
    deciders=reviews.DISTRICT_WRITERS,  # the programme office and administrators: can_review
    submitted_by_field="submitted_by",
    four_eyes=True,  # an office member who asks for a stage does not approve it too
    on_submit=_submitting,
    on_approve=_approving,
    on_return=_returning,
    after_approve=lambda project, by, _note: _plan_for_stage(project, by=by),
)


def request_stage(project: Project, *, by: User | None, to_stage: str, note: str = "") -> Project:
    """A unit asks the programme office to move its project to `to_stage` (申报). The project
    is locked until the office approves or returns it."""
    return reviews.submit(
        PROJECT_REVIEW, project, by=by, note=note, changes={"requested_stage": to_stage}
    )


def approve(project: Project, *, by: User | None, note: str = "") -> Project:
    """The programme office approves a submitted project: it enters the stage asked for."""
    return reviews.approve(PROJECT_REVIEW, project, by=by, note=note)


def return_project(project: Project, *, by: User | None, reason: str) -> Project:
    """The programme office returns a submitted project (退回) with a reason; it unlocks."""
    return reviews.send_back(PROJECT_REVIEW, project, by=by, reason=reason)


@transaction.atomic
def move_stage(project: Project, *, by: User | None, to_stage: str, note: str = "") -> Project:
    """The programme office moves a project to another stage directly (no request needed).
    A project waiting for review must be approved or returned first."""
    require(can_review(by))
    project = _locked_for_update(project)
    if project.is_locked:
        raise ValidationError(_("The project is waiting for review: approve or return it first."))
    _check_move(project, to_stage)
    before = audit.snapshot(project)
    _put_in_stage(project, to_stage, by=by, action=StageEvent.Action.MOVE, note=note)
    project.review = Review.NONE
    project.review_note = note[:500]
    _validate(project)
    project.save(update_fields=PIPELINE_FIELDS)
    versions.bump_if_changed(project, before, by=by)
    audit.record_update(project, before, by=by, reason=note)
    _plan_for_stage(project, by=by)
    return project
