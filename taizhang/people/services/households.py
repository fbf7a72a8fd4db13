"""Households (户) and their members: one head, each person in at most one household, all of
them residents of the household's village or community."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, versions
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.people.models import Household, HouseholdMember, Person, Relation

HOUSEHOLD_FIELDS = ("number", "address", "notes", "is_demo")


def _validated(household: Household) -> Household:
    household.number = household.number.strip()
    errors: dict[str, list[str]] = {}
    try:
        household.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    if not household.number:
        errors.setdefault("number", []).append(_("This field is required."))
    if errors:
        raise ValidationError(errors)
    return household


@transaction.atomic
def create_household(
    *, by: User | None, unit: Unit, head: Person | None = None, **fields: Any
) -> Household:
    """Open a household of `unit`; `head` (a resident already registered) becomes 户主."""
    require_person_or_system(by, writes_for(by, unit))
    unknown = set(fields) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise TypeError(f"unknown household fields: {sorted(unknown)}")
    household = _validated(Household(unit=unit, **fields))
    household.save()
    audit.record_create(household, by=by)
    if head is not None:
        add_member(household, head, by=by, relation=Relation.HEAD)
    return household


@transaction.atomic
def update_household(
    household: Household, *, by: User | None, version: int | None = None, **changes: Any
) -> Household:
    require_person_or_system(by, writes_for(by, household.unit))
    unknown = set(changes) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise TypeError(f"unknown household fields: {sorted(unknown)}")
    versions.check_version(household, version, by=by)
    before = audit.snapshot(household)
    for name, value in changes.items():
        setattr(household, name, value)
    _validated(household)
    versions.bump_if_changed(household, before, by=by)
    household.save()
    audit.record_update(household, before, by=by)
    return household


@transaction.atomic
def add_member(
    household: Household, person: Person, *, by: User | None, relation: str
) -> HouseholdMember:
    """Put a resident of the household's village in it, with their relation to the head."""
    require_person_or_system(by, writes_for(by, household.unit))
    if relation not in Relation.values:
        raise ValidationError({"relation": _("Unknown relation to the head.")})
    if person.unit_id != household.unit_id:
        raise ValidationError(
            {"person": _("%(name)s lives in %(unit)s, not in the household's %(household)s.")
             % {"name": person.name, "unit": person.unit.name, "household": household.unit.name}}
        )  # fmt: skip
    current = HouseholdMember.objects.filter(person=person).select_related("household").first()
    if current is not None:
        raise ValidationError(
            {"person": _("%(name)s is already a member of household %(number)s.")
             % {"name": person.name, "number": current.household.number}}
        )  # fmt: skip
    if relation == Relation.HEAD and household.members.filter(relation=Relation.HEAD).exists():
        raise ValidationError({"relation": _("This household already has a head.")})
    member = HouseholdMember.objects.create(household=household, person=person, relation=relation)
    audit.record_create(member, by=by)
    return member


@transaction.atomic
def change_relation(member: HouseholdMember, *, by: User | None, relation: str) -> None:
    """A member's relation to the head; making a member the head makes the old head `OTHER`
    unless their relation was changed first."""
    household = member.household
    require_person_or_system(by, writes_for(by, household.unit))
    if relation not in Relation.values:
        raise ValidationError({"relation": _("Unknown relation to the head.")})
    if relation == Relation.HEAD:
        for old_head in household.members.filter(relation=Relation.HEAD).exclude(pk=member.pk):
            before = audit.snapshot(old_head)
            old_head.relation = Relation.OTHER
            old_head.save(update_fields=["relation"])
            audit.record_update(old_head, before, by=by)
    before = audit.snapshot(member)
    member.relation = relation
    member.save(update_fields=["relation"])
    audit.record_update(member, before, by=by)


@transaction.atomic
def remove_member(member: HouseholdMember, *, by: User | None, reason: str = "") -> None:
    require_person_or_system(by, writes_for(by, member.household.unit))
    audit.record_delete(member, by=by, reason=reason)
    member.delete()
