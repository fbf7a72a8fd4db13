"""Tasks with records: door-to-door visits with an outcome per household, and data tasks
with a count."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.people.models import Household
from taizhang.volunteers.models import (
    Campaign,
    DataTask,
    Visit,
    VisitOutcome,
    Volunteer,
)
from taizhang.volunteers.services.common import organises


@transaction.atomic
def record_visit(
    campaign: Campaign,
    *,
    by: User | None,
    household: Household,
    visited_on: datetime.date,
    outcome: str,
    volunteer: Volunteer | None = None,
    note: str = "",
    is_demo: bool = False,
) -> Visit:
    """Record a door-to-door visit of a household of one of the campaign's communities."""
    require_person_or_system(by, organises(by, campaign, household.unit))
    if not campaign.places.filter(pk=household.unit_id).exists():
        raise ValidationError({"household": _("The household is not in the campaign's places.")})
    if outcome not in VisitOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the visit.")})
    if visited_on > clock.today():
        raise ValidationError({"visited_on": _("A visit is recorded after it is made.")})
    visit = Visit(
        campaign=campaign, household=household, volunteer=volunteer, visited_on=visited_on,
        outcome=outcome, note=note.strip(), recorded_by=by, is_demo=is_demo,
    )  # fmt: skip
    visit.full_clean()
    visit.save()
    audit.record_create(visit, by=by)
    return visit


@transaction.atomic
def record_data_task(
    campaign: Campaign,
    *,
    by: User | None,
    description: str,
    records: int,
    done_on: datetime.date,
    volunteer: Volunteer | None = None,
    is_demo: bool = False,
) -> DataTask:
    """Record data work of the campaign with the count of records handled."""
    require_person_or_system(by, organises(by, campaign))
    if records <= 0:
        raise ValidationError({"records": _("Give the number of records handled.")})
    task = DataTask(
        campaign=campaign, volunteer=volunteer, description=description.strip(),
        records=records, done_on=done_on, recorded_by=by, is_demo=is_demo,
    )  # fmt: skip
    task.full_clean()
    task.save()
    audit.record_create(task, by=by)
    return task
