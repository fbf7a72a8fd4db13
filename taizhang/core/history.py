"""History as a person reads it (变更记录): an audit entry's changes as rows of field label,
before and after in the reader's language: choice labels, unit, user and record names instead
of ids, money in 万元 (exact, never rounded to 亿元), dates as dates, 是/否, many-to-many lists
as names. Secrets never show and personal data is masked as on every other page.

Snapshots keep foreign keys as ids; `describe` resolves those of a whole page of entries at
once, one query per referenced model. Names are read without scoping: whoever may read an
entry may read its record, whose own page names the same related records. A field since
removed from its model shows its raw value; an id whose record was deleted shows as such.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from treebeard.mp_tree import MP_Node

from taizhang.core import personal
from taizhang.core.models import AuditAction, AuditEntry
from taizhang.lib.money import format_wan

# Never shown, whoever asks: secrets that old snapshots may hold (core.audit keeps them out of
# new ones).
SECRET_FIELDS = frozenset({"key_hash", "password"})
# Bookkeeping that a reader needs not see: every edit bumps the version (core/versions.py).
UNSHOWN_FIELDS = frozenset({"version"})


@dataclass(frozen=True)
class ChangeRow:
    """One changed field of an entry, as shown: its name, its label, before and after."""

    field: str
    label: str
    before: str
    after: str


def visible_snapshot(entry: AuditEntry, data: dict[str, Any] | None, user: Any) -> Any:
    """A raw snapshot as machines get it: without secrets, personal data masked (for every
    reader, core/personal.py)."""
    if data is None:
        return None
    model = _model_of(entry)
    return {
        name: personal.masked(model, name, value)
        for name, value in data.items()
        if name not in SECRET_FIELDS
    }


def _model_of(entry: AuditEntry) -> type[models.Model] | None:
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None  # not a reverse relation


def _reference(model: type[models.Model] | None, field: Any, name: str) -> Any:
    """The model a snapshot value points at by id, if any. Tree records (the org units) keep
    their parent's id under "parent"."""
    if field is not None and field.is_relation and field.related_model is not None:
        return field.related_model
    if field is None and name == "parent" and model is not None and issubclass(model, MP_Node):
        return model
    return None


