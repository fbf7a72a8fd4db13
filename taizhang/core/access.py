"""Who may read and write what. Every page, export and endpoint reads through `scope()`.

A user belongs to one org unit. District-wide roles read everything; a unit officer reads and
writes the records of their unit's subtree; an auditor reads audit history only. The three
administrators of 三员分立 (system, security, audit) each have a named check. The named
checks below (`is_district_writer`, `writes_for`, `writable_units`…) are the only place these
rules are written; views, services and modules call them. Models name
the field that ties a record to its unit in `scope_unit_field` ("" for the Unit itself); a
record that several units share (a project of several departments) also names the others in
`scope_read_fields`, which let those units read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
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
    from taizhang.core.models import Unit, User

M = TypeVar("M", bound=models.Model)
QS = TypeVar("QS", bound=models.QuerySet[Any])

# The acting user of a service is a `User`, or SYSTEM: the platform itself (the demo loader, a
# command, the daily escalation). Services that allow it say so; everywhere else SYSTEM, like
# any user without the needed role, is refused. Audit entries record it as "system".
SYSTEM: Final = None


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
        if field.related_model is None:  # a plain field ends the path
            break
        model = field.related_model
    return False


def _in_subtree(model: type[models.Model], unit: Unit) -> Q:
    """Records tied to `unit` or a unit below it by any of the model's scope fields."""
    # scope_unit_field is declared by each scoped model, not by Model.
    fields = (model.scope_unit_field, *getattr(model, "scope_read_fields", ()))  # type: ignore[attr-defined]
    condition = Q()
    for field in fields:
        lookup = {f"{field}__path__startswith" if field else "path__startswith": unit.path}
        if _multivalued(model, field):  # a subquery: no duplicate rows
            condition |= Q(pk__in=model._default_manager.filter(**lookup).values("pk"))
        else:
            condition |= Q(**lookup)
    return condition


def scope(queryset: QS, user: Any) -> QS:
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


def read_by_unit(queryset: QS, unit: Unit) -> QS:
    """The records of `queryset` that the officers of `unit` read: those tied to it or a unit
    below it by any of the model's scope fields, as `scope()` gives a unit officer."""
    return queryset.filter(_in_subtree(queryset.model, unit))


def scope_key(user: Any) -> str:
    """A stable text of what `scope()` gives `user` for ledger records (not history): users
    with the same key read the same records, so a figure over them may be shared (cached
    aggregates, core/aggregates.py). Written beside `scope()`, branch for branch."""
    roles = roles_of(user)
    if not roles:
        return "none"
    if roles & READ_EVERYTHING:
        return "all"
    if Role.UNIT_OFFICER in roles and user.unit_id:
        return f"unit:{user.unit_id}:{user.unit.path}"
    return "none"


def can_read(user: Any, record: models.Model) -> bool:
    pk = getattr(user, "pk", None)
    if pk is not None and getattr(record, "_read_through_scope_of", None) == pk:
        return True  # access_record found it through the user's scope in this request
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


def reads_ledgers(user: Any) -> bool:
    """Whether `user` reads ledger records at all (everyone but auditors and the anonymous)."""
    return bool(roles_of(user) & (READ_EVERYTHING | {Role.UNIT_OFFICER}))


def reads_everything(user: Any) -> bool:
    """District-wide readers: administrators, the programme office, leaders."""
    return bool(roles_of(user) & READ_EVERYTHING)


def reads_history(user: Any) -> bool:
    """Whether `user` may open the audit log (their own subtree's, or all of it)."""
    return bool(roles_of(user) & (READ_ALL_HISTORY | WRITE_EVERYWHERE | WRITE_OWN_SUBTREE))


def is_district_writer(user: Any) -> bool:
    """District administrators and the programme office: they write everywhere, review and
    approve (审核) what units submit."""
    return bool(roles_of(user) & WRITE_EVERYWHERE)


def is_unit_writer(user: Any) -> bool:
    """A unit officer with a unit: writes inside that unit's subtree."""
    return bool(roles_of(user) & WRITE_OWN_SUBTREE) and bool(getattr(user, "unit_id", None))


def in_subtree(user: Any, unit: Unit | None) -> bool:
    """Whether `unit` is the user's own unit or lies below it."""
    own = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    return unit is not None and own is not None and unit.path.startswith(own.path)


def writes_for(user: Any, unit: Unit | None) -> bool:
    """Whether `user` may write records that belong to `unit`."""
    return is_district_writer(user) or (is_unit_writer(user) and in_subtree(user, unit))


def within_own_unit(user: Any, field: str = "") -> Q:
    """A filter on records tied by `field` ("" for units themselves) to the user's own unit or
    a unit below it; nothing for a user without a unit."""
    if not getattr(user, "unit_id", None):
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith" if field else "path__startswith": user.unit.path})


def writable_units(user: Any, units: models.QuerySet[Unit]) -> models.QuerySet[Unit]:
    """The units of `units` for which `user` writes (to offer in a form)."""
    if is_district_writer(user):
        return units
    if not is_unit_writer(user):
        return units.none()
    return units.filter(within_own_unit(user))


def works_across_district(user: Any) -> bool:
    """An officer of a unit below the district that serves all of it — a department, a party
    or mass organisation, an agency (区直部门, 团区委) — whose work (a recruitment, a letter
    campaign) may take place in any village or community of the district, though they read
    only their own unit's records."""
    from taizhang.core.models import UnitKind

    unit = getattr(user, "unit", None)
    return (
        unit is not None
        and unit.kind in (UnitKind.DEPARTMENT, UnitKind.PARTY_ORG, UnitKind.AGENCY)
        and unit.depth > 1
    )


