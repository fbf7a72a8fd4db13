"""Who may read and write what. Every page, export and endpoint reads through `scope()`.

A user belongs to one org unit. District-wide roles read everything; a unit officer reads and
writes the records of their unit's subtree; an auditor reads audit history only. Models name
the field that ties a record to its unit in `scope_unit_field` ("" for the Unit itself); a
record that several units share (a project of several departments) also names the others in
`scope_read_fields`, which let those units read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from taizhang.core.roles import (
    READ_ALL_HISTORY,
    READ_EVERYTHING,
    WRITE_EVERYWHERE,
    WRITE_OWN_SUBTREE,
    Role,
)

if TYPE_CHECKING:
    from taizhang.core.models import Unit

M = TypeVar("M", bound=models.Model)


def roles_of(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return user.role_names


def _multivalued(model: type[models.Model], field_path: str) -> bool:
    """Whether a field path crosses a many-to-many or reverse foreign key relation."""
    for name in field_path.split("__") if field_path else ():
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def _in_subtree(model: type[models.Model], unit: Unit) -> Q:
    """Records tied to `unit` or a unit below it by any of the model's scope fields."""
    fields = (model.scope_unit_field, *getattr(model, "scope_read_fields", ()))  # type: ignore[attr-defined]
    condition = Q()
    for field in fields:
        lookup = {f"{field}__path__startswith" if field else "path__startswith": unit.path}
        if _multivalued(model, field):  # a subquery: no duplicate rows
            condition |= Q(pk__in=model._default_manager.filter(**lookup).values("pk"))
        else:
            condition |= Q(**lookup)
    return condition


def scope(queryset: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    """The records of `queryset` that `user` may read. The one scoping function."""
    roles = roles_of(user)
    model = queryset.model
    if not roles:
        return queryset.none()
    wide_roles = READ_ALL_HISTORY if getattr(model, "is_history", False) else READ_EVERYTHING
    if roles & wide_roles:
        return queryset
    if Role.UNIT_OFFICER in roles and user.unit_id:
        return queryset.filter(_in_subtree(model, user.unit))
    return queryset.none()


def can_read(user: Any, record: models.Model) -> bool:
    return scope(type(record)._default_manager.filter(pk=record.pk), user).exists()


def scope_unit_of(record: models.Model) -> Unit | None:
    """The org unit whose subtree a record belongs to (its owner, for writes and history)."""
    field = getattr(record, "scope_unit_field", None)
    if field is None:
        return None
    unit: Any = record
    for step in field.split("__") if field else ():
        unit = getattr(unit, step) if unit is not None else None
    return unit


def can_write(user: Any, record: models.Model | None = None) -> bool:
    """Whether `user` may change `record` (or, with no record, write anything at all)."""
    roles = roles_of(user)
    if roles & WRITE_EVERYWHERE:
        return True
    if not (roles & WRITE_OWN_SUBTREE) or not user.unit_id:
        return False
    if record is None:
        return True
    unit = scope_unit_of(record)
    return unit is not None and unit.path.startswith(user.unit.path)


def can_manage_structure(user: Any) -> bool:
    """Creating, moving and importing org units and users: district administrators only."""
    return Role.DISTRICT_ADMIN in roles_of(user)


def access_record(model: type[M], pk: Any, user: Any, *, write: bool = False) -> M:
    """Fetch one record the user may read (404 otherwise); with write=True, may also change."""
    try:
        record = scope(model._default_manager.all(), user).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if write and not can_write(user, record):
        raise PermissionDenied
    return record


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
