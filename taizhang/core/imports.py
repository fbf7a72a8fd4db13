"""Running an Excel import (导入任务): upload checks, a dry run, an all-or-nothing import.

On PostgreSQL a job reads its file once, streaming, inside one transaction: every row is parsed
and checked, and the good rows go to the ledger's services as they come. On SQLite, whose write
lock is the whole database's, it checks the whole file outside any transaction first, then
writes in short transactions that are undone if a later one fails (`import_batches`): the rows
the check kept when the ledger's write checks again what depends on the database, else the file
read and checked again. A dry run never writes. Every reason a row is refused is collected; if
there is any, nothing stays written, and the person gets the list and a copy of the file with an
error column (another read, only then).

Progress goes to a small JSON file rather than to the job row: the import's transaction is open
while it runs, and another process (the page polling for progress) must still see it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import unicodedata
import uuid
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taizhang.core.access import can_manage_structure, require
from taizhang.core.import_batches import BatchWriter, short_write_transactions
from taizhang.core.ledgers import (
    MAX_YEAR,
    MIN_YEAR,
    CellError,
    HeaderMap,
    ImportContext,
    Ledger,
    RowError,
    RowWriteError,
    WriteResult,
    get_ledger,
)
from taizhang.core.models import ImportJob, ImportStatus, User
from taizhang.lib.archives import ArchiveRefused, check_zip
from taizhang.lib.excel import (
    ErrorCopyWriter,
    Table,
    UnreadableWorkbook,
    XlsxReader,
    sheet_rows,
)

logger = logging.getLogger(__name__)

STORED_ERRORS = 1000  # kept on the job for the page; all of them go into the error copy
PROGRESS_EVERY = 200  # rows between progress reports

ProgressCallback = Callable[[int, int, str], None]
_TITLE_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")


class ImportRefused(Exception):
    """The file cannot be imported as a whole (no header, missing columns); nothing is read."""


# Files ------------------------------------------------------------------------------------------


def imports_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def error_copy_path(job: ImportJob) -> Path:
    return imports_dir() / f"{job.pk}.errors.xlsx"


def progress_path(job: ImportJob) -> Path:
    return imports_dir() / f"{job.pk}.progress.json"


def journal_path(job: ImportJob) -> Path:
    """The undo journal of an import being written in short transactions (SQLite)."""
    return imports_dir() / f"{job.pk}.journal.json"


def undo_unfinished(job: ImportJob) -> bool:
    """Undo what an import whose process died while writing had committed (SQLite writes in
    short transactions; their journal outlives the process). For whatever marks such a job
    failed. Returns whether there was anything to undo."""
    path = journal_path(job)
    if not path.exists():
        return False
    BatchWriter.resume(get_ledger(job.ledger), job.user, path).undo()
    return True


def check_xlsx(path: Path) -> None:
    """Refuse what is not really an xlsx workbook, whatever its name says, and workbooks that
    would unpack to too much (lib/archives.py)."""
    message = _("This is not an Excel workbook (.xlsx). Save it as .xlsx in Excel or WPS.")
    if not zipfile.is_zipfile(path):
        raise ValidationError(message, code="not_xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise ValidationError(message, code="not_xlsx") from error
    if "xl/workbook.xml" not in names:
        raise ValidationError(message, code="not_xlsx")
    try:
        check_zip(path)
    except ArchiveRefused as error:
        raise ValidationError(str(error), code="too_large") from error


def check_row_count(path: Path) -> None:
    """Refuse a sheet that spans more rows than one import may have (TAIZHANG_IMPORT_MAX_ROWS),
    from its declared dimension, before any row is read."""
    limit = settings.TAIZHANG_IMPORT_MAX_ROWS
    try:
        rows = sheet_rows(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from error
    if rows is not None and rows > limit:
        raise ValidationError(
            _(
                "The sheet has %(rows)d rows; one import may have at most %(limit)d. Split it "
                "into several files (for example one per village) and import each."
            )
            % {"rows": rows, "limit": limit},
            code="too_many_rows",
        )


def check_year(ledger: Ledger, year: int | None) -> None:
    """The year given with an import: only for a ledger with a year column, and a real year."""
    if year is None:
        return
    if not ledger.year_column:
        raise ValidationError(_("This ledger takes no year."), code="no_year_column")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("The year must be from %(min)d to %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="bad_year",
        )


def create_job(
    *,
    ledger: Ledger,
    by: User,
    upload: IO[bytes],
    file_name: str,
    dry_run: bool,
    year: int | None = None,
) -> ImportJob:
    """Store an upload and make its job, after checking access, size and that it is an xlsx.
    `year` is given to rows without one (it wins over a year in the sheet's title).

    Raises ValidationError with a message for the person uploading."""
    require(ledger.can_import(by))
    check_year(ledger, year)
    job_id = uuid.uuid4()
    stored = imports_dir() / f"{job_id}.xlsx"
    limit = settings.TAIZHANG_IMPORT_MAX_BYTES
    size = 0
    try:
        with stored.open("wb") as out:
            chunks: Iterator[bytes] = (
                upload.chunks()
                if hasattr(upload, "chunks")
                else iter(lambda: upload.read(1 << 20), b"")
            )
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise ValidationError(
                        _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
                        code="too_large",
                    )
                out.write(chunk)
        check_xlsx(stored)
        check_row_count(stored)
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    return ImportJob.objects.create(
        id=job_id,
        ledger=ledger.name,
        user=by,
        dry_run=dry_run,
        year=year,
        file_name=Path(file_name).name[:200],
        stored_path=str(stored),
    )


def visible_jobs(user: Any) -> models.QuerySet[ImportJob]:
    """A person sees their own jobs; district administrators see everyone's."""
    if can_manage_structure(user):
        return ImportJob.objects.all()
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(user=user)


# Progress ---------------------------------------------------------------------------------------


class Progress:
    """Writes (processed, total, phase) to the job's JSON file every few rows, atomically."""

    def __init__(self, job: ImportJob, callback: ProgressCallback | None = None) -> None:
        self.path = progress_path(job)
        self.callback = callback
        self.total = 0
        self.phase = "pending"

    def start(self, phase: str, total: int) -> None:
        """Begin a phase ("checking", "writing"); "done" shows a full bar."""
        self.phase, self.total = phase, total
        self.report(total if phase == "done" else 0, force=True)

    def report(self, processed: int, *, force: bool = False) -> None:
        if not force and processed % PROGRESS_EVERY:
            return
        data = {"processed": processed, "total": self.total, "phase": self.phase}
        temporary = self.path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.write_text(json.dumps(data))
        os.replace(temporary, self.path)
        if self.callback is not None:
            self.callback(processed, self.total, self.phase)


def read_progress(job: ImportJob) -> tuple[int, int, str]:
    """(processed, total, phase) of a job, from another process or thread as it runs."""
    try:
        data = json.loads(progress_path(job).read_text())
        return int(data["processed"]), int(data["total"]), str(data["phase"])
    except (OSError, ValueError, KeyError):
        if job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED):
            return job.processed_rows, job.total_rows, "done"
        return 0, 0, "pending"


