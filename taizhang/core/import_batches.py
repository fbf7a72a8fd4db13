"""Writing an import in short transactions, all or nothing (导入分批写入), for SQLite.

SQLite has one write lock for the whole database: an import written in one transaction makes
every other sign-in and save wait until it ends, and fail after the 20 s busy timeout. So on
SQLite an import's rows are written in batches of a few hundred or thousand rows, each its own
transaction sized to take about `TAIZHANG_IMPORT_BATCH_SECONDS`, and the lock is free between
them while the next batch is read and checked.

All or nothing still holds: each batch's transaction notes the range of audit entries it wrote
(nobody else can write while it holds the lock, so the range is the batch's alone), which is the
undo journal. If a later batch fails (a row the service refuses, an unexpected error), the
committed batches are undone in reverse, each in its own short transaction, from their audit
entries: records the import created are deleted (with what cascades from them: plan rows, their
progress, timeline events), fields it changed get their values from before, and every undo is
audited in turn ("Excel import undone"). A field someone else changed since the import wrote it
keeps their value, and a record the import created that others have since used is kept; both
are counted and reported.

Only ledgers whose writes are plain creates and field updates of audited records can be undone
so (`Ledger.undoable`); others are written in one transaction after the lock-free check.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby, islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.ledgers import Ledger, WriteResult
from taizhang.core.models import AuditAction, AuditEntry, User

logger = logging.getLogger(__name__)

FIRST_BATCH = 20  # rows; later batches are sized by the time the previous one took
MAX_BATCH = 5000
PAUSE = 0.1  # seconds the write lock stays free between two of an import's transactions


def short_write_transactions() -> bool:
    """Whether imports write in short transactions: on SQLite, whose write lock is the whole
    database's. PostgreSQL locks only the rows written, so an import there is one transaction."""
    return connection.vendor == "sqlite"


def next_batch_size(size: int, seconds: float, target: float) -> int:
    """The next batch's size for a batch of `size` rows that took `seconds`: aimed at `target`
    seconds, growing at most twofold at a time."""
    wanted = size * target / max(seconds, 1e-3)
    return max(1, min(MAX_BATCH, int(wanted), size * 2))


def last_audit_id() -> int:
    return AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0


@dataclass
class UndoReport:
    undone: int = 0  # records deleted or put back
    kept: int = 0  # records or fields left as others have since made them


@dataclass
class BatchWriter:
    """Writes an import's checked rows in short transactions and keeps the undo journal: the
    audit id range (exclusive start, inclusive end) each committed batch wrote."""

    ledger: Ledger
    by: User | None
    journal: list[tuple[int, int]] = field(default_factory=list)
    result: WriteResult = field(default_factory=WriteResult)
    # Where the journal is kept after each commit, so that an import whose process dies
    # half-way can still be undone (`imports.undo_unfinished`); removed once it is done.
    journal_path: Path | None = None
    batches: int = 0
    longest: float = 0.0  # seconds of the longest batch's transaction
    longest_undo: float = 0.0  # and of the longest undo's
    undone: UndoReport = field(default_factory=UndoReport)  # what undoing it did so far

    def write(self, rows: Iterator[tuple[int, dict[str, Any]]]) -> WriteResult:
        """Write every row, batch by batch (one batch of all rows for a ledger that cannot be
        undone). Raises what the ledger raises, after undoing the committed batches."""
        target = settings.TAIZHANG_IMPORT_BATCH_SECONDS
        size = FIRST_BATCH if self.ledger.undoable else None
        pacer = _Pacer()
        try:
            while batch := list(islice(rows, size)):  # read and checked outside the lock
                pacer.wait()
                started = time.monotonic()
                with transaction.atomic():
                    first = last_audit_id()
                    part = self.ledger.write(batch, by=self.by)
                    if size is not None:  # one transaction needs no journal to roll back
                        self.journal.append((first, last_audit_id()))
                pacer.released()
                self._keep_journal()
                took = time.monotonic() - started
                self.batches, self.longest = self.batches + 1, max(self.longest, took)
                for name in ("created", "updated", "unchanged"):
                    setattr(self.result, name, getattr(self.result, name) + getattr(part, name))
                if size is not None:
                    size = next_batch_size(size, took, target)
        except BaseException:
            self.undo()
            raise
        logger.info("import written in %d batches, the longest %.2f s", self.batches, self.longest)
        return self.result

    def finish(self) -> None:
        """The import stands: its journal is no longer needed."""
        self.journal.clear()
        self._keep_journal()

    def _keep_journal(self) -> None:
        if self.journal_path is None:
            return
        if not self.journal:
            self.journal_path.unlink(missing_ok=True)
            return
        temporary = self.journal_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.journal))
        os.replace(temporary, self.journal_path)

    @classmethod
    def resume(cls, ledger: Ledger, by: User | None, journal_path: Path) -> BatchWriter:
        """The writer of an import whose process died, from the journal it left."""
        journal = [(int(a), int(b)) for a, b in json.loads(journal_path.read_text())]
        return cls(ledger, by, journal=journal, journal_path=journal_path)

    def undo(self) -> UndoReport:
        """Undo the committed batches from the newest audit entry back, in short transactions
        sized by time as the writes were. Returns (and adds to) `undone`."""
        report = self.undone
        target = settings.TAIZHANG_IMPORT_BATCH_SECONDS
        size, pacer = FIRST_BATCH, _Pacer()
        while self.journal:
            first, last = self.journal[-1]
            entries = AuditEntry.objects.filter(pk__gt=first, pk__lte=last).order_by("-pk")
            if self.by is not None:
                entries = entries.filter(actor=self.by)
            fields = ("pk", "content_type_id", "object_id", "action", "before", "after")
            chunk = list(entries.values_list(*fields)[:size])
            if not chunk:
                self.journal.pop()
                self._keep_journal()
                continue
            pacer.wait()
            started = time.monotonic()
            with transaction.atomic():
                _undo_entries(chunk, self.by, report)
            pacer.released()
            took = time.monotonic() - started
            self.longest_undo = max(self.longest_undo, took)
            self.journal[-1] = (first, chunk[-1][0] - 1)
            self._keep_journal()
            size = next_batch_size(size, took, target)
        if report.kept:
            logger.warning("import undo kept %d records or fields changed since", report.kept)
        return report


