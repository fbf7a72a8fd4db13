"""The study programme ("1+1+1") and the public showcase (巡礼)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import User
from taizhang.party.models import (
    ActionProject,
    CandidateStatus,
    PartyOrg,
    ProjectStatus,
    ShowcaseEntry,
    StudyProgramme,
    StudyStep,
)


@dataclass(frozen=True)
class StepIn:
    kind: str
    title: str
    materials: str = ""
    participants: str = ""
    notes: str = ""


@transaction.atomic
def create_programme(
    org: PartyOrg,
    *,
    by: User | None,
    name: str,
    description: str = "",
    steps: Sequence[StepIn],
    is_demo: bool = False,
) -> StudyProgramme:
    """A study programme as a cycle of steps, in order (the last leads back to the first)."""
    require_person_or_system(by, writes_for(by, org.unit))
    if len(steps) < 2:
        raise ValidationError({"steps": _("A cycle has at least two steps.")})
    programme = StudyProgramme(org=org, name=name.strip(), description=description.strip(),
                               is_demo=is_demo)  # fmt: skip
    programme.full_clean()
    programme.save()
    audit.record_create(programme, by=by)
    for order, step in enumerate(steps, start=1):
        add_step(programme, by=by, order=order, step=step)
    return programme


@transaction.atomic
def add_step(programme: StudyProgramme, *, by: User | None, order: int, step: StepIn) -> StudyStep:
    require_person_or_system(by, writes_for(by, programme.org.unit))
    record = StudyStep(
        programme=programme,
        order=order,
        kind=step.kind,
        title=step.title.strip(),
        materials=step.materials.strip(),
        participants=step.participants.strip(),
        notes=step.notes.strip(),
    )
    record.full_clean()
    record.save()
    audit.record_create(record, by=by)
    return record


@transaction.atomic
def update_step(step: StudyStep, *, by: User | None, data: StepIn) -> StudyStep:
    """Edit a step of the cycle (the demo's steps are the district's to rewrite)."""
    require_person_or_system(by, writes_for(by, step.programme.org.unit))
    before = audit.snapshot(step)
    step.kind = data.kind
    step.title = data.title.strip()
    step.materials = data.materials.strip()
    step.participants = data.participants.strip()
    step.notes = data.notes.strip()
    step.full_clean()
    step.save(update_fields=["kind", "title", "materials", "participants", "notes"])
    audit.record_update(step, before, by=by)
    return step


@transaction.atomic
def create_entry(
    *,
    by: User | None,
    title: str,
    body: str,
    org: PartyOrg | None = None,
    project: ActionProject | None = None,
    report_title: str = "",
    publish: bool = False,
    is_demo: bool = False,
) -> ShowcaseEntry:
    """A showcase entry of a named organisation or a finished action project; it may be
    published (shown to anyone) only then."""
    if (org is None) == (project is None):
        raise ValidationError(_("A showcase entry is of an organisation or a project."))
    unit = org.unit if org is not None else project.lead_unit  # type: ignore[union-attr]
    require_person_or_system(by, writes_for(by, unit))
    if publish:
        _check_publishable(org, project)
    entry = ShowcaseEntry(
        unit=unit,
        org=org,
        project=project,
        title=title.strip(),
        body=body.strip(),
        report_title=report_title.strip(),
        is_published=publish,
        is_demo=is_demo,
    )
    entry.full_clean()
    entry.save()
    audit.record_create(entry, by=by)
    return entry


def _check_publishable(org: PartyOrg | None, project: ActionProject | None) -> None:
    if org is not None and not org.candidacies.filter(status=CandidateStatus.NAMED).exists():
        raise ValidationError(_("Only a named demonstration organisation is shown in public."))
    if project is not None and project.status != ProjectStatus.FINISHED:
        raise ValidationError(_("Only a finished action project is shown in public."))


@transaction.atomic
def publish_entry(entry: ShowcaseEntry, *, by: User | None, publish: bool) -> ShowcaseEntry:
    require_person_or_system(by, writes_for(by, entry.unit))
    if publish:
        _check_publishable(entry.org, entry.project)
    before = audit.snapshot(entry)
    entry.is_published = publish
    entry.save(update_fields=["is_published"])
    audit.record_update(entry, before, by=by)
    return entry