# Running ----------------------------------------------------------------------------------------


def _open_table(reader: XlsxReader, ledger: Ledger) -> tuple[Table, HeaderMap]:
    table = reader.table(ledger.header_score)
    if table is None:
        raise ImportRefused(
            _("No header row found in the first rows. Expected headers such as: %(headers)s.")
            % {"headers": "、".join(ledger.headers())}
        )
    mapping = ledger.map_headers(table.headers)
    if mapping.missing:
        raise ImportRefused(
            _("Required columns are missing: %(headers)s.")
            % {"headers": "、".join(column.file_header for column in mapping.missing)}
        )
    return table, mapping


def title_year(preamble: list[tuple[int, list[Any]]]) -> int | None:
    """The year the title rows above the header name ("2024年平城区建设项目台账"): a 4-digit
    year followed by 年. None when they name none, or several different ones."""
    years = {
        int(match)
        for _number, values in preamble
        for value in values
        if isinstance(value, str)
        for match in _TITLE_YEAR.findall(unicodedata.normalize("NFKC", value))
    }
    years = {year for year in years if MIN_YEAR <= year <= MAX_YEAR}
    return years.pop() if len(years) == 1 else None


def sheet_year(job: ImportJob, table: Table) -> tuple[int | None, str]:
    """The year for rows that give none, and where it comes from: the import's option wins
    over the title."""
    if job.year is not None:
        return job.year, "option"
    year = title_year(table.preamble)
    return year, ("title" if year is not None else "")


