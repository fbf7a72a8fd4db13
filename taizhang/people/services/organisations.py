"""Organisations (单位主体): enterprises, shops, property-management companies, cooperatives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import access, audit, personal, versions
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.lib.credit_code import CreditCodeError, parse_credit_code
from taizhang.people.models import Organisation

# What other modules do when an organisation is registered, e.g. rectification links the cases
# whose subject it is (rectification/services/subjects.py): (organisation, by=) → anything.
# Added from their AppConfig.ready() with `when_registered`.
_on_registered: list[Callable[..., object]] = []


def when_registered(hook: Callable[..., object]) -> None:
    if hook not in _on_registered:
        _on_registered.append(hook)


ORGANISATION_FIELDS = (
    "name", "kind", "credit_code", "legal_representative", "contact_person", "contact_phone",
    "address", "unit", "is_active", "notes", "is_demo",
)  # fmt: skip


def prepare_organisation(organisation: Organisation, *, by: User | None) -> None:
    """The checks of every way in: a valid credit code (GB 32100) that no other organisation
    has, and the model's rules."""
    organisation.name = organisation.name.strip()
    errors: dict[str, list[str]] = {}
    if organisation.credit_code:
        try:
            organisation.credit_code = parse_credit_code(organisation.credit_code)
        except CreditCodeError as error:
            errors["credit_code"] = [str(error)]
    try:
        organisation.full_clean(validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if not organisation.name:
        errors.setdefault("name", []).append(_("This field is required."))
    if errors:
        raise ValidationError(errors)
    if organisation.credit_code:
        existing = (
            Organisation.objects.filter(credit_code=organisation.credit_code)
            .exclude(pk=organisation.pk)
            .select_related("unit")
            .first()
        )
        if existing is not None:
            where = (
                f"{existing.name}, {existing.unit.name} ({existing.get_absolute_url()})"
                if by is access.SYSTEM or access.can_read(by, existing)
                else _("outside your unit")
            )
            raise ValidationError(
                {"credit_code": _("Already registered: %(where)s.") % {"where": where}}
            )


@transaction.atomic
def create_organisation(*, by: User | None, unit: Unit, **fields: Any) -> Organisation:
    require_person_or_system(by, writes_for(by, unit))
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation(unit=unit, **fields)
    prepare_organisation(organisation, by=by)
    organisation.save()
    audit.record_create(organisation, by=by)
    for hook in _on_registered:
        hook(organisation, by=by)
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation,
    *,
    by: User | None,
    version: int | None = None,
    **changes: Any,
) -> Organisation:
    require_person_or_system(by, writes_for(by, organisation.unit))
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    if "unit" in changes:
        require_person_or_system(by, writes_for(by, changes["unit"]))
    versions.check_version(organisation, version, by=by)
    before = audit.snapshot(organisation)
    for name, value in personal.unmasked(organisation, changes).items():
        setattr(organisation, name, value)
    prepare_organisation(organisation, by=by)
    versions.bump_if_changed(organisation, before, by=by)
    organisation.save()
    audit.record_update(organisation, before, by=by)
    return organisation
