"""Personal data (个人信息): which fields hold it, declared once on each model, and how every
surface shows it — pages, API, history, audit, exports and search all ask here.

A model names its personal fields and their kind in `personal_fields`
({"contact_phone": PersonalKind.PHONE}); a reader sees them in full only when
`shows_personal_data(user, record)` — the record's own rule if it has one
(`shows_personal_data_to(user)`, e.g. the two sides of a case), else whoever may write for the
unit the record belongs to. Everyone else reads them masked the same way everywhere."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from django.db import models

from taizhang.core import access
from taizhang.lib.masking import mask_id_number, mask_name, mask_phone


class PersonalKind(StrEnum):
    PHONE = "phone"  # 138****5678
    ID_NUMBER = "id_number"  # 110101********1234
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


def shows_personal_data(user: Any, record: models.Model) -> bool:
    rule = getattr(record, "shows_personal_data_to", None)
    if rule is not None:
        return bool(rule(user))
    return access.sees_personal_data_of(user, access.scope_unit_of(record))


def shown(record: models.Model, field: str, user: Any, value: Any = None) -> Any:
    """The value of `record`'s field (or `value`, when the caller has it already) as `user`
    may read it: in full, or masked if the field is personal and the user may not."""
    value = getattr(record, field) if value is None else value
    kind = personal_fields(type(record)).get(field)
    if kind is None or shows_personal_data(user, record):
        return value
    return mask(kind, value)