def _ids(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _name_of(record: models.Model) -> str:
    return record.name if isinstance(record, ContentType) else str(record)


def _names(wanted: dict[type[models.Model], set[Any]]) -> dict[tuple[Any, str], str]:
    """{(model, str(pk)): name} for every referenced id: one query per model. Records whose
    own name needs their foreign keys are read with them (select_related)."""
    names: dict[tuple[Any, str], str] = {}
    for model, ids in wanted.items():
        try:
            found = list(model._default_manager.filter(pk__in=ids).select_related())
        except (ValueError, TypeError, ValidationError):  # ids of another type than the pk's
            continue
        names.update({(model, str(record.pk)): _name_of(record) for record in found})
    return names


def _label(model: type[models.Model] | None, field: Any, name: str) -> str:
    if isinstance(field, GenericForeignKey):
        return str(capfirst(_("linked record")))
    if field is not None:
        return str(capfirst(field.verbose_name))
    if _reference(model, field, name) is not None:
        return str(capfirst(_("parent")))
    return name


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _reference_text(target: Any, value: Any, names: dict[tuple[Any, str], str]) -> str:
    shown = []
    for pk in _ids(value):
        name = names.get((target, str(pk)))
        shown.append(name if name is not None else _("deleted #%(id)s") % {"id": pk})
    return "、".join(shown)


def _moment(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return _plain(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")


def _day(value: Any) -> str:
    day = parse_date(value) if isinstance(value, str) else None
    return day.isoformat() if isinstance(day, datetime.date) else _plain(value)


def _amount(model: Any, field: models.Field, value: Any) -> str:
    money = field.name.endswith("_wan") or field.name in getattr(model, "money_fields", ())
    if not money:
        return _plain(value)
    try:
        return format_wan(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return _plain(value)


@dataclass
class _Known:
    """What the entries of a page refer to, read in bulk: names by (model, pk), and the
    records themselves of models that name some of their own values (`history_value`)."""

    names: dict[tuple[Any, str], str]
    records: dict[tuple[Any, str], models.Model]


def _link_text(value: Any, names: dict[tuple[Any, str], str]) -> str:
    """A generic relation's (content type id, object id) as the name of what it points at."""
    content_type_id, object_id = value
    try:
        target = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        target = None
    if target is None:
        return f"{content_type_id}#{object_id}"
    return _reference_text(target, object_id, names)


def _text(model: Any, field: Any, name: str, value: Any, known: _Known, record: Any = None) -> str:
    """One snapshot value as a person reads it."""
    if value is None or value == "" or value == (None, None):
        return ""
    own = record.history_value(name, value) if record is not None else None
    if own is not None:
        return str(own)
    if isinstance(field, GenericForeignKey):
        return _link_text(value, known.names)
    target = _reference(model, field, name)
    if target is not None:
        return _reference_text(target, value, known.names)
    if field is None:
        return _plain(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        return _moment(value)
    if isinstance(field, models.DateField):
        return _day(value)
    if isinstance(field, models.DecimalField):
        return _amount(model, field, value)
    return _plain(value)


def _changed(entry: AuditEntry, links: dict[str, Any]) -> Iterable[tuple[str, Any, Any, Any]]:
    """(name, field or generic relation, before, after) of each changed value; the two parts
    of a generic relation (content type and id) as one."""
    before, after = entry.before or {}, entry.after or {}
    for name in dict.fromkeys([*after, *before]):
        if name in SECRET_FIELDS or name in UNSHOWN_FIELDS or name in links:
            continue
        if before.get(name) == after.get(name):
            continue
        yield name, None, before.get(name), after.get(name)
    for link in dict.fromkeys(links.values()):
        parts = (link.ct_field, link.fk_field)
        was, now = (tuple(data.get(part) for part in parts) for data in (before, after))
        if was != now:
            yield link.name, link, was, now


def _generic_links(model: type[models.Model] | None) -> dict[str, GenericForeignKey]:
    """{part name: generic relation} of the model's generic relations."""
    fields = model._meta.private_fields if model is not None else ()
    links = [field for field in fields if isinstance(field, GenericForeignKey)]
    return {part: link for link in links for part in (link.ct_field, link.fk_field)}


def _own_records(wanted: dict[type[models.Model], set[str]]) -> dict[tuple[Any, str], Any]:
    found: dict[tuple[Any, str], Any] = {}
    for model, ids in wanted.items():
        for record in model._default_manager.filter(pk__in=ids).select_related():
            found[(model, str(record.pk))] = record
    return found


def describe(
    entries: Iterable[AuditEntry], user: Any, *, actions: Iterable[str] = tuple(AuditAction)
) -> list[AuditEntry]:
    """The entries, each with `rows`: its changes as `ChangeRow`s for `user` (only for entries
    of `actions`; the others get none). Constant queries: the entries' units once, then one
    query per model their snapshots refer to, and one per model that names its own values.

    A model names values that its fields cannot (a state code of a flow) with a method
    `history_value(name, value) -> str | None` on the record as it is now."""
    entries = list(entries)
    prefetch_related_objects(entries, "scope_unit")
    wanted_actions = set(actions)
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    own: dict[type[models.Model], set[str]] = defaultdict(set)
    plans: list[tuple[AuditEntry, type[models.Model] | None, list[tuple[str, Any, Any, Any]]]] = []
    # Personal values that changed but read the same masked (139****5678 both): still a change.
    masked_alike: set[tuple[int, str]] = set()
    for entry in entries:
        if entry.action not in wanted_actions:
            plans.append((entry, None, []))
            continue
        model = _model_of(entry)
        if model is not None and hasattr(model, "history_value"):
            own[model].add(entry.object_id)
        changes = []
        for name, link, before, after in _changed(entry, _generic_links(model)):
            field = link or _field(model, name)
            if field is not None and getattr(field, "primary_key", False):
                continue  # the record's own id says nothing its page does not
            raw_differs = before != after
            before = personal.masked(model, name, before)
            after = personal.masked(model, name, after)
            if raw_differs and before == after:
                masked_alike.add((entry.pk, name))
            target = _reference(model, field, name)
            if target is not None:
                wanted[target].update(str(pk) for pk in (*_ids(before), *_ids(after)))
            for content_type_id, object_id in (before, after) if link else ():
                if content_type_id is not None and object_id is not None:
                    linked = ContentType.objects.get_for_id(content_type_id).model_class()
                    if linked is not None:
                        wanted[linked].add(str(object_id))
            changes.append((name, field, before, after))
        plans.append((entry, model, changes))
    known = _Known(names=_names(wanted), records=_own_records(own))
    for entry, model, changes in plans:
        record = known.records.get((model, entry.object_id))
        rows = []
        for name, field, before, after in changes:
            row = ChangeRow(
                field=name,
                label=_label(model, field, name),
                before=_text(model, field, name, before, known, record),
                after=_text(model, field, name, after, known, record),
            )
            if row.before != row.after or (entry.pk, name) in masked_alike:
                rows.append(row)
        entry.rows = rows
    return entries