def year_note(job: ImportJob, table: Table) -> str:
    """What the job's message says about the sheet's year, if it has one."""
    year, source = sheet_year(job, table)
    if source == "option":
        return _("Rows without a year: %(year)d, as given with the import.") % {"year": year}
    if source == "title":
        return _("Rows without a year: %(year)d, from the title row.") % {"year": year}
    return ""


def columns_note(mapping: HeaderMap) -> str:
    """What the job's message says about the file's columns that were not imported: those the
    ledger only writes on export (a status changes through its review, not by import) and
    those it does not know. Never silently: a person who typed into them must learn it."""
    notes = []
    if mapping.not_imported:
        notes.append(
            _("Not imported (written on export for reference only): %(headers)s.")
            % {"headers": "、".join(mapping.not_imported)}
        )
    if mapping.ignored:
        notes.append(
            _("Not columns of this ledger, ignored: %(headers)s.")
            % {"headers": "、".join(mapping.ignored)}
        )
    return " ".join(notes)


def _reason(column: str, message: str) -> str:
    """A refused row's reason as the error copy writes it: "[column] message"."""
    return f"[{column}] {message}" if column else message


class _Checked:
    """One pass over the file: parses and checks every row, counts actions and keeps every
    reason a row is refused; yields the good rows for writing until the first refusal."""

    def __init__(self, job: ImportJob, ledger: Ledger, table: Table, mapping: HeaderMap) -> None:
        self.ledger, self.table, self.mapping = ledger, table, mapping
        self.context = ImportContext(
            user=job.user,
            units=mapping.units,
            present=frozenset(column.field for column in mapping.positions.values()),
            year=sheet_year(job, table)[0] if ledger.year_column else None,
        )
        self.bad_rows: dict[int, str] = {}
        self.errors: list[dict[str, Any]] = []
        self.error_count = self.processed = 0
        self.counts = {"create": 0, "update": 0, "unchanged": 0}
        self.writing = True  # cleared by the first refused row or write error
        self.note = ""  # what the job's message adds about an undone write

    def _checked(self) -> Iterator[tuple[int, dict[str, Any], list[CellError], str]]:
        """(row number, data, errors, action) of each row, parsed one by one and checked in
        batches of the ledger's `check_batch_size`."""
        ledger, context = self.ledger, self.context
        source = iter(self.table.rows)
        while batch := list(islice(source, ledger.check_batch_size)):
            parsed = []
            for number, values in batch:
                context.row = number
                data, errors = ledger.parse_row(self.mapping.values(ledger, values), context)
                parsed.append((number, data, errors))
            checks = ledger.check_rows([(number, data) for number, data, _e in parsed], context)
            for (number, data, errors), (action, more) in zip(parsed, checks, strict=True):
                yield number, data, [*errors, *more], action

    def rows(self, progress: Progress) -> Iterator[tuple[int, dict[str, Any]]]:
        ledger = self.ledger
        for number, data, found, action in self._checked():
            # Every reason names a column: one about the row as a whole, the key column.
            row_errors = [
                error if error.column else CellError(ledger.header_of(""), error.message)
                for error in found
            ]
            self.processed += 1
            if row_errors:
                self.writing = False
                self.error_count += len(row_errors)
                self.bad_rows[number] = "; ".join(_reason(e.column, e.message) for e in row_errors)
                for error in row_errors:
                    if len(self.errors) < STORED_ERRORS:
                        self.errors.append(RowError(number, error.column, error.message).as_dict())
            else:
                self.counts[action] += 1
                if self.writing:
                    yield number, data
            progress.report(self.processed)

    def refuse(self, failure: RowWriteError) -> None:
        """A row the service refused while writing: it counts as a bad row."""
        self.writing = False
        self.error_count += 1
        error = failure.error
        if not error.column:
            error = RowError(error.row, self.ledger.header_of(""), error.message)
        self.bad_rows[error.row] = _reason(error.column, error.message)
        self.errors.append(error.as_dict())


