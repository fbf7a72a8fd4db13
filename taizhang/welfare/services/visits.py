"""Visits (走访慰问): who visited whom, when, what was given, with photos.

The person comes from the registry; the household is theirs at the time of the visit. A visit
may belong to a programme (holiday visits to 低保户, 五保户 …) or stand alone (a cadre's visit
to a family hit by illness). The visitors are text (names, or 村党支部); each entry that is the
name of exactly one person of the visited village or a unit above it is linked to that person
(`Visit.visiting`), so that a visit counts for the people who made it (core/modules.py
`PeopleMeasure`) and not for a namesake elsewhere."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, scope, writes_for
from taizhang.core.attachments import add_attachment
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.people.models import Person
from taizhang.welfare.models import Programme, Visit

MAX_PHOTOS = 9  # what a phone's picker sends at once
# Between the entries of a visit's visitors: 王书记、李委员 / 张三 李四.
SEPARATORS = re.compile(r"[\s、，,;；/]+")


def registry_visitors(person: Person, visitors: str) -> list[Person]:
    """The persons the visitors' text names: an entry that is the name of exactly one person
    of the visited person's unit or a unit above it (a village's cadres, a subdistrict's).
    Two of one name there, or a name not registered there, link no one."""
    names = set(SEPARATORS.split(visitors)) - {""}
    if not names:
        return []
    unit = person.unit
    steplen = type(unit).steplen
    paths = [unit.path[:end] for end in range(steplen, len(unit.path) + 1, steplen)]
    found = list(Person.objects.filter(unit__path__in=paths, name__in=names).order_by("pk"))
    count = Counter(candidate.name for candidate in found)
    return [candidate for candidate in found if count[candidate.name] == 1]


@transaction.atomic
def record_visit(
    person: Person,
    *,
    by: User | None,
    visited_on: datetime.date,
    visitors: str,
    gifts: str = "",
    amount_yuan: Decimal | None = None,
    notes: str = "",
    programme: Programme | None = None,
    photos: Iterable[UploadedFile] = (),
    is_demo: bool = False,
) -> Visit:
    """Record a visit to a resident of a village the user writes for, with its photos."""
    require_person_or_system(by, writes_for(by, person.unit))
    if visited_on > clock.today():
        raise ValidationError({"visited_on": _("A visit cannot be recorded before it happens.")})
    if amount_yuan is not None and amount_yuan < 0:
        raise ValidationError({"amount_yuan": _("An amount cannot be below zero.")})
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)d photos.") % {"count": MAX_PHOTOS}})
    membership = getattr(person, "household_membership", None)
    visit = Visit(
        programme=programme,
        person=person,
        household=membership.household if membership is not None else None,
        visited_on=visited_on,
        visitors=" ".join(visitors.split()),
        gifts=gifts.strip(),
        amount_yuan=amount_yuan,
        notes=notes.strip(),
        recorded_by=by,
        is_demo=is_demo,
    )
    visit.full_clean()
    visit.save()
    visit.visiting.set(registry_visitors(person, visit.visitors))
    audit.record_create(visit, by=by)
    for photo in photos:
        add_attachment(visit, photo, by=by)
    return visit


def pickable_programmes(user: object) -> QuerySet[Programme]:
    """The programmes a visit of this user may belong to: those they read, and those of the
    units above their own (the subdistrict's holiday visits, done by its villages)."""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    unit = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    above = Q(pk__in=[])
    if unit is not None:
        steplen = type(unit).steplen
        paths = [unit.path[:end] for end in range(steplen, len(unit.path) + 1, steplen)]
        above = Q(owner__path__in=paths)
    readable = scope(Programme.objects.all(), user).values("pk")
    return Programme.objects.filter(Q(pk__in=readable) | above, is_active=True)
