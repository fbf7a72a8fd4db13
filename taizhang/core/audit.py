"""Writing the audit trail (变更记录). Called by services in the same transaction as the change."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from treebeard.mp_tree import MP_Node

from taizhang.core.access import acting_user, scope, scope_unit_of
from taizhang.core.inserts import append_values
from taizhang.core.middleware import current_request_id
from taizhang.core.models import AuditAction, AuditEntry, User

# Tree bookkeeping that says nothing to a reader, and secrets that history must not keep.
HIDDEN_FIELDS = frozenset({"path", "depth", "numchild", "password", "key_hash"})


_AS_IS = frozenset({str, int, bool, float, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # most values: no conversion (the fast path of bulk audits)
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    return value


# Each model's (name, attname) of the fields a snapshot holds: worked out once, as a bulk
# audit of 100,000 records takes one snapshot each.
_SNAPSHOT_FIELDS: dict[type[models.Model], list[tuple[str, str]]] = {}


def snapshot(record: models.Model, *, many_to_many: bool = True) -> dict[str, Any]:
    """The record's own field values as JSON-ready data (foreign keys by id). Bulk work that
    knows the many-to-many values passes `many_to_many=False` (one query per record less)."""
    model = type(record)
    names = _SNAPSHOT_FIELDS.get(model)
    if names is None:
        names = _SNAPSHOT_FIELDS[model] = [
            (field.name, field.attname)
            for field in record._meta.concrete_fields
            if field.name not in HIDDEN_FIELDS
        ]
    as_is = _AS_IS
    data: dict[str, Any] = {}
    for name, attname in names:
        value = getattr(record, attname)
        data[name] = value if type(value) in as_is else _plain(value)
    if isinstance(record, MP_Node) and record.path:
        parent = type(record).objects.get_parent(record, update=True)
        data["parent"] = parent.pk if parent else None
    for field in record._meta.many_to_many if many_to_many else ():
        if record.pk is not None:
            data[field.name] = sorted(
                _plain(pk) for pk in getattr(record, field.name).values_list("pk", flat=True)
            )
    return data


def _entry(
    record: models.Model,
    *,
    by: User | None,
    action: str,
    before: dict | None,
    after: dict | None,
    reason: str = "",
) -> AuditEntry:
    actor = acting_user(by)
    return AuditEntry(
        actor=actor,
        actor_name=(actor.get_username() if actor else "system"),
        actor_unit_id=getattr(actor, "unit_id", None),
        scope_unit=scope_unit_of(record),
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=str(record.pk),
        object_repr=str(record)[:200],
        action=action,
        before=before,
        after=after,
        reason=reason[:500],
        request_id=current_request_id.get(),
    )


def record_create(record: models.Model, *, by: User | None, reason: str = "") -> AuditEntry:
    entry = _entry(
        record, by=by, action=AuditAction.CREATE, before=None, after=snapshot(record), reason=reason
    )
    entry.save()
    return entry


def record_update(
    record: models.Model, before: dict[str, Any], *, by: User | None, reason: str = ""
) -> AuditEntry | None:
    """Audit a change; `before` is the snapshot taken before it. Nothing changed, no entry."""
    after = snapshot(record)
    if after == before:
        return None
    entry = _entry(
        record, by=by, action=AuditAction.UPDATE, before=before, after=after, reason=reason
    )
    entry.save()
    return entry


def record_delete(record: models.Model, *, by: User | None, reason: str = "") -> AuditEntry:
    entry = _entry(
        record, by=by, action=AuditAction.DELETE, before=snapshot(record), after=None, reason=reason
    )
    entry.save()
    return entry


def record_event(
    record: models.Model,
    *,
    by: User | None,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Audit what is not a plain field change: roles granted, a password reset, a lock lifted."""
    entry = _entry(record, by=by, action=action, before=before, after=after, reason=reason)
    entry.save()
    return entry