class _Pacer:
    """Keeps the write lock free for PAUSE seconds between two transactions: a writer waiting
    for the lock (SQLite's busy handler) tries again at most every 100 ms, and would otherwise
    find it taken again each time."""

    def __init__(self) -> None:
        self.freed: float | None = None

    def wait(self) -> None:
        if self.freed is not None:
            rest = PAUSE - (time.monotonic() - self.freed)
            if rest > 0:
                time.sleep(rest)

    def released(self) -> None:
        self.freed = time.monotonic()


def _undo_entries(chunk: list[tuple], by: User | None, report: UndoReport) -> None:
    """Undo audit entries, newest first, grouped by model and action."""
    for (content_type_id, action), group in groupby(chunk, key=lambda row: (row[1], row[3])):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        changes = {row[2]: (row[4], row[5]) for row in group}
        if action == AuditAction.CREATE:
            _delete_created(model, list(changes), by, report)
        elif action == AuditAction.UPDATE:
            _restore_updated(model, changes, by, report)
        else:  # imports only create and update; anything else is not theirs to undo
            logger.warning("import undo skipped a %s entry of %s", action, model.__name__)


def _delete_created(
    model: type[models.Model], ids: list[str], by: User | None, report: UndoReport
) -> None:
    records = list(model._default_manager.filter(pk__in=ids))
    reason = _("Excel import undone")
    try:
        with transaction.atomic():
            for record in records:
                audit.record_delete(record, by=by, reason=reason)
            model._default_manager.filter(pk__in=[r.pk for r in records]).delete()
        report.undone += len(records)
        return
    except ProtectedError:
        pass
    for record in records:  # someone has used some of them since: keep those
        try:
            with transaction.atomic():
                audit.record_delete(record, by=by, reason=reason)
                record.delete()
            report.undone += 1
        except ProtectedError:
            report.kept += 1


def _same(field: models.Field, current: Any, stored: Any) -> bool:
    if stored is None or current is None:
        return stored is None and current is None
    try:
        return field.to_python(stored) == current
    except Exception:  # a value the field no longer reads: treat it as changed
        return False


def _restore_updated(
    model: type[models.Model],
    changes: dict[str, tuple[dict | None, dict | None]],
    by: User | None,
    report: UndoReport,
) -> None:
    """Put back the fields each audit entry changed, unless someone has changed them since."""
    records = model._default_manager.in_bulk(list(changes))
    restored: list[tuple[models.Model, dict[str, Any]]] = []
    fields: set[str] = set()
    for object_id, (before, after) in changes.items():
        record = records.get(model._meta.pk.to_python(object_id))
        if record is None or before is None or after is None:
            report.kept += 1
            continue
        snapshot = audit.snapshot(record)
        touched = False
        for name in [n for n in after if before.get(n) != after.get(n)]:
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not isinstance(model_field, models.Field):  # a reverse relation: not audited
                continue
            if model_field.many_to_many:
                if sorted(snapshot.get(name) or []) != sorted(after[name] or []):
                    report.kept += 1
                    continue
                getattr(record, name).set(before[name] or [])
                touched = True
                continue
            attname = model_field.attname
            if not _same(model_field, getattr(record, attname), after[name]):
                report.kept += 1
                continue
            value = before[name]
            setattr(record, attname, None if value is None else model_field.to_python(value))
            fields.add(attname)
            touched = True
        if touched:
            restored.append((record, snapshot))
            report.undone += 1
    if fields:
        model._default_manager.bulk_update([record for record, _s in restored], sorted(fields))
    audit.record_bulk(restored, by=by, reason=_("Excel import undone"))
