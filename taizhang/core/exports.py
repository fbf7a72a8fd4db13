"""Ledger exports (导出): the one check of their size, shared by the page, the API and
`taizhang export`, so that a huge export is refused with a message instead of tying up a
server process and memory for minutes."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def check_export_size(queryset: models.QuerySet) -> int:
    """The number of rows the export would write; ValidationError (code "too_many_rows")
    naming the count, the limit and what to do when it is above TAIZHANG_EXPORT_MAX_ROWS."""
    limit = settings.TAIZHANG_EXPORT_MAX_ROWS
    count = queryset.count()
    if count > limit:
        raise ValidationError(
            _(
                "%(count)d rows match, more than the %(limit)d one export may have. Narrow the "
                "filter (for example by year, unit or status) and export again."
            )
            % {"count": count, "limit": limit},
            code="too_many_rows",
        )
    return count


def filter_error(errors: dict[str, list[str]]) -> ValidationError:
    """The refusal of an export whose filters are not valid, field by field."""
    return ValidationError({field: list(messages) for field, messages in errors.items()})
