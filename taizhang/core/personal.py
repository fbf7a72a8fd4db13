"""Personal data (个人信息, 个人信息保护法 and 等保2.0): which fields hold it, declared once on
each model, and how every surface shows it. Pages, API, history, stale-edit messages, exports,
search results and intake drafts all ask here; nothing reads a personal field for display
directly.

The rules, which a new model gets by declaring its fields and nothing else:

- A model declares its personal fields and their kind:
  `personal_fields = {"id_number": PersonalKind.ID_NUMBER, "phone": PersonalKind.PHONE}`.
  It must be scoped (`scope_unit_field`, core/access.py) for the reveal to find it.
- On every ordinary surface personal data is MASKED FOR EVERYONE: ID numbers as the first 4 and
  last 4 characters (1402**********123X), phones 3 + 4 (139****5678), names by the family name
  (王*) — lib/masking.py. Whoever may edit a record still reads it masked. `shows_personal_data`
  is the one place that says so; pages and schemas call `shown(record, field, user)`, snapshots
  and other raw values `masked(model, field, value)`, ledger exports do it in `export_row`. A
  search provider puts `shown(...)` in a hit's detail and never matches a query against a
  personal field (a hit would confirm a number the user may not see).
- Seeing a full number is an explicit action, 查看完整信息: `reveal(record, by=…, reason=…,
  kind=…, request=…) -> {field: value}` checks `access.may_reveal_personal_data(user, record)`
  (whoever may write the record's unit, or the record's own
  `may_reveal_personal_data_to(user)`; never leaders, auditors or the security administrator),
  needs a non-blank reason, and records a `PersonalDataAccess` row (who, whose, which fields,
  when, why, how, IP and request id) in the same transaction. The page is "record-personal"
  (`records/<app>/<model>/<pk>/personal/`), linked from a detail page by
  `{% load personal %}{% personal_reveal_link record %}`; the API is
  `POST /api/v1/personal/<app>/<model>/<pk>/reveal` with `{"reason": …}`.
- A ledger export with full numbers is the same action for many rows: only for users who may
  reveal every row (`access.may_export_personal_data(user, model)`), with a reason, recorded
  once by `record_export` (kind export or cli, ledger name, row count) and written within
  `exporting_in_full()` — core/exports.py `personal_data_in_full` does both; the page is
  "ledger-export-full", the API `POST /api/v1/ledgers/<name>/export/full`, the command
  `taizhang export … --full-personal-data --reason …`.
- Edit forms never show a stored personal value: the field is empty, the masked value its
  placeholder, and blank keeps what is stored (core.forms.PersonalFieldsMixin). A write that
  sends back the masked value (an API client echoing what it read, a re-imported export) keeps
  the stored one: services and ledger imports that update a record pass the changes through
  `unmasked(record, changes)` (core.services.update_unit and the units ledger do).
- The log is read by the audit and system administrators (`access.reads_personal_data_log`):
  the page "personal-data-log" (`/audit/personal-data/`), `GET /api/v1/audit/personal-data`.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from taizhang.core import access
from taizhang.core.addresses import client_address
from taizhang.lib.masking import mask_id_number, mask_name, mask_phone

if TYPE_CHECKING:
    from taizhang.core.models import PersonalDataAccess, User


class PersonalKind(StrEnum):
    PHONE = "phone"  # 139****5678
    ID_NUMBER = "id_number"  # 1402**********123X
    NAME = "name"  # 李**


MASKS: dict[PersonalKind, Callable[[str], str]] = {
    PersonalKind.PHONE: mask_phone,
    PersonalKind.ID_NUMBER: mask_id_number,
    PersonalKind.NAME: mask_name,
}


def personal_fields(model: type[models.Model] | None) -> Mapping[str, PersonalKind]:
    return getattr(model, "personal_fields", {}) if model is not None else {}


def mask(kind: PersonalKind, value: Any) -> Any:
    return MASKS[kind](value) if isinstance(value, str) and value else value


def masked(model: type[models.Model] | None, field: str, value: Any) -> Any:
    """`value` of `model`'s `field` as ordinary surfaces show it: masked if it is personal."""
    kind = personal_fields(model).get(field)
    return value if kind is None else mask(kind, value)


