"""Backup and restore (备份与恢复): every table and every stored file in one archive.

The archive is a tar file (gzip-compressed when its name ends in .gz or .tgz) holding
`manifest.json` (format, time, database, applied migrations, rows per table, files), one JSON
Lines file per table under `db/` (Django's serializer, with datetimes kept to the microsecond)
and the stored files under `files/` with their modification times. It works the same on SQLite
and PostgreSQL, so a backup of one restores into the other.

Restoring replaces the whole database in one transaction: nothing is half restored. It refuses
an archive from a newer version of the schema, and a database that holds data unless told to
replace it. Sessions are not kept (everyone signs in again); Excel import jobs' files are
transient and not kept either.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
BATCH = 1000
# Sessions; and the tables' data versions (core/aggregates.py), which are not data: the
# restore's writes give every table a new version, so no cached figure survives a restore.
SKIPPED_MODELS = frozenset({"sessions.session", "core.dataversion"})

Progress = Callable[[str], None]


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes to milliseconds; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _models() -> list[type[models.Model]]:
    """Every table Django manages, many-to-many tables included, in a stable order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and _label(model) not in SKIPPED_MODELS
    ]
    return sorted(found, key=_label)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    archive.addfile(info, io.BytesIO(data))


def _mode(path: Path, write: bool) -> Literal["w", "w:gz", "r", "r:gz"]:
    compressed = path.name.endswith((".gz", ".tgz"))
    return ("w:gz" if compressed else "w") if write else ("r:gz" if compressed else "r")


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of every table for the whole backup, without stopping writers:
    a read-only repeatable-read transaction on PostgreSQL; on SQLite (in WAL mode) a deferred
    transaction, since Django's own transactions there take the write lock at once. Inside a
    transaction already (a test), that transaction is the snapshot."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def backup(path: Path, *, files: bool = True, progress: Progress | None = None) -> Summary:
    """Write the archive to `path`, read in one consistent snapshot of the database."""
    summary = Summary()
    stored: list[str] = []
    with tempfile.TemporaryDirectory() as work, _snapshot():
        dumps = Path(work)
        for model in _models():
            label = _label(model)
            target = dumps / f"{label}.jsonl"
            rows = model._base_manager.order_by("pk")
            with target.open("w", encoding="utf-8") as stream:
                serializers.serialize(
                    "jsonl", rows.iterator(chunk_size=BATCH), stream=stream, cls=ExactJSONEncoder
                )
            summary.rows[label] = rows.count()
            for file_field in _file_fields(model) if files else ():
                names = rows.exclude(**{file_field.name: ""}).values_list(
                    file_field.name, flat=True
                )
                stored.extend(name for name in names if name)
            if progress:
                progress(f"{label}: {summary.rows[label]}")
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "rows": summary.rows,
            "files": sorted(set(stored)),
        }
        now = timezone.now().timestamp()
        with tarfile.open(path, _mode(path, write=True), format=tarfile.PAX_FORMAT) as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add_bytes(archive, "manifest.json", data, now)
            for model in _models():
                label = _label(model)
                archive.add(dumps / f"{label}.jsonl", arcname=f"db/{label}.jsonl")
            for name in manifest["files"]:
                _add_stored_file(archive, name)
                summary.files += 1
    return summary


def _add_stored_file(archive: tarfile.TarFile, name: str) -> None:
    if not default_storage.exists(name):
        raise BackupError(f"The stored file {name} is missing; the backup would be incomplete.")
    try:
        mtime = default_storage.get_modified_time(name).timestamp()
    except NotImplementedError:
        mtime = timezone.now().timestamp()
    with default_storage.open(name, "rb") as handle:
        info = tarfile.TarInfo(f"files/{name}")
        info.size = default_storage.size(name)
        info.mtime = mtime
        archive.addfile(info, handle)


# ---------------------------------------------------------------------------------------------
# Restore


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        member = None
    if member is None:
        raise BackupError("This is not a Taizhang backup: it has no manifest.json.")
    manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')} is not supported.")
    return manifest


def _check_schema(manifest: dict[str, Any]) -> None:
    """The archive's tables must fit this database: no migration the database lacks."""
    missing = {tuple(m) for m in manifest["migrations"]} - {tuple(m) for m in _applied_migrations()}
    if missing:
        names = ", ".join(f"{app}.{name}" for app, name in sorted(missing)[:5])
        raise BackupError(
            f"The backup comes from a newer version ({names}…); upgrade Taizhang and run "
            "`taizhang migrate` first."
        )


def _holds_data() -> bool:
    from taizhang.core.models import Unit, User

    return Unit.objects.exists() or User.objects.exists()


def _objects(stream: IO[bytes]) -> Iterator[models.Model]:
    for deserialized in serializers.deserialize("jsonl", io.TextIOWrapper(stream, "utf-8")):
        yield deserialized.object  # many-to-many values come with their own tables


def _load(archive: tarfile.TarFile, model: type[models.Model]) -> int:
    member = archive.extractfile(f"db/{_label(model)}.jsonl")
    if member is None:
        return 0
    count, batch = 0, []
    for obj in _objects(member):
        batch.append(obj)
        if len(batch) == BATCH:
            model._base_manager.bulk_create(batch)
            count, batch = count + len(batch), []
    if batch:
        model._base_manager.bulk_create(batch)
        count += len(batch)
    return count


def _restore_file(archive: tarfile.TarFile, member: tarfile.TarInfo) -> None:
    name = member.name.removeprefix("files/")
    content = archive.extractfile(member)
    if content is None:
        return
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, File(content, name=os.path.basename(name)))
    if saved != name:
        raise BackupError(f"The storage renamed {name} to {saved}.")
    with contextlib.suppress(NotImplementedError):  # remote storage keeps its own times
        os.utime(default_storage.path(name), (member.mtime, member.mtime))


def restore(path: Path, *, replace: bool = False, progress: Progress | None = None) -> Summary:
    """Replace the database (and put back the stored files) from the archive at `path`."""
    summary = Summary()
    with tarfile.open(path, _mode(path, write=False)) as archive:
        manifest = read_manifest(archive)
        _check_schema(manifest)
        if _holds_data() and not replace:
            raise BackupError(
                "The database holds data. Restore into an empty database, or pass --replace "
                "to replace everything in it."
            )
        known = {_label(model): model for model in _models()}
        unknown = set(manifest["rows"]) - set(known)
        if unknown:
            raise BackupError(f"The backup has tables this version lacks: {sorted(unknown)}.")
        for member in archive.getmembers():
            if member.isfile() and member.name.startswith("files/"):
                _restore_file(archive, member)
                summary.files += 1
        with transaction.atomic():
            connection.ops.execute_sql_flush(
                sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=True)
            )
            for label in manifest["rows"]:
                summary.rows[label] = _load(archive, known[label])
                if progress:
                    progress(f"{label}: {summary.rows[label]}")
            _reset_sequences(list(known.values()))
        ContentType.objects.clear_cache()
    expected = {label: rows for label, rows in manifest["rows"].items()}
    if summary.rows != expected:
        raise BackupError(f"Restored rows differ from the manifest: {summary.rows} ≠ {expected}")
    return summary


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
