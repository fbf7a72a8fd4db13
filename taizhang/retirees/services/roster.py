"""The roster (退休人员名册): registering a registry person as an enterprise retiree and
changing what the community keeps about them."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, personal
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.lib.dates import add_months
from taizhang.people.models import Person, PersonStatus
from taizhang.retirees.models import PartyTransfer, Retiree

# What a form, the API or a roster row may set; the confirmation clock and the pension state
# are the services' own.
RETIREE_FIELDS = (
    "employer", "employer_name", "retired_on", "handed_over_on", "pension_kind",
    "social_insurance_number", "health", "skills", "spouse", "emergency_contact",
    "emergency_phone", "is_party_member", "party_transfer", "notes", "is_demo",
)  # fmt: skip


def first_due_on(retiree: Retiree) -> datetime.date:
    """When a retiree never confirmed is first due: 12 months after the handover to the
    community, or after the retirement."""
    return add_months(retiree.handed_over_on or retiree.retired_on, 12)


def check_dates(retiree: Retiree, person: Person, today: datetime.date) -> None:
    errors: dict[str, str] = {}
    if retiree.retired_on is not None:
        if retiree.retired_on > today:
            errors["retired_on"] = _("The retirement date cannot be in the future.")
        elif person.birth_date and retiree.retired_on < person.birth_date:
            errors["retired_on"] = _("The retirement date cannot be before the birth date.")
    if retiree.handed_over_on is not None:
        if retiree.handed_over_on > today:
            errors["handed_over_on"] = _("The handover date cannot be in the future.")
        elif retiree.retired_on and retiree.handed_over_on < retiree.retired_on:
            errors["handed_over_on"] = _("A retiree is handed over after retiring.")
    if errors:
        raise ValidationError(errors)


def _clean(retiree: Retiree) -> None:
    if not retiree.is_party_member:
        retiree.party_transfer = PartyTransfer.NOT_MEMBER
    elif not retiree.party_transfer:
        retiree.party_transfer = PartyTransfer.PENDING
    if retiree.employer_id is None and not retiree.employer_name.strip():
        raise ValidationError({"employer_name": _("Name the former employer.")})
    retiree.employer_name = retiree.employer_name.strip()
    retiree.full_clean(exclude=["person"])


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(RETIREE_FIELDS)
    if unknown:
        raise TypeError(f"unknown retiree fields: {sorted(unknown)}")


@transaction.atomic
def register_retiree(person: Person, *, by: User | None, **fields: Any) -> Retiree:
    """Put a registry person of a community the user writes for on the roster."""
    require_person_or_system(by, writes_for(by, person.unit))
    _check_fields(fields)
    if person.status == PersonStatus.DECEASED:
        raise ValidationError({"person": _("A deceased person cannot be registered.")})
    if Retiree.objects.filter(person=person).exists():
        raise ValidationError({"person": _("%(name)s is already on the roster.") % {
            "name": person.name}})  # fmt: skip
    retiree = Retiree(person=person, created_by=by, **fields)
    if retiree.retired_on is None:
        raise ValidationError({"retired_on": _("Give the retirement date.")})
    check_dates(retiree, person, clock.today())
    retiree.next_due_on = first_due_on(retiree)
    _clean(retiree)
    retiree.save()
    audit.record_create(retiree, by=by)
    return retiree


@transaction.atomic
def update_retiree(
    retiree: Retiree, *, by: User | None, reason: str = "", **changes: Any
) -> Retiree:
    """Change what the roster keeps; a personal value sent back masked keeps the stored one.
    A retiree never confirmed gets their first due date again from the new dates."""
    require_person_or_system(by, writes_for(by, retiree.person.unit))
    _check_fields(changes)
    before = audit.snapshot(retiree)
    for name, value in personal.unmasked(retiree, changes).items():
        setattr(retiree, name, value)
    check_dates(retiree, retiree.person, clock.today())
    if not retiree.confirmations.exists():
        retiree.next_due_on = first_due_on(retiree)
    _clean(retiree)
    retiree.save()
    audit.record_update(retiree, before, by=by, reason=reason)
    return retiree
