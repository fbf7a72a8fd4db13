"""Writes of the welfare demo that stand in for services not yet used by it: the applications'
flow.

Each function names the service it stands in for; when that service lands, the demo calls it
instead and the stand-in goes (programmes, cycles, payments, hand-outs, visits and reviews
already go through their services). Meanwhile each keeps the rules the service enforces, so the
demo's records are ones the module could have made: a 公示 of at least seven days. Records are
written in bulk with their audit rows (audit.record_bulk)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils import timezone

from taizhang.core import audit
from taizhang.core.models import User
from taizhang.welfare.models import (
    Application,
    ApplicationStep,
    Investigation,
    Notice,
    NoticeSubject,
    Objection,
)
from taizhang.welfare.models.programmes import MIN_NOTICE_DAYS


def _audit(records: Iterable[Model], by: User | None) -> None:
    audit.record_bulk(((record, None) for record in records), by=by)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment of a demo day, in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class Step:
    """One step of an application's history: (step, to status, note, by, on)."""

    step: str
    to_status: str
    note: str
    by: User
    on: datetime.date


@dataclass
class History:
    """An application's records besides itself: its steps, home investigation, 公示 and any
    objection raised during it."""

    steps: list[Step]
    investigation: dict[str, Any] | None = None
    notice: tuple[datetime.date, datetime.date, str] | None = None
    objection: dict[str, Any] | None = None


def file_application(application: Application, history: History) -> Application:
    """Stands in for `services.applications` (receive, investigate, preliminary review, 公示,
    submit, approve or refuse): the application as its steps left it, with the timeline, the
    two-staff investigation, a 公示 of at least seven days and the objections."""
    application.is_demo = True
    application.full_clean()
    application.save()
    made: list[Model] = [application]
    previous = ""
    steps = []
    for step in history.steps:
        steps.append(
            ApplicationStep(
                application=application,
                step=step.step,
                from_status=previous,
                to_status=step.to_status,
                note=step.note,
                by=step.by,
                at=at(step.on),
            )
        )
        previous = step.to_status
    made += ApplicationStep.objects.bulk_create(steps)
    if history.investigation is not None:
        investigation = Investigation(
            application=application,
            recorded_at=at(history.investigation["investigated_on"], 17),
            **history.investigation,
        )
        investigation.full_clean()
        investigation.save()
        made.append(investigation)
    if history.notice is not None:
        starts, ends, text = history.notice
        if (ends - starts).days + 1 < MIN_NOTICE_DAYS:
            raise ValueError("a 公示 lasts at least seven days")
        notice = Notice.objects.create(
            unit=application.unit,
            subject=NoticeSubject.APPROVAL,
            application=application,
            starts_on=starts,
            ends_on=ends,
            text=text,
            created_by=history.steps[0].by,
            created_at=at(starts, 9),
        )
        made.append(notice)
        if history.objection is not None:
            objection = Objection.objects.create(
                notice=notice,
                recorded_at=at(history.objection["received_on"], 15),
                **history.objection,
            )
            made.append(objection)
    _audit(made, history.steps[0].by)
    return application
