"""Writes to org units and users. Views, API, Excel import, admin and commands call these."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import SYSTEM, can_manage_structure, can_write, require_person_or_system
from taizhang.core.models import Unit, User, UserRole
from taizhang.core.roles import Role
from taizhang.lib.text import split_aliases

# Fields a unit officer may change on a unit of their subtree; the rest is structure.
OFFICER_EDITABLE_UNIT_FIELDS = ("address", "contact_person", "contact_phone", "remarks")
UNIT_FIELDS = (
    "name", "code", "kind", "aliases", "is_demo", "is_active", *OFFICER_EDITABLE_UNIT_FIELDS
)  # fmt: skip


def _normal_aliases(fields: dict[str, Any]) -> None:
    """Aliases arrive as text (forms, Excel) or a list (API); they are kept one per line."""
    if "aliases" in fields:
        value = fields["aliases"]
        text = value if isinstance(value, str) else "\n".join(value or ())
        fields["aliases"] = "\n".join(split_aliases(text))


@transaction.atomic
def create_unit(
    *, by: User | None, parent: Unit | None, audit_entry: bool = True, **fields: Any
) -> Unit:
    """Add an org unit under `parent` (or as a root, like an agency outside the district).

    `by=SYSTEM` is the platform itself (commands, the demo); views pass the user."""
    require_person_or_system(by, can_manage_structure(by))
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    _normal_aliases(fields)
    unit = Unit(**fields)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit = (
        Unit.objects.add_child(parent, instance=unit)
        if parent
        else Unit.objects.add_root(instance=unit)
    )
    if audit_entry:
        audit.record_create(unit, by=by)
    return unit


@transaction.atomic
def update_unit(
    unit: Unit, *, by: User | None, parent: Unit | None = None, reason: str = "", **changes: Any
) -> Unit:
    """Change a unit's fields; officers only their contact fields, administrators everything.

    `parent` moves the unit (and its subtree) under another unit. SYSTEM (the demo loader)
    may change every field."""
    require_person_or_system(by, can_write(by, unit))
    _normal_aliases(changes)
    structure = by is SYSTEM or can_manage_structure(by)
    allowed = UNIT_FIELDS if structure else OFFICER_EDITABLE_UNIT_FIELDS
    forbidden = {name for name, value in changes.items() if getattr(unit, name) != value}
    forbidden -= set(allowed)
    if forbidden or (parent is not None and not structure):
        raise ValidationError(
            _("You may not change: %(fields)s")
            % {"fields": ", ".join(sorted(forbidden) or ["parent"])}
        )
    before = audit.snapshot(unit)
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save(update_fields=list(changes) or None)
    if parent is not None and parent.pk != getattr(Unit.objects.get_parent(unit), "pk", None):
        if parent.pk == unit.pk or parent.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be moved under itself."))
        Unit.objects.move(unit, parent, pos="sorted-child")
        unit.refresh_from_db()
    audit.record_update(unit, before, by=by, reason=reason)
    return unit


@transaction.atomic
def create_user(
    *,
    by: User | None,
    username: str,
    password: str,
    unit: Unit | None,
    roles: list[str],
    full_name: str = "",
    admin_site: bool = False,
) -> User:
    """Add a user with roles. The password is hashed and never audited.

    `admin_site` opens the Django admin to them (district administrators only)."""
    require_person_or_system(by, can_manage_structure(by))
    user = User(
        username=username,
        unit=unit,
        full_name=full_name,
        is_staff=admin_site,
        is_superuser=admin_site,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    UserRole.objects.bulk_create(UserRole(user=user, role=role) for role in roles)
    labels = ", ".join(str(Role(role).label) for role in roles)
    audit.record_create(user, by=by, reason=_("Roles: %(roles)s") % {"roles": labels})
    return user
