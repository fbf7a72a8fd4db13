"""Aggregates cached across requests with exact invalidation (汇总缓存).

An `Aggregate` is a named function of a scope (a user) and arguments that reads some database
tables: the project bank's year statistics, the warning counts, a dashboard's figures. Modules
register theirs (`Module(aggregates=...)`: their tables get version triggers) and read them through
`cached(aggregate, user, *args)`, which keeps the result in Django's cache (Redis when
`TAIZHANG_CACHE_URL` is set, memory of the process otherwise) under a key made of:

- the aggregate's name and arguments, the language and today's date (figures that depend on the
  day, such as time progress or overdue items, change at midnight);
- `access.scope_key(user)`: who sees the same records, so a village officer never gets the
  district's figure, while every leader shares one;
- the current version of every table it reads (`DataVersion`). Database triggers give a table a
  new random version whenever any row of it is inserted, updated or deleted — by the ORM,
  `QuerySet.update`, `bulk_create`, raw SQL, an import — so a figure is never stale: the first
  read after a change misses and computes again. On SQLite row-level triggers write the version
  at once, inside the writing transaction; on PostgreSQL a statement-level trigger gives the
  writing transaction a version of its own (a transaction-local setting) and a deferred trigger
  writes the committed version at commit. Versions are random, never counters: a rolled-back
  change leaves a version that nobody else ever sees, and no key is ever reused.

A request reads the versions once (one query, `VersionsMiddleware`), however many aggregates
its page shows. When a computation reads a table its aggregate does not declare, nothing is
stored and a warning is logged (`TAIZHANG_AGGREGATES_STRICT`, on in the tests, raises instead),
so a missing declaration costs speed, never correctness.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import logging
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, models
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from taizhang.core.access import scope_key
from taizhang.lib import clock

logger = logging.getLogger(__name__)

VERSIONS_TABLE = "core_dataversion"
# Read while computing any aggregate and covered by the scope key rather than by versions:
# who the user is, their roles and unit (a user's unit or roles change → another scope key).
SCOPE_TABLES = frozenset({"core_user", "core_userrole"})
TIMEOUT_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Aggregate:
    """A cached figure: `compute(user, *args)` reads the tables of `models` (and `tables`,
    for tables without a model, such as a many-to-many's). Its result must be picklable."""

    name: str
    compute: Callable[..., Any]
    models: tuple[type[models.Model] | str, ...] = ()
    tables: tuple[str, ...] = ()

    def table_names(self) -> frozenset[str]:
        return _table_names(self.models, self.tables)


@functools.cache
def _table_names(
    model_names: tuple[type[models.Model] | str, ...], tables: tuple[str, ...]
) -> frozenset[str]:
    """Worked out once per process: a cache hit asks for them twice (its key, `note_reads`)."""
    names = set(tables)
    for model in model_names:
        model_class = apps.get_model(model) if isinstance(model, str) else model
        names.add(model_class._meta.db_table)
    return frozenset(names)


def registered() -> list[Aggregate]:
    """The aggregates the modules register (`Module(aggregates=...)`)."""
    from taizhang.core.modules import modules

    return [aggregate for module in modules() for aggregate in module.aggregates]


# Tables never versioned: logs written on every request or sign-in (audit entries, personal-data
# reads, notifications, import progress, sign-in failures), the users themselves (covered by
# the scope key) and the versions. Nothing cached may read them: what does is not cached.
UNWATCHED_TABLES = SCOPE_TABLES | {
    VERSIONS_TABLE,
    "core_apitoken",
    "core_auditentry",
    "core_importjob",
    "core_notification",
    "core_personaldataaccess",
    "core_user_groups",
    "core_user_user_permissions",
    "security_lock",
    "security_loginfailure",
    "security_passwordhistory",
}


def watched_tables() -> set[str]:
    """The tables with version triggers: those registered aggregates read, and every other
    table of the platform's own apps but the logs of UNWATCHED_TABLES, so that what a page
    reads can be cached by `cached_reads` without declaring it."""
    own = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("taizhang.")
    }
    declared = {name for aggregate in registered() for name in aggregate.table_names()}
    return declared | (own - UNWATCHED_TABLES)


