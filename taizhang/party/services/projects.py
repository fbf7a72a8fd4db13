"""Action projects (百项行动牵引工程): create, indicators and their monthly values, milestones
met with evidence, overdue milestones handed to the supervision engine (督办), the yearly
assessment."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, versions
from taizhang.core.access import (
    SYSTEM,
    is_district_writer,
    require_person_or_system,
    writes_for,
)
from taizhang.core.attachments import add_attachment
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.party.flow import MILESTONE_FLOW
from taizhang.party.models import (
    ActionProject,
    Assessment,
    Indicator,
    IndicatorValue,
    Milestone,
    PartyOrg,
    ProjectStatus,
    same_district,
)

SUPERVISION_DAYS = 15  # the time given to catch up an overdue milestone


@transaction.atomic
def create_project(
    *,
    by: User | None,
    year: int,
    title: str,
    area: str,
    lead_unit: Unit,
    responsible: str,
    party_org: PartyOrg | None = None,
    description: str = "",
    bank_projects: Iterable = (),
    is_demo: bool = False,
) -> ActionProject:
    """Create an action project led by a unit the caller writes for."""
    require_person_or_system(by, writes_for(by, lead_unit))
    if party_org is not None and not same_district(party_org.unit, lead_unit):
        raise ValidationError({"party_org": _("The party organisation is not in the district.")})
    project = ActionProject(
        year=year,
        title=" ".join(title.split()),
        area=area,
        lead_unit=lead_unit,
        party_org=party_org,
        responsible=responsible.strip(),
        description=description.strip(),
        is_demo=is_demo,
    )
    project.full_clean()
    project.save()
    project.bank_projects.set(list(bank_projects))
    audit.record_create(project, by=by)
    return project


@transaction.atomic
def update_project(
    project: ActionProject,
    *,
    by: User | None,
    version: int | None = None,
    title: str,
    area: str,
    lead_unit: Unit,
    responsible: str,
    party_org: PartyOrg | None = None,
    description: str = "",
    bank_projects: Iterable | None = None,
) -> ActionProject:
    """Change what a project says of itself: the caller writes for its lead unit, and for the
    new one if it moves. `version`: the version the editor started from; refused if it
    changed since. `bank_projects` None keeps the links."""
    require_person_or_system(by, writes_for(by, project.lead_unit))
    require_person_or_system(by, writes_for(by, lead_unit))
    versions.check_version(project, version, by=by)
    if party_org is not None and not same_district(party_org.unit, lead_unit):
        raise ValidationError({"party_org": _("The party organisation is not in the district.")})
    before = audit.snapshot(project)
    project.title = " ".join(title.split())
    project.area = area
    project.lead_unit = lead_unit
    project.responsible = responsible.strip()
    project.party_org = party_org
    project.description = description.strip()
    project.full_clean()
    versions.bump_if_changed(project, before, by=by)
    project.save(
        update_fields=["title", "area", "lead_unit", "responsible", "party_org", "description"]
    )
    if bank_projects is not None:
        project.bank_projects.set(list(bank_projects))
    audit.record_update(project, before, by=by)
    return project


@transaction.atomic
def set_status(
    project: ActionProject,
    *,
    by: User | None,
    status: str,
    finished_on: datetime.date | None = None,
) -> ActionProject:
    require_person_or_system(by, writes_for(by, project.lead_unit))
    if status == ProjectStatus.FINISHED:
        open_milestones = project.milestones.filter(done_on__isnull=True).count()
        if open_milestones:
            raise ValidationError(
                {"status": _("%(count)d milestones are not met yet.") % {"count": open_milestones}}
            )
    before = audit.snapshot(project)
    project.status = status
    project.finished_on = finished_on if status == ProjectStatus.FINISHED else None
    project.version += 1
    project.full_clean()
    project.save(update_fields=["status", "finished_on", "version"])
    audit.record_update(project, before, by=by)
    return project


@transaction.atomic
def add_indicator(
    project: ActionProject, *, by: User | None, name: str, unit: str, target: Decimal
) -> Indicator:
    require_person_or_system(by, writes_for(by, project.lead_unit))
    indicator = Indicator(project=project, name=name.strip(), unit=unit.strip(), target=target)
    indicator.full_clean()
    indicator.save()
    audit.record_create(indicator, by=by)
    return indicator


@transaction.atomic
def record_value(
    indicator: Indicator, *, by: User | None, month: datetime.date, actual: Decimal
) -> IndicatorValue:
    """Record (or correct) the value an indicator reached by the end of a month."""
    require_person_or_system(by, writes_for(by, indicator.project.lead_unit))
    month = month.replace(day=1)
    if month > clock.today():
        raise ValidationError({"month": _("The month is still to come.")})
    project = indicator.project
    if month.year < project.year:
        raise ValidationError({"month": _("The project started in %(year)d; the month is "
                                          "before it.") % {"year": project.year}})  # fmt: skip
    if project.finished_on is not None and month > project.finished_on:
        raise ValidationError({"month": _("The project finished on %(day)s; the month is "
                                          "after it.") % {"day": project.finished_on}})  # fmt: skip
    value = IndicatorValue.objects.filter(indicator=indicator, month=month).first()
    before = audit.snapshot(value) if value else None
    value = value or IndicatorValue(indicator=indicator, month=month)
    value.actual = actual
    value.full_clean()
    value.save()
    if before is None:
        audit.record_create(value, by=by)
    else:
        audit.record_update(value, before, by=by)
    return value


@transaction.atomic
def add_milestone(
    project: ActionProject, *, by: User | None, title: str, due_on: datetime.date
) -> Milestone:
    require_person_or_system(by, writes_for(by, project.lead_unit))
    if due_on < datetime.date(project.year, 1, 1):
        raise ValidationError({"due_on": _("The project starts in %(year)d; a milestone is due "
                                           "after that.") % {"year": project.year}})  # fmt: skip
    milestone = Milestone(project=project, title=title.strip(), due_on=due_on)
    milestone.full_clean()
    milestone.save()
    audit.record_create(milestone, by=by)
    return milestone


@transaction.atomic
def meet_milestone(
    milestone: Milestone,
    *,
    by: User | None,
    done_on: datetime.date,
    evidence: str,
    files: Iterable[UploadedFile] = (),
) -> Milestone:
    """Record that a milestone was met, with its evidence (a note, and files)."""
    require_person_or_system(by, writes_for(by, milestone.project.lead_unit))
    files = list(files)
    if not evidence.strip() and not files:
        raise ValidationError({"evidence": _("Give the evidence that the milestone was met.")})
    if done_on > clock.today():
        raise ValidationError({"done_on": _("The day is still to come.")})
    before = audit.snapshot(milestone)
    milestone.done_on = done_on
    milestone.evidence = evidence.strip()
    milestone.full_clean()
    milestone.save(update_fields=["done_on", "evidence"])
    audit.record_update(milestone, before, by=by)
    for upload in files:
        add_attachment(milestone, upload, by=by)
    return milestone


@transaction.atomic
def supervise_overdue_milestones(
    *, by: User | None = SYSTEM, dry_run: bool = False
) -> list[Milestone]:
    """Hand every overdue milestone not yet supervised to the supervision engine: an item of
    the milestone flow, supervised by the district and assigned to the lead unit, with
    SUPERVISION_DAYS to catch up. Running it again the same day changes nothing. Returns the
    milestones handed over (with dry_run, those that would be; nothing changes)."""
    require_person_or_system(by, is_district_writer(by))
    from taizhang.supervision import services as supervision

    today = clock.today()
    overdue = (
        Milestone.objects.filter(
            due_on__lt=today, done_on__isnull=True, supervision_item__isnull=True
        )
        .exclude(project__status=ProjectStatus.DROPPED)
        .select_related("project__lead_unit")
        .select_for_update(of=("self",))
        .order_by("due_on", "pk")
    )
    if dry_run:
        return list(overdue)
    handed = []
    for milestone in overdue:
        unit = milestone.project.lead_unit
        item = supervision.create_item(
            by=by,
            flow=MILESTONE_FLOW.code,
            title=_("Overdue milestone: %(title)s") % {"title": str(milestone)[:150]},
            description=_("Due on %(day)s.") % {"day": milestone.due_on.isoformat()},
            supervisor_unit=Unit.objects.get(path=unit.path[: Unit.steplen]),
            units=[unit],
            deadline=today + datetime.timedelta(days=SUPERVISION_DAYS),
            subject=milestone.project,
        )
        before = audit.snapshot(milestone)
        milestone.supervision_item = item
        milestone.save(update_fields=["supervision_item"])
        audit.record_update(milestone, before, by=by)
        handed.append(milestone)
    return handed


@transaction.atomic
def assess_project(
    project: ActionProject, *, by: User | None, year: int, grade: str, comment: str = ""
) -> Assessment:
    """The yearly assessment (年度考核), by the district's writers."""
    require_person_or_system(by, is_district_writer(by))
    if year < project.year:
        raise ValidationError({"year": _("The project had not started that year.")})
    assessment = Assessment(
        project=project, year=year, grade=grade, comment=comment.strip(), assessed_by=by
    )
    assessment.full_clean()
    assessment.save()
    audit.record_create(assessment, by=by)
    return assessment