def _scope_unit_id(record: models.Model) -> int | None:
    """`scope_unit_of(record).pk` without loading the unit (the last step is a foreign key)."""
    field = getattr(record, "scope_unit_field", None)
    if field is None:
        return None
    if not field:
        return record.pk
    *path, last = field.split("__")
    owner: Any = record
    for step in path:
        owner = getattr(owner, step) if owner is not None else None
    return getattr(owner, f"{last}_id", None) if owner is not None else None


BULK_COLUMNS = (
    "at", "actor_id", "actor_name", "actor_unit_id", "scope_unit_id", "content_type_id",
    "object_id", "object_repr", "action", "before", "after", "reason", "request_id",
)  # fmt: skip


def _bulk_context(by: User | None, reason: str) -> tuple[Any, tuple, Any, str]:
    """What every entry of one bulk write shares: when, who (id, name, unit), the request and
    the reason."""
    actor = acting_user(by)
    who = (
        actor.pk if actor else None,
        actor.get_username() if actor else "system",
        getattr(actor, "unit_id", None),
    )
    return timezone.now(), who, current_request_id.get(), reason[:500]


def record_bulk(
    changes: Iterable[tuple[models.Model, dict | None] | tuple[models.Model, dict | None, dict]],
    *,
    by: User | None,
    reason: str = "",
) -> int:
    """Audit many creates/updates at once: (record, before snapshot or None for a create), and
    optionally the after snapshot when the caller already has it. The entries are the ones
    `record_update` and `record_create` would write, appended with one statement per batch."""
    at, who, request_id, reason = _bulk_context(by, reason)
    content_types: dict[type, int] = {}

    def rows() -> Iterable[tuple]:
        for record, before, *known in changes:
            after = known[0] if known else snapshot(record)
            if before is not None and before == after:
                continue
            model = type(record)
            if model not in content_types:
                content_types[model] = ContentType.objects.get_for_model(
                    record, for_concrete_model=False
                ).pk
            action = AuditAction.CREATE if before is None else AuditAction.UPDATE
            yield (
                at, *who, _scope_unit_id(record), content_types[model], str(record.pk),
                str(record)[:200], action.value, before, after, reason, request_id,
            )  # fmt: skip

    return append_values(AuditEntry, BULK_COLUMNS, rows())


def record_bulk_created(
    model: type[models.Model],
    created: Iterable[tuple[Any, str, int | None, dict[str, Any]]],
    *,
    by: User | None,
    reason: str = "",
) -> int:
    """Audit many creates that a bulk insert made without model instances (a cycle's 50,000
    entitlements): (pk, the record's text, its scope unit's id, its snapshot as `snapshot`
    would give it). The entries are the ones `record_bulk` would write for them."""
    at, who, request_id, reason = _bulk_context(by, reason)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False).pk
    rows = (
        (
            at,
            *who,
            scope_unit_id,
            content_type,
            str(pk),
            text[:200],
            AuditAction.CREATE.value,
            None,
            after,
            reason,
            request_id,
        )
        for pk, text, scope_unit_id, after in created
    )
    return append_values(AuditEntry, BULK_COLUMNS, rows)


def history_of(
    record_model: type[models.Model], object_id: Any, user: Any, *, readable: bool | None = None
):
    """The audit entries of one record, newest first: all of them for someone who may read the
    record, else those the audit scope allows (an auditor's, or a deleted record's). A caller
    that knows whether the user may read the record says so (`readable`)."""
    content_type = ContentType.objects.get_for_model(record_model, for_concrete_model=False)
    entries = AuditEntry.objects.filter(content_type=content_type, object_id=str(object_id))
    if readable is None:
        try:
            readable = scope(record_model._default_manager.filter(pk=object_id), user).exists()
        except (ValueError, TypeError, ValidationError):
            readable = False
    if not readable:
        entries = entries & AuditEntry.objects.for_user(user)
    return entries.select_related("actor", "content_type", "scope_unit")
