"""Ledger exports (导出): the one check of their size, shared by the page, the API and
`taizhang export`, so that a huge export is refused with a message instead of tying up a
server process and memory for minutes; and the opt-in export with full personal data
(core/personal.py), checked and recorded once for the whole file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from taizhang.core import personal

if TYPE_CHECKING:
    from taizhang.core.ledgers import Ledger
    from taizhang.core.models import User


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


@contextmanager
def personal_data_in_full(
    ledger: Ledger,
    *,
    by: User | None,
    reason: str,
    kind: str,
    row_count: int,
    request: Any = None,
) -> Iterator[None]:
    """Within: the ledger's rows carry personal data in full. Checked first
    (`access.may_export_personal_data`; SYSTEM, a command, passes) and recorded as one
    `PersonalDataAccess` (ledger name, row count, reason) before any row is written."""
    if not personal.personal_fields(ledger.model):
        raise ValidationError(_("This ledger holds no personal data."), code="no_personal_data")
    with transaction.atomic():
        personal.record_export(
            ledger.model,
            by=by,
            reason=reason,
            kind=kind,
            ledger=ledger.name,
            row_count=row_count,
            request=request,
        )
    with personal.exporting_in_full():
        yield
