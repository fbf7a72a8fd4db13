"""Keeping and handing over the audit trail (审计记录留存): an xlsx export for the audit
administrator, personal data masked in its snapshots as on every surface (core/personal.py),
and the one way entries are ever deleted, a purge of those older than the retention period
(TAIZHANG_AUDIT_RETENTION_DAYS, at least 180 days), itself audited."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taizhang.core.access import require_person_or_system
from taizhang.core.history import visible_snapshot
from taizhang.core.middleware import current_request_id
from taizhang.core.models import AuditAction, AuditEntry, User
from taizhang.lib import clock
from taizhang.lib.excel import Destination, write_xlsx

MINIMUM_RETENTION_DAYS = 180


def retention() -> datetime.timedelta:
    return datetime.timedelta(days=settings.TAIZHANG_AUDIT_RETENTION_DAYS)


def headers() -> list[str]:
    return [
        _("time"),
        _("user"),
        _("action"),
        _("record type"),
        _("record id"),
        _("record"),
        _("reason"),
        _("before"),
        _("after"),
        _("request id"),
    ]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else ""


def rows(entries: models.QuerySet[AuditEntry]) -> Iterator[list[Any]]:
    labels = dict(AuditAction.choices)
    types = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    for entry in entries.order_by("at", "id").iterator(chunk_size=2000):
        yield [
            entry.at,
            entry.actor_name,
            str(labels.get(entry.action, entry.action)),
            types.get(entry.content_type_id, ""),
            entry.object_id,
            entry.object_repr,
            entry.reason,
            _json(visible_snapshot(entry, entry.before, None)),
            _json(visible_snapshot(entry, entry.after, None)),
            entry.request_id,
        ]


def write_export(dest: Destination, entries: models.QuerySet[AuditEntry]) -> int:
    """The entries as one xlsx sheet, oldest first; returns how many were written."""
    return write_xlsx(
        dest,
        headers(),
        rows(entries),
        sheet_title=_("Audit log"),
        widths=(17, 14, 10, 20, 10, 30, 40, 40, 40, 34),
    )


def between(
    entries: models.QuerySet[AuditEntry],
    since: datetime.date | None,
    until: datetime.date | None,
) -> models.QuerySet[AuditEntry]:
    """Entries from the start of `since` to the end of `until`, in the district's days."""
    if since is not None:
        entries = entries.filter(at__gte=_start_of(since))
    if until is not None:
        entries = entries.filter(at__lt=_start_of(until + datetime.timedelta(days=1)))
    return entries


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def earliest_purge_date() -> datetime.date:
    """The latest `before` date a purge may take: entries younger than the retention are kept."""
    return timezone.localtime(clock.now() - retention()).date()


@transaction.atomic
def purge_before(before: datetime.date, *, by: User | None) -> int:
    """Delete the entries from before the start of `before`, which must be at least the
    retention period ago; refused otherwise. Only the platform (SYSTEM: whoever runs the
    server's command line) purges, never a person through a page; the purge is audited."""
    require_person_or_system(by, False)
    if before > earliest_purge_date():
        raise ValidationError(
            _("Entries younger than %(days)d days are kept: purge before %(date)s at the latest.")
            % {"days": settings.TAIZHANG_AUDIT_RETENTION_DAYS, "date": earliest_purge_date()}
        )
    old = AuditEntry.objects.filter(at__lt=_start_of(before))
    count, _kinds = models.QuerySet.delete(old)  # past the append-only guard, on purpose
    AuditEntry.objects.create(
        at=clock.now(),
        actor_name="system",
        content_type=ContentType.objects.get_for_model(AuditEntry),
        object_id="",
        object_repr=_("Audit entries before %(date)s") % {"date": before},
        action=AuditAction.DELETE,
        after={"deleted": count},
        reason=_("Purged %(count)d entries older than the retention period (%(days)d days)")
        % {"count": count, "days": settings.TAIZHANG_AUDIT_RETENTION_DAYS},
        request_id=current_request_id.get(),
    )
    return count


def parse_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise ValidationError(_("%(text)s is not a date (YYYY-MM-DD).") % {"text": text}) from error
