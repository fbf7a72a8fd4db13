"""The 版本 (version) column of the ledgers of versioned records (core/versions.py): written
on export; on import, an update row that gives it is refused if the record changed since."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from taizhang.core import versions
from taizhang.core.ledgers import CellError, Column, ImportContext

# The version of a versioned record (core/versions.py): written on export; on import, an update
# row that gives it is refused if the record changed since. Rows without it update as before.
VERSION_COLUMN = Column(
    "版本",
    versions.VERSION_FIELD,
    "int",
    width=8,
    help=gettext_lazy(
        "Written on export. Keep it: a row whose record was changed by someone else since the "
        "export is refused, with what changed. Leave empty to update regardless."
    ),
)


def stale_version(
    model: type[models.Model], pk: Any, given: int | None, context: ImportContext
) -> CellError | None:
    """The 版本 cell's error if the record's stored version is not the one `given`, with what
    changed since. The stored versions are read once per file."""
    if given is None:
        return None
    key = f"versions of {model._meta.label}"
    stored = context.memo.get(key)
    if stored is None:
        stored = dict(model._base_manager.values_list("pk", versions.VERSION_FIELD))
        context.memo[key] = stored
    current = stored.get(pk)
    if current is None or current == given:
        return None
    record = model._base_manager.get(pk=pk)
    error = versions.stale(record, expected=given, current=current, by=context.user)
    return CellError(VERSION_COLUMN.header, error.full_message())