# The versions read once per request (None outside a request, or in a request that writes).
_request_versions: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "aggregate_versions", default=None
)


def read_versions() -> dict[str, str]:
    """Every table's current version as this connection sees it (its own transaction's too)."""
    memo = _request_versions.get()
    if memo:
        return memo
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                'SELECT "table", version || coalesce(nullif(current_setting('
                "'taizhang.v_' || \"table\", true), ''), '') FROM core_dataversion"
            )
        else:
            cursor.execute('SELECT "table", version FROM core_dataversion')
        versions = dict(cursor.fetchall())
    if memo is not None:
        memo.update(versions)
    return versions


class VersionsMiddleware:
    """Reads the versions at most once in a GET or HEAD request, for every aggregate it shows.
    Other requests write, and must see their own changes: they read them at each use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _request_versions.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(token)


def _part(value: Any) -> str:
    """A stable text of an argument: mappings by sorted key, records by label and id."""
    if isinstance(value, Mapping):
        items = sorted((str(k), _part(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(_part(item) for item in value)) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_part(item) for item in value) + "]"
    if isinstance(value, models.Model):
        return f"{value._meta.label}:{value.pk}"
    return repr(value)


def cache_key(aggregate: Aggregate, user: Any, args: tuple[Any, ...]) -> str | None:
    """The key of `aggregate` for `user` and `args` now; None when a table it reads has no
    version yet (nothing is cached then)."""
    versions = read_versions()
    tables = sorted(aggregate.table_names())
    if any(table not in versions for table in tables):
        return None
    parts = [
        aggregate.name,
        "everything" if user is None else scope_key(user),
        _part(args),
        translation.get_language() or "",
        clock.today().isoformat(),
        *(f"{table}={versions[table]}" for table in tables),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"taizhang:aggregate:{aggregate.name}:{digest}"


def cached(aggregate: Aggregate, user: Any, *args: Any) -> Any:
    """`aggregate.compute(user, *args)`, from the cache when no table it reads has changed."""
    key = cache_key(aggregate, user, args)
    if key is not None:
        hit = cache.get(key, _MISSING)
        if hit is not _MISSING:
            note_reads(aggregate.table_names())
            return hit
    with tables_read() as read:
        value = aggregate.compute(user, *args)
    undeclared = read - aggregate.table_names() - SCOPE_TABLES
    if undeclared:
        message = f"Aggregate {aggregate.name} reads undeclared tables: {sorted(undeclared)}"
        if getattr(settings, "TAIZHANG_AGGREGATES_STRICT", False):
            raise ImproperlyConfigured(message)
        logger.warning("%s; not cached.", message)
        return value
    if key is not None:
        cache.set(key, value, TIMEOUT_SECONDS)
    return value


_MISSING = object()
# How long a user's own cached part (a workbench provider's items) may be kept: its data is
# exact (the versions), but items may depend on the hour (a shift starting, a check-in window).
PERSONAL_TIMEOUT_SECONDS = 120


def user_key(user: Any) -> str:
    """Everything about `user` that what they are shown depends on: who, their roles and
    their unit (a change of either gives another key)."""
    from taizhang.core.access import roles_of

    return f"user:{user.pk}:{','.join(sorted(roles_of(user)))}:{user.unit_id or ''}"


def cached_reads(
    name: str, compute: Callable[..., Any], user: Any, *args: Any, needs_reads: bool = False
) -> Any:
    """`compute(user, *args)` for this one user, cached with the version of every table it
    read, found while it ran (no declaration): a later call returns the stored value only if
    none of those tables has changed since (and at most PERSONAL_TIMEOUT_SECONDS later). If it
    read a table without versions (UNWATCHED_TABLES), nothing is stored; with `needs_reads`,
    nothing either when it read no table at all (its data came from elsewhere, so no version
    could tell that it changed)."""
    versions = read_versions()
    parts = [
        name,
        user_key(user),
        _part(args),
        translation.get_language() or "",
        clock.today().isoformat(),
    ]
    key = "taizhang:reads:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    hit = cache.get(key, _MISSING)
    if hit is not _MISSING:
        seen, value = hit
        if all(versions.get(table) == version for table, version in seen.items()):
            note_reads(seen)
            return value
    with tables_read() as read:
        value = compute(user, *args)
    tables = read - SCOPE_TABLES
    if needs_reads and not tables:
        logger.debug("%s read no table; not cached", name)
    elif tables <= versions.keys():
        seen = {table: versions[table] for table in tables}
        cache.set(key, (seen, value), PERSONAL_TIMEOUT_SECONDS)
    else:
        logger.debug("%s reads unversioned tables %s; not cached", name, tables - versions.keys())
    return value


_PLAIN_NAME = re.compile(r"[a-z0-9_]+")
_IDENTIFIER = re.compile(r'"([A-Za-z0-9_]+)"')


@functools.cache
def _model_tables() -> frozenset[str]:
    """Every model's table, worked out once per process (pages open `tables_read` blocks)."""
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