def places_of_work(user: Any, units: models.QuerySet[Unit]) -> models.QuerySet[Unit]:
    """Of `units`, those `user` may name as the places of their work: those they read, and for
    one who works across the district (`works_across_district`), every one of its district."""
    if works_across_district(user):
        return units.filter(path__startswith=user.unit.path[: user.unit.steplen])
    return scope(units, user)


def can_write(user: Any, record: models.Model | None = None) -> bool:
    """Whether `user` may change `record` (or, with no record, write anything at all)."""
    if record is None:
        return is_district_writer(user) or is_unit_writer(user)
    return writes_for(user, scope_unit_of(record))


def district_writers() -> models.QuerySet[User]:
    """The active people who write everywhere and decide what units submit (审核): district
    administrators and the programme office."""
    from taizhang.core.models import User

    return User.objects.filter(is_active=True, roles__role__in=WRITE_EVERYWHERE).distinct()


def officers_of(units: Any) -> models.QuerySet[User]:
    """The active people who write for these units as their own (a unit's officers): members
    of the units who hold a writing role. What is addressed to a unit goes to them; officers
    of a unit above it write for it too, but are not its people."""
    from taizhang.core.models import User

    return User.objects.filter(
        is_active=True, unit__in=units, roles__role__in=WRITE_EVERYWHERE | WRITE_OWN_SUBTREE
    ).distinct()


# Roles that never see personal data in full, whatever else they hold: they read or watch,
# and need no one's number to do so.
NEVER_REVEAL = frozenset({Role.LEADER, Role.AUDITOR, Role.SECURITY_ADMIN})


def may_reveal_any_personal_data(user: Any) -> bool:
    """Whether `user` holds a role that may ever see personal data in full: a writer (district
    or unit), and none of the roles that never do."""
    roles = roles_of(user)
    if not roles or roles & NEVER_REVEAL:
        return False
    return is_district_writer(user) or is_unit_writer(user)


def may_reveal_personal_data(user: Any, record: models.Model) -> bool:
    """Whether `user` may take the explicit action of seeing `record`'s personal data in full
    (查看完整信息, core/personal.py): whoever may write the unit it belongs to, or whom the
    record's own rule names (`may_reveal_personal_data_to(user)`, e.g. both sides of a case);
    never a leader, an auditor or the security administrator. Every surface masks it anyway."""
    if not may_reveal_any_personal_data(user):
        return False
    rule = getattr(record, "may_reveal_personal_data_to", None)
    if rule is not None:
        return bool(rule(user))
    return writes_for(user, scope_unit_of(record))


def may_export_personal_data(user: Any, model: type[models.Model]) -> bool:
    """Whether `user` may export `model`'s ledger with personal data in full: only if they may
    reveal it for every record their export holds. A district writer may; a unit writer too
    when their export (scoped to what they read) is their own subtree, which they write for —
    not for a model that other units also read (`scope_read_fields`) or that has its own rule."""
    if not may_reveal_any_personal_data(user):
        return False
    if is_district_writer(user):
        return True
    shared = getattr(model, "scope_read_fields", ()) or hasattr(
        model, "may_reveal_personal_data_to"
    )
    return is_unit_writer(user) and hasattr(model, "scope_unit_field") and not shared


def reads_personal_data_log(user: Any) -> bool:
    """The log of who saw personal data in full: the audit and the system administrators."""
    return is_audit_admin(user) or is_system_admin(user)


def is_system_admin(user: Any) -> bool:
    """The system administrator (系统管理员, the district administrator role): users and units."""
    return Role.DISTRICT_ADMIN in roles_of(user)


def is_security_admin(user: Any) -> bool:
    """The security administrator (安全管理员): grants and removes roles, resets passwords,
    unlocks accounts and manages second factors; reads no ledger."""
    return Role.SECURITY_ADMIN in roles_of(user)


def is_audit_admin(user: Any) -> bool:
    """The audit administrator (审计管理员, the auditor role): reads and exports the trail."""
    return Role.AUDITOR in roles_of(user)


def can_manage_structure(user: Any) -> bool:
    """Creating, moving and importing org units and users: the system administrator only."""
    return is_system_admin(user)


def access_record(
    model: type[M], pk: Any, user: Any, *, write: bool = False, related: tuple[str, ...] = ()
) -> M:
    """Fetch one record the user may read (404 otherwise); with write=True, may also change.
    `related`: foreign keys the page shows, read in the same query."""
    try:
        record = scope(model._default_manager.select_related(*related), user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as error:  # model.DoesNotExist
        raise Http404 from error
    if write and not can_write(user, record):
        raise PermissionDenied
    record._read_through_scope_of = user.pk  # type: ignore[attr-defined]  # see can_read
    return record


def acting_user(by: User | None) -> User | None:
    """The user to record as the author of a change: None for SYSTEM. An anonymous visitor
    never acts (and is never recorded as the system)."""
    if by is SYSTEM:
        return None
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied
    return by


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_person_or_system(by: User | None, allowed: bool) -> None:
    """For services the platform itself may call: SYSTEM passes, a person needs `allowed`."""
    require(by is SYSTEM or allowed)