# Set only while an export with full personal data, checked and recorded, writes its file.
_exporting_in_full: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "exporting_personal_data_in_full", default=False
)


def shows_personal_data(user: Any, record: models.Model | None) -> bool:
    """Whether a surface shows `record`'s personal data in full to `user`: never on an ordinary
    surface (a page, the API, history, an export); only inside an export with full personal
    data (`exporting_in_full`), which its caller has checked and recorded. Seeing one record
    in full is `reveal`, which returns the values itself."""
    return _exporting_in_full.get()


@contextmanager
def exporting_in_full() -> Iterator[None]:
    """Within: ledger rows carry personal data in full. Only for an export that has passed
    `access.may_export_personal_data` and been recorded (`record_export`)."""
    token = _exporting_in_full.set(True)
    try:
        yield
    finally:
        _exporting_in_full.reset(token)


def shown(record: models.Model, field: str, user: Any, value: Any = None) -> Any:
    """The value of `record`'s field (or `value`, when the caller has it already) as `user`
    reads it on an ordinary surface: masked if the field is personal."""
    value = getattr(record, field) if value is None else value
    if shows_personal_data(user, record):
        return value
    return masked(type(record), field, value)


def unmasked(record: models.Model, changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` to `record` with every personal value that is just the stored one masked
    (an API client or an export sending back what it read) replaced by the stored value."""
    fields = personal_fields(type(record))
    kept = dict(changes)
    for name, value in changes.items():
        stored = getattr(record, name, None) if name in fields else None
        if stored and value != stored and value == mask(fields[name], stored):
            kept[name] = stored
    return kept


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for seeing personal data in full.")}, code="required"
        )
    return reason[:500]


def _log(
    *,
    by: User | None,
    kind: str,
    reason: str,
    fields: list[str],
    record: models.Model | None = None,
    model: type[models.Model] | None = None,
    ledger: str = "",
    row_count: int | None = None,
    request: Any = None,
) -> PersonalDataAccess:
    # Imported here: core.models builds on PersonalKind.
    from taizhang.core.middleware import current_request_id
    from taizhang.core.models import PersonalDataAccess

    actor = access.acting_user(by)
    target = record if record is not None else model
    return PersonalDataAccess.objects.create(
        user=actor,
        user_name=actor.get_username() if actor else "system",
        kind=kind,
        content_type=(
            ContentType.objects.get_for_model(target, for_concrete_model=False)
            if target is not None
            else None
        ),
        object_id=str(record.pk) if record is not None else "",
        object_repr=str(record)[:200] if record is not None else "",
        fields=fields,
        reason=reason,
        ledger=ledger,
        row_count=row_count,
        ip=client_address(request) or None,
        request_id=current_request_id.get(),
    )


@transaction.atomic
def reveal(
    record: models.Model, *, by: User, reason: str, kind: str, request: Any = None
) -> dict[str, str]:
    """查看完整信息: `record`'s personal fields in full ({field: value}), for a user who may
    see them (`access.may_reveal_personal_data`) and says why. Recorded as one
    `PersonalDataAccess` of `kind` (page, api) in the same transaction."""
    access.require(by is not None and access.may_reveal_personal_data(by, record))
    fields = list(personal_fields(type(record)))
    if not fields:
        raise PermissionDenied
    reason = _clean_reason(reason)
    _log(by=by, kind=kind, reason=reason, fields=fields, record=record, request=request)
    return {name: getattr(record, name) or "" for name in fields}


def record_export(
    model: type[models.Model],
    *,
    by: User | None,
    reason: str,
    kind: str,
    ledger: str,
    row_count: int,
    request: Any = None,
    allowed: bool | None = None,
) -> PersonalDataAccess:
    """Record an export of `ledger` with personal data in full (one row for the whole file).
    The caller has checked `access.may_export_personal_data` (SYSTEM: a command), or, for a
    list a module defines itself (a welfare cycle's payment list for the bank), its own rule,
    passed as `allowed`."""
    if allowed is None:
        allowed = access.may_export_personal_data(by, model)
    access.require_person_or_system(by, allowed)
    return _log(
        by=by,
        kind=kind,
        reason=_clean_reason(reason),
        fields=list(personal_fields(model)),
        model=model,
        ledger=ledger,
        row_count=row_count,
        request=request,
    )
