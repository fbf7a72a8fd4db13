"""Groups (人员类别) defined by the district, and people's dated memberships of them."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import is_district_writer, require_person_or_system, writes_for
from taizhang.core.models import User
from taizhang.people.models import Group, GroupMembership, Person

GROUP_FIELDS = ("code", "name", "aliases", "description", "is_active")


@transaction.atomic
def create_group(*, by: User | None, **fields: Any) -> Group:
    """A new group: the district's to define (district writers)."""
    require_person_or_system(by, is_district_writer(by))
    group = Group(**{name: fields[name] for name in GROUP_FIELDS if name in fields})
    group.full_clean()
    group.save()
    audit.record_create(group, by=by)
    return group


@transaction.atomic
def update_group(group: Group, *, by: User | None, **changes: Any) -> Group:
    require_person_or_system(by, is_district_writer(by))
    before = audit.snapshot(group)
    for name in set(changes) & set(GROUP_FIELDS):
        setattr(group, name, changes[name])
    group.full_clean()
    group.save()
    audit.record_update(group, before, by=by)
    return group


def _overlapping(
    person: Person, group: Group, start: datetime.date, end: datetime.date | None
) -> GroupMembership | None:
    memberships = GroupMembership.objects.filter(person=person, group=group)
    memberships = memberships.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    if end is not None:
        memberships = memberships.filter(started_on__lte=end)
    return memberships.first()


@transaction.atomic
def add_to_group(
    person: Person,
    group: Group,
    *,
    by: User | None,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    evidence: str = "",
) -> GroupMembership:
    """Record that `person` belongs to `group` from a day (until another, or for now)."""
    require_person_or_system(by, writes_for(by, person.unit))
    if not group.is_active:
        raise ValidationError({"group": _("The group %(name)s is no longer used.") % {
            "name": group.name}})  # fmt: skip
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("A membership cannot end before it starts.")})
    clash = _overlapping(person, group, started_on, ended_on)
    if clash is not None:
        raise ValidationError(
            {"started_on": _("%(name)s is already in %(group)s from %(start)s.")
             % {"name": person.name, "group": group.name, "start": clash.started_on}}
        )  # fmt: skip
    membership = GroupMembership.objects.create(
        person=person,
        group=group,
        started_on=started_on,
        ended_on=ended_on,
        evidence=evidence.strip(),
        added_by=by,
    )
    audit.record_create(membership, by=by)
    return membership


@transaction.atomic
def end_membership(
    membership: GroupMembership, *, by: User | None, ended_on: datetime.date, reason: str = ""
) -> GroupMembership:
    require_person_or_system(by, writes_for(by, membership.person.unit))
    if ended_on < membership.started_on:
        raise ValidationError({"ended_on": _("A membership cannot end before it starts.")})
    before = audit.snapshot(membership)
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on"])
    audit.record_update(membership, before, by=by, reason=reason)
    return membership