def _check_and_write(
    job: ImportJob, ledger: Ledger, progress: Progress
) -> tuple[dict[int, str], str]:
    """Check every row and, unless it is a dry run, write the good rows; the first bad row
    stops the writing (the rest is still checked, so every reason is reported) and nothing
    stays written. Returns the reasons by row number (only bad rows), for the error copy, and
    what the job's message says about the sheet's year.

    A dry run, and on SQLite every import, first checks the whole file outside any transaction
    (WAL lets it read while others write). On SQLite the rows are then written in short
    transactions (`import_batches`), undone if a later one fails. On PostgreSQL, which
    locks only the rows written, the file is read once and written in one transaction."""
    with XlsxReader(Path(job.stored_path)) as reader:
        table, mapping = _open_table(reader, ledger)
        checked = _Checked(job, ledger, table, mapping)
        result: WriteResult | None = None
        kept: _KeptRows | None = None
        if job.dry_run or short_write_transactions():
            progress.start("checking", table.total_rows)
            if ledger.write_checks_again and not job.dry_run:
                kept = _KeptRows()
            for number, data in checked.rows(progress):
                if kept is not None:
                    kept.add(number, data)
        else:
            progress.start("writing", table.total_rows)
            with transaction.atomic():
                rows = checked.rows(progress)
                try:
                    result = ledger.write(rows, by=job.user)
                except RowWriteError as failure:
                    checked.refuse(failure)
                for _row in rows:  # check what the writer did not reach
                    pass
                if checked.bad_rows:
                    transaction.set_rollback(True)
                    result = None
    if not job.dry_run and short_write_transactions() and not checked.bad_rows:
        result = _write_in_short_transactions(job, ledger, checked, progress, kept)
    job.processed_rows = job.total_rows = checked.processed
    job.error_count = checked.error_count
    job.errors = sorted(checked.errors, key=lambda error: error["row"])  # a write error comes late
    counts = checked.counts
    if result is not None:
        counts = {"create": result.created, "update": result.updated, "unchanged": result.unchanged}
        job.message = _(
            "Imported %(rows)d rows: %(created)d new, %(updated)d changed, %(unchanged)d unchanged."
        ) % {
            "rows": checked.processed,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
    else:
        job.message = _(
            "%(rows)d rows: %(create)d new, %(update)d changed, %(unchanged)d unchanged."
        ) % {"rows": checked.processed, **counts}
    job.created_count, job.updated_count = counts["create"], counts["update"]
    year = year_note(job, table) if ledger.year_column else ""
    notes = [checked.note, year, columns_note(mapping)]
    return checked.bad_rows, " ".join(note for note in notes if note)


class _KeptRows:
    """The good rows of SQLite's check pass, kept for its write pass when the ledger's write
    checks again what depends on the database (`Ledger.write_checks_again`): each row's values
    as a tuple beside its field names, which the rows share (a tuple costs a fifth of a dict)."""

    def __init__(self) -> None:
        self._rows: deque[tuple[int, tuple[str, ...], tuple[Any, ...]]] = deque()
        self._names: dict[tuple[str, ...], tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, number: int, data: dict[str, Any]) -> None:
        names = tuple(data)
        self._rows.append((number, self._names.setdefault(names, names), tuple(data.values())))

    def rows(self, progress: Progress) -> Iterator[tuple[int, dict[str, Any]]]:
        """The rows, each given up once written (what is left of them is freed as it goes)."""
        done = 0
        while self._rows:
            number, names, values = self._rows.popleft()
            yield number, dict(zip(names, values, strict=True))
            done += 1
            progress.report(done)


def _write_in_short_transactions(
    job: ImportJob,
    ledger: Ledger,
    checked: _Checked,
    progress: Progress,
    kept: _KeptRows | None,
) -> WriteResult | None:
    """The write pass on SQLite, its rows written batch by batch: the rows `kept` by the check
    pass, or else the file read and checked again (against the database as it is now). A row
    refused now, by the check or the service, undoes what was written and counts as a bad row
    of `checked`."""
    writer = BatchWriter(ledger, job.user, journal_path=journal_path(job))
    if kept is not None:
        again = checked
        progress.start("writing", len(kept))
        try:
            result = writer.write(kept.rows(progress))
        except RowWriteError as failure:
            checked.refuse(failure)
    else:
        with XlsxReader(Path(job.stored_path)) as reader:
            table, mapping = _open_table(reader, ledger)
            again = _Checked(job, ledger, table, mapping)
            progress.start("writing", table.total_rows)
            rows = again.rows(progress)
            try:
                result = writer.write(rows)
            except RowWriteError as failure:
                again.refuse(failure)
            for _row in rows:  # check what the writer did not reach
                pass
    if not again.bad_rows:
        writer.finish()
        return result
    undone = writer.undo()  # unless the writer did when the service refused a row
    if undone.kept:
        checked.note = _(
            "%(count)d records or values that others changed during the import were left as "
            "they are."
        ) % {"count": undone.kept}
    checked.bad_rows, checked.errors = again.bad_rows, again.errors
    checked.error_count = again.error_count
    return None


def _write_error_copy(job: ImportJob, ledger: Ledger, bad_rows: dict[int, str]) -> None:
    """The uploaded sheet again, with each bad row's reasons in an extra column (streaming)."""
    with XlsxReader(Path(job.stored_path)) as reader:
        table, _mapping = _open_table(reader, ledger)
        copy = ErrorCopyWriter(
            error_copy_path(job),
            first_column=table.first_column,
            width=table.width,
            header=_("Error"),
        )
        for number, values in table.preamble:
            copy.add(number, values)
        copy.add(table.header_row, table.headers, header=True)
        for number, values in table.rows:
            copy.add(number, values, bad_rows.get(number, ""))
        copy.save()


def run_job(job: ImportJob, *, on_progress: ProgressCallback | None = None) -> ImportJob:
    """Check (and unless it is a dry run, import) the job's file; never raises for bad data."""
    ledger = get_ledger(job.ledger)
    progress = Progress(job, on_progress)
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])
    status = ImportStatus.FAILED
    try:
        bad_rows, note = _check_and_write(job, ledger, progress)
        if bad_rows:
            job.created_count = job.updated_count = 0
            _write_error_copy(job, ledger, bad_rows)
            job.message = _(
                "%(bad)d of %(rows)d rows have errors; nothing was imported. "
                "Correct them and upload the file again."
            ) % {"bad": len(bad_rows), "rows": job.processed_rows}
        elif job.processed_rows == 0:
            job.message = _("The file has no rows below the header.")
        else:
            status = ImportStatus.SUCCEEDED
        job.message = f"{job.message} {note}".strip()
    except UnreadableWorkbook:
        job.message = _("The file could not be read as an Excel workbook (.xlsx).")
    except ImportRefused as refused:
        job.message = str(refused)
    except PermissionDenied:
        job.created_count = job.updated_count = 0
        job.message = _("You may not import this ledger; nothing was imported.")
    except Exception:
        logger.exception("import job %s failed", job.pk)
        job.created_count = job.updated_count = 0
        job.message = _("The import failed unexpectedly; nothing was imported.")
    job.status = status
    job.finished_at = timezone.now()
    job.message = job.message[:500]
    job.save()
    progress.start("done", job.processed_rows)
    return job
