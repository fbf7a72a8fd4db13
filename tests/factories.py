"""Test data builders. Writes go straight to the models: tests of services call the services."""

from __future__ import annotations

import itertools

from taizhang.core.models import Unit, UnitKind, User, UserRole
from taizhang.core.roles import Role

_codes = itertools.count(1)


def make_unit(
    name: str,
    kind: str = UnitKind.VILLAGE,
    parent: Unit | None = None,
    code: str | None = None,
    **fields,
) -> Unit:
    unit = Unit(name=name, kind=kind, code=code or f"T{next(_codes):06d}", **fields)
    return (
        Unit.objects.add_child(parent, instance=unit)
        if parent
        else Unit.objects.add_root(instance=unit)
    )


def make_user(
    username: str, *roles: Role, unit: Unit | None = None, password: str = "pass-Word-123", **fields
) -> User:
    user = User.objects.create_user(username=username, password=password, unit=unit, **fields)
    UserRole.objects.bulk_create(UserRole(user=user, role=role) for role in roles)
    return User.objects.get(pk=user.pk)