# The sets of every `tables_read` block open now, innermost last.
_recorders: contextvars.ContextVar[tuple[set[str], ...]] = contextvars.ContextVar(
    "aggregate_recorders", default=()
)


@contextmanager
def tables_read() -> Iterator[set[str]]:
    """The model tables named by the SQL this connection runs inside the block, and those an
    aggregate found in the cache read for it (`note_reads`)."""
    known = _model_tables()
    found: set[str] = set()

    def record(execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        found.update(name for name in _IDENTIFIER.findall(sql) if name in known)
        return execute(sql, params, many, context)

    token = _recorders.set((*_recorders.get(), found))
    try:
        with connection.execute_wrapper(record):
            yield found
    finally:
        _recorders.reset(token)


def note_reads(tables: Iterable[str]) -> None:
    """Count `tables` as read by every open `tables_read` block: a value taken from the cache
    depends on the tables it was computed from, though no query ran, so a part kept around it
    must be dropped when they change."""
    tables = frozenset(tables)
    for found in _recorders.get():
        found.update(tables)


def _sqlite_triggers(table: str) -> list[str]:
    """Row-level: SQLite has no statement-level triggers; a row costs one tiny upsert.
    Table names come from the models (checked to be plain identifiers), never from input."""
    return [
        f'CREATE TRIGGER IF NOT EXISTS "taizhang_version_{table}_{event.lower()}" '  # noqa: S608
        f'AFTER {event} ON "{table}" BEGIN '
        f'INSERT OR REPLACE INTO {VERSIONS_TABLE} ("table", version) '
        f"VALUES ('{table}', lower(hex(randomblob(16)))); END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def _postgresql_trigger(table: str) -> str:
    """Statement-level: one call per statement, however many rows (functions: migration
    core/0012_data_versions)."""
    return (
        "CREATE TRIGGER taizhang_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION taizhang_version_statement()'
    )


def install_triggers(using: str = "default", **kwargs: Any) -> None:
    """Give every watched table its version row and triggers (a post_migrate handler, so after
    every migrate and every flush)."""
    from taizhang.core.models import DataVersion

    db = connections[using]
    if db.vendor not in ("sqlite", "postgresql"):
        return
    present = set(db.introspection.table_names())
    if VERSIONS_TABLE not in present:
        return
    tables = sorted(watched_tables() & present)
    if not all(_PLAIN_NAME.fullmatch(table) for table in tables):
        raise ImproperlyConfigured(f"Table names must be plain identifiers: {tables}")
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'taizhang_version'"
            )
            existing = {row[0] for row in cursor.fetchall()}
            statements = [_postgresql_trigger(t) for t in tables if t not in existing]
        else:
            statements = [sql for table in tables for sql in _sqlite_triggers(table)]
        for sql in statements:
            cursor.execute(sql)
    DataVersion.objects.using(using).bulk_create(
        [DataVersion(table=table, version=secrets.token_hex(16)) for table in tables],
        ignore_conflicts=True,
    )
