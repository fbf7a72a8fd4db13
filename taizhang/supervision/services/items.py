"""Creating supervision items (交办) and assigning them to more units."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import (
    SYSTEM,
    acting_user,
    can_read,
    can_write,
    require,
    require_person_or_system,
)
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.supervision import flows
from taizhang.supervision.access import is_supervisor
from taizhang.supervision.models import Assignment, SupervisionItem
from taizhang.supervision.services import notices
from taizhang.supervision.services.common import ASSIGN, event


def _subject_fields(subject: models.Model | None, by: User | None) -> dict[str, Any]:
    if subject is None:
        return {"content_type": None, "object_id": "", "subject_repr": ""}
    if by is not SYSTEM and not can_read(by, subject):
        raise ValidationError({"subject": [_("You may not see this record.")]})
    return {
        "content_type": ContentType.objects.get_for_model(subject, for_concrete_model=False),
        "object_id": str(subject.pk),
        "subject_repr": str(subject)[:200],
    }


@transaction.atomic
def create_item(
    *,
    by: User | None,
    flow: str,
    title: str,
    description: str = "",
    supervisor_unit: Unit,
    units: Iterable[Unit],
    deadline: datetime.date,
    subject: models.Model | None = None,
    decider_unit: Unit | None = None,
    check_units_visible: bool = True,
) -> SupervisionItem:
    """Assign a problem to one or more units with a deadline (交办). The caller must write for
    the supervising unit and see the assigned units and the subject; `by=SYSTEM` is the
    platform itself (the demo). `decider_unit` decides extension requests (default: the
    supervising unit). A module that has already checked the units (a rectification case
    addressed to an agency outside the caller's tree) passes check_units_visible=False."""
    require_person_or_system(by, can_write(by, supervisor_unit))
    definition = flows.get_flow(flow) if flow in flows.FLOWS else None
    if definition is None:
        raise ValidationError({"flow": [_("Unknown flow.")]})
    units = list(dict.fromkeys(units))
    if not units:
        raise ValidationError({"units": [_("Assign the item to at least one unit.")]})
    if by is not SYSTEM and check_units_visible:
        _check_visible(units, by)
    if deadline < clock.today():
        raise ValidationError({"deadline": [_("The deadline is in the past.")]})
    now = clock.now()
    item = SupervisionItem(
        flow=flow,
        title=title,
        description=description,
        supervisor_unit=supervisor_unit,
        decider_unit=decider_unit,
        created_by=acting_user(by),
        created_at=now,
        deadline=deadline,
        **_subject_fields(subject, by),
    )
    item.full_clean()
    item.save()
    audit.record_create(item, by=by)
    for unit in units:
        _assign(item, unit, by=by, deadline=deadline, now=now)
    return item


def _check_visible(units: list[Unit], by: User | None) -> None:
    visible = set(
        Unit.objects.for_user(by).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True)
    )
    if any(unit.pk not in visible for unit in units):
        raise ValidationError({"units": [_("No such unit.")]})


def _assign(
    item: SupervisionItem,
    unit: Unit,
    *,
    by: User | None,
    deadline: datetime.date,
    now: datetime.datetime,
) -> Assignment:
    if not unit.is_active:
        raise ValidationError({"units": [_("%(unit)s is not active.") % {"unit": unit.name}]})
    definition = item.flow_definition
    initial = definition.initial
    assignment = Assignment(
        item=item,
        unit=unit,
        state=initial,
        is_open=definition.kind_of(initial) == flows.Kind.ACTIVE,
        deadline=deadline,
        created_at=now,
    )
    assignment.full_clean()
    assignment.save()
    audit.record_create(assignment, by=by)
    event(assignment, by=by, action=ASSIGN, to_state=initial, deadline=deadline)
    notices.assigned(assignment, by=by)
    return assignment


@transaction.atomic
def add_assignment(
    item: SupervisionItem, *, by: User | None, unit: Unit, deadline: datetime.date | None = None
) -> Assignment:
    """Assign an open item to one more unit (e.g. the right one, after a misrouted return)."""
    require(is_supervisor(by, item))
    if item.closed_at is not None:
        raise ValidationError(_("The item is closed; reopen it first."))
    _check_visible([unit], by)
    deadline = deadline or item.deadline
    if deadline < clock.today():
        raise ValidationError({"deadline": [_("The deadline is in the past.")]})
    return _assign(item, unit, by=by, deadline=deadline, now=clock.now())


@transaction.atomic
def set_subject(
    item: SupervisionItem, *, by: User | None, subject: models.Model
) -> SupervisionItem:
    """Name the record an item is about, once that record exists (a rectification case is
    created with its item, then becomes its subject)."""
    require_person_or_system(by, is_supervisor(by, item))
    before = audit.snapshot(item)
    for name, value in _subject_fields(subject, None).items():
        setattr(item, name, value)
    item.save(update_fields=["content_type", "object_id", "subject_repr"])
    audit.record_update(item, before, by=by)
    return item
