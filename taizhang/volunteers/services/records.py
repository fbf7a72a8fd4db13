"""The service record's training (培训), awards (表彰奖励) and evaluations (评价), as
志愿服务记录与证明出具办法(试行) asks besides basic data and service.

Who keeps a volunteer's record: whoever writes for the volunteer's community (their unit in the
registry) or for the organiser of a campaign in which the volunteer was confirmed — the
organisation they serve with. An evaluation is given in the name of a unit the user writes for."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.volunteers.models import (
    Award,
    AwardLevel,
    Campaign,
    Evaluation,
    EvaluationRating,
    ParticipationState,
    Training,
    Volunteer,
)

RecordOfService = Training | Award | Evaluation


def keeps_record_of(user: Any, volunteer: Volunteer) -> bool:
    """Whether `user` may write the training, award and evaluation records of `volunteer`."""
    if writes_for(user, volunteer.person.unit):
        return True
    organisers = Unit.objects.filter(
        pk__in=Campaign.objects.filter(
            shifts__participations__volunteer=volunteer,
            shifts__participations__state=ParticipationState.CONFIRMED,
        ).values("unit")
    )
    return any(writes_for(user, unit) for unit in organisers)


def _not_in_future(field: str, day: datetime.date | None) -> None:
    if day is not None and day > clock.today():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def record_training(
    volunteer: Volunteer,
    *,
    by: User | None,
    trained_on: datetime.date,
    title: str,
    hours: Decimal,
    organiser: str,
    note: str = "",
    is_demo: bool = False,
) -> Training:
    """Record a training the volunteer took. Refused: a date in the future, hours not above
    zero, no title or organiser."""
    require_person_or_system(by, keeps_record_of(by, volunteer))
    _not_in_future("trained_on", trained_on)
    if hours is None or hours <= 0:
        raise ValidationError({"hours": _("The hours of a training are more than zero.")})
    training = Training(
        volunteer=volunteer, trained_on=trained_on, title=title.strip(), hours=hours,
        organiser=organiser.strip(), note=note.strip(), recorded_by=by, is_demo=is_demo,
    )  # fmt: skip
    training.full_clean()
    training.save()
    audit.record_create(training, by=by)
    return training


@transaction.atomic
def record_award(
    volunteer: Volunteer,
    *,
    by: User | None,
    awarded_on: datetime.date,
    title: str,
    level: str,
    body: str,
    is_demo: bool = False,
) -> Award:
    """Record an award or commendation. Refused: a date in the future, an unknown level."""
    require_person_or_system(by, keeps_record_of(by, volunteer))
    _not_in_future("awarded_on", awarded_on)
    if level not in AwardLevel.values:
        raise ValidationError({"level": _("Choose the level of the award.")})
    award = Award(
        volunteer=volunteer, awarded_on=awarded_on, title=title.strip(), level=level,
        body=body.strip(), recorded_by=by, is_demo=is_demo,
    )  # fmt: skip
    award.full_clean()
    award.save()
    audit.record_create(award, by=by)
    return award


@transaction.atomic
def record_evaluation(
    volunteer: Volunteer,
    *,
    by: User | None,
    period: str,
    rating: str,
    unit: Unit,
    remarks: str = "",
    is_demo: bool = False,
) -> Evaluation:
    """Record the evaluation of a year or period in the name of a unit the user writes for.
    Refused: a second evaluation of the same period, an unknown rating."""
    require_person_or_system(by, keeps_record_of(by, volunteer) and writes_for(by, unit))
    if rating not in EvaluationRating.values:
        raise ValidationError({"rating": _("Choose the rating.")})
    period = period.strip()
    # Locks the volunteer so that two evaluations of one period cannot pass the check together.
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    if Evaluation.objects.filter(volunteer=volunteer, period=period).exists():
        raise ValidationError(
            {"period": _("The volunteer already has an evaluation for this period.")}
        )
    evaluation = Evaluation(
        volunteer=volunteer, period=period, rating=rating, unit=unit, remarks=remarks.strip(),
        recorded_by=by, is_demo=is_demo,
    )  # fmt: skip
    evaluation.full_clean()
    evaluation.save()
    audit.record_create(evaluation, by=by)
    return evaluation


@transaction.atomic
def remove_record(record: RecordOfService, *, by: User | None) -> None:
    """Remove a training, award or evaluation entered by mistake (the audit keeps it)."""
    volunteer = Volunteer.objects.select_related("person__unit").get(pk=record.volunteer_id)
    allowed = keeps_record_of(by, volunteer)
    if isinstance(record, Evaluation):
        allowed = allowed and writes_for(by, record.unit)
    require_person_or_system(by, allowed)
    audit.record_delete(record, by=by)
    record.delete()
