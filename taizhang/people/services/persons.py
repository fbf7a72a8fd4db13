"""Adding, changing and retiring a person's record (人员登记、变更、迁出、死亡)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, personal, versions
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.people.models import Person, PersonStatus, StatusChange
from taizhang.people.services.identity import check_identity, refuse_duplicate

# What a form, the API or a roster row may set; status changes go through change_status.
PERSON_FIELDS = (
    "name", "id_number", "document_type", "document_number", "sex", "birth_date",
    "ethnicity", "phone", "address", "unit", "notes", "is_demo",
)  # fmt: skip
IDENTITY_FIELDS = ("id_number", "document_type", "document_number", "sex", "birth_date")


def prepare_person(person: Person, *, by: User | None) -> list[str]:
    """Check a person before it is saved (shared by every way in): identity, the model's rules
    and no duplicate. Normalizes the identity fields; returns warnings that do not refuse."""
    warnings = clean_person(person)
    refuse_duplicate(person, by)
    return warnings


def clean_person(person: Person, *, unit_exists: bool = False) -> list[str]:
    """`prepare_person` but the duplicate check, which the roster import makes for a batch of
    rows in one query (people/ledgers/people.py). `unit_exists`: the caller read the unit from
    the database just now, so the foreign key's existence query (one per row) is left out; the
    unit's rules (a village or community) are still checked."""
    identity = check_identity(**{name: getattr(person, name) for name in IDENTITY_FIELDS})
    for name in IDENTITY_FIELDS:
        setattr(person, name, getattr(identity, name))
    person.id_last4 = person.id_number[-4:]
    person.name = person.name.strip()
    errors: dict[str, list[str]] = {}
    try:
        person.full_clean(
            exclude=["unit"] if unit_exists and person.unit_id else None,
            validate_constraints=False,
        )
    except ValidationError as error:
        errors = error.message_dict
    if not person.name:
        errors.setdefault("name", []).append(_("This field is required."))
    if errors:
        raise ValidationError(errors)
    return identity.warnings


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")


@transaction.atomic
def create_person(*, by: User | None, unit: Unit, **fields: Any) -> Person:
    """Register a resident of `unit` (a village or community the user writes for)."""
    require_person_or_system(by, writes_for(by, unit))
    _check_fields(fields)
    person = Person(unit=unit, status_since=clock.today(), **fields)
    prepare_person(person, by=by)
    person.save()
    audit.record_create(person, by=by)
    return person


@transaction.atomic
def update_person(
    person: Person,
    *,
    by: User | None,
    version: int | None = None,
    reason: str = "",
    **changes: Any,
) -> Person:
    """Change a person's fields (correcting an ID number included); moving them to another
    village needs the right to write for both. A personal value sent back masked (as the
    client read it) keeps the stored one."""
    require_person_or_system(by, writes_for(by, person.unit))
    _check_fields(changes)
    if "unit" in changes:
        require_person_or_system(by, writes_for(by, changes["unit"]))
    versions.check_version(person, version, by=by)
    before = audit.snapshot(person)
    for name, value in personal.unmasked(person, changes).items():
        setattr(person, name, value)
    prepare_person(person, by=by)
    versions.bump_if_changed(person, before, by=by)
    person.save()
    audit.record_update(person, before, by=by, reason=reason)
    return person


@transaction.atomic
def change_status(
    person: Person,
    *,
    by: User | None,
    status: str,
    on: datetime.date,
    reason: str = "",
    version: int | None = None,
) -> StatusChange:
    """Record a dated change of status: moved out (迁出), died (死亡, `on` is the date of
    death) or registered again (在册)."""
    require_person_or_system(by, writes_for(by, person.unit))
    versions.check_version(person, version, by=by)
    if status not in PersonStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if on > clock.today():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if person.birth_date and on < person.birth_date:
        raise ValidationError({"on": _("The date cannot be before the birth date.")})
    before = audit.snapshot(person)
    person.status = status
    person.status_since = on
    person.died_on = on if status == PersonStatus.DECEASED else None
    versions.bump_if_changed(person, before, by=by)
    person.save(update_fields=["status", "status_since", "died_on", "version"])
    change = StatusChange.objects.create(
        person=person, status=status, on=on, reason=reason.strip(), recorded_by=by
    )
    audit.record_update(person, before, by=by, reason=reason)
    return change
