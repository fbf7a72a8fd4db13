"""Writes to org units, users and their roles. Views, API, Excel import, admin and commands
call these."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, personal, versions
from taizhang.core.access import (
    SYSTEM,
    can_manage_structure,
    can_write,
    is_security_admin,
    require_person_or_system,
)
from taizhang.core.models import AuditAction, Unit, User, UserRole
from taizhang.core.roles import SEPARATED_DUTIES, Role
from taizhang.lib.text import split_aliases

# Fields a unit officer may change on a unit of their subtree; the rest is structure.
OFFICER_EDITABLE_UNIT_FIELDS = ("address", "contact_person", "contact_phone", "remarks")
UNIT_FIELDS = (
    "name", "code", "kind", "aliases", "is_demo", "is_active", *OFFICER_EDITABLE_UNIT_FIELDS
)  # fmt: skip


def validate_unit(unit: Unit) -> None:
    """A unit's checks, shared by the pages, the API and the Excel import (which all come here):
    the model's, and a name and a code that are more than spaces."""
    errors: dict[str, list[str]] = {}
    try:
        unit.full_clean(exclude=["path", "depth", "numchild"])
    except ValidationError as error:
        errors = error.message_dict
    for name in ("name", "code"):
        value = getattr(unit, name)
        if value and not value.strip():
            errors.setdefault(name, []).append(_("This field is required."))
    if errors:
        raise ValidationError(errors)


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
    validate_unit(unit)
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
    unit: Unit,
    *,
    by: User | None,
    parent: Unit | None = None,
    reason: str = "",
    version: int | None = None,
    **changes: Any,
) -> Unit:
    """Change a unit's fields; officers only their contact fields, administrators everything.

    `parent` moves the unit (and its subtree) under another unit. SYSTEM (the demo loader)
    may change every field. `version`: the one the editor started from; refused
    (`StaleEdit`) if it changed since."""
    require_person_or_system(by, can_write(by, unit))
    versions.check_version(unit, version, by=by)
    changes = personal.unmasked(unit, changes)
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
    validate_unit(unit)
    moving = parent is not None and parent.pk != before.get("parent")
    if moving or audit.snapshot(unit) != before:
        versions.bump_version(unit, by=by)  # before the save, which writes the version too
    unit.save(update_fields=list(changes) or None)
    if parent is not None and moving:
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
    roles: Sequence[str] = (),
    full_name: str = "",
    admin_site: bool = False,
) -> User:
    """Add a user (the system administrator's). The password must pass the password rules; it
    is hashed and never audited.

    Roles are granted by the security administrator (`grant_role`); only the platform itself
    (SYSTEM: the demo, a command) may pass `roles` here, each granted and audited the same
    way. `admin_site` opens the Django admin to the user, with the rights of their roles; it
    never makes a superuser."""
    require_person_or_system(by, can_manage_structure(by))
    user = User(username=username, unit=unit, full_name=full_name, is_staff=admin_site)
    user.full_clean(exclude=["password"])
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record_create(user, by=by)
    for role in roles:
        grant_role(user, role, by=by, reason=_("New account"))
    return user


def _role_names(user: User) -> list[str]:
    return sorted(UserRole.objects.filter(user=user).values_list("role", flat=True))


def check_separated_duties(user: User, roles: set[str]) -> None:
    """The system, security and audit administrators are different people (三员分立): a
    user's roles include at most one of the three."""
    combined = [str(Role(role).label) for role in sorted(roles) if role in SEPARATED_DUTIES]
    if len(combined) > 1:
        raise ValidationError(
            _(
                "%(user)s cannot be %(roles)s at once: the system, security and audit "
                "administrators must be different people (三员分立)."
            )
            % {"user": user.get_username(), "roles": _(" and ").join(combined)}
        )


def _check_role_change(user: User, role: str, by: User | None, reason: str) -> Role:
    require_person_or_system(by, is_security_admin(by))
    if by is not SYSTEM and by.pk == user.pk:
        raise ValidationError(_("Nobody grants or removes their own roles."))
    if by is not SYSTEM and not reason.strip():
        raise ValidationError(_("Give the reason for the change."))
    try:
        return Role(role)
    except ValueError as error:
        raise ValidationError(_("No such role: %(role)s") % {"role": role}) from error


@transaction.atomic
def grant_role(user: User, role: str, *, by: User | None, reason: str) -> UserRole:
    """Give a user a role: the security administrator's alone (or the platform's), audited
    with who and why. The system, security and audit administrators are separate people
    (三员分立): a user holds at most one of the three."""
    role = _check_role_change(user, role, by, reason)
    User.objects.select_for_update().get(pk=user.pk)  # one role change of a user at a time
    held = _role_names(user)
    if role in held:
        raise ValidationError(_("The user already has this role."))
    check_separated_duties(user, {*held, role})
    granted = UserRole(user=user, role=role)
    granted.full_clean()
    granted.save()
    _record_roles(user, held, by=by, reason=reason)
    return granted


@transaction.atomic
def revoke_role(user: User, role: str, *, by: User | None, reason: str) -> None:
    """Take a role from a user: the security administrator's alone, audited."""
    role = _check_role_change(user, role, by, reason)
    held = _role_names(user)
    if role not in held:
        raise ValidationError(_("The user does not have this role."))
    UserRole.objects.filter(user=user, role=role).delete()
    _record_roles(user, held, by=by, reason=reason)


def _record_roles(user: User, before: list[str], *, by: User | None, reason: str) -> None:
    user.__dict__.pop("role_names", None)  # the cached roles are stale now
    audit.record_event(
        user,
        by=by,
        action=AuditAction.UPDATE,
        before={"roles": before},
        after={"roles": _role_names(user)},
        reason=reason,
    )
