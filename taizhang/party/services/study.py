"""Editing a study programme ("1+1+1") after it is made: its name and description, a step put
at the end of the cycle, a step moved one place earlier or later. Creating a programme and
adding or rewriting one step are in services/showcase.py (create_programme, add_step,
update_step)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import User
from taizhang.party.models import StudyProgramme, StudyStep
from taizhang.party.services.showcase import StepIn, add_step

# The place a step holds for an instant while two swap (orders start at 1).
_SWAPPING = 0


@transaction.atomic
def update_programme(
    programme: StudyProgramme, *, by: User | None, name: str, description: str = ""
) -> StudyProgramme:
    require_person_or_system(by, writes_for(by, programme.org.unit))
    before = audit.snapshot(programme)
    programme.name = name.strip()
    programme.description = description.strip()
    programme.full_clean()
    programme.save(update_fields=["name", "description"])
    audit.record_update(programme, before, by=by)
    return programme


@transaction.atomic
def append_step(programme: StudyProgramme, *, by: User | None, step: StepIn) -> StudyStep:
    """Put a step at the end of the cycle (before it leads back to the first)."""
    require_person_or_system(by, writes_for(by, programme.org.unit))
    locked = StudyProgramme.objects.select_for_update().get(pk=programme.pk)
    last = locked.steps.aggregate(last=Max("order"))["last"] or 0
    return add_step(programme, by=by, order=last + 1, step=step)


@transaction.atomic
def move_step(step: StudyStep, *, by: User | None, earlier: bool) -> StudyStep:
    """Swap a step with the one before it (`earlier`) or after it in the cycle."""
    programme = step.programme
    require_person_or_system(by, writes_for(by, programme.org.unit))
    StudyProgramme.objects.select_for_update().get(pk=programme.pk)
    steps = programme.steps.all()
    other = (
        steps.filter(order__lt=step.order).order_by("-order").first()
        if earlier
        else steps.filter(order__gt=step.order).order_by("order").first()
    )
    if other is None:
        raise ValidationError(
            {"order": _("This step is first already.") if earlier
             else _("This step is last already.")}
        )  # fmt: skip
    before_step, before_other = audit.snapshot(step), audit.snapshot(other)
    mine, theirs = step.order, other.order
    step.order = _SWAPPING
    step.save(update_fields=["order"])
    other.order = mine
    other.save(update_fields=["order"])
    step.order = theirs
    step.save(update_fields=["order"])
    audit.record_update(step, before_step, by=by)
    audit.record_update(other, before_other, by=by)
    return step
