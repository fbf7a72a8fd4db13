"""Walks every URL pattern (pages and API routes) as a given client and reports leaks.

A *foreign* record belongs to a unit the walking user must not see. Its text fields carry a
canary string; the walker fills every URL parameter with each foreign record's identity, sends
GET, POST, PATCH, PUT and DELETE, and reports any response that shows the canary (or the foreign
unit's name or code) and any request after which the foreign records changed.

Whether the foreign records changed is asked of the fingerprint only after a request that wrote
to the database at all: the database's own count of rows written in this connection (SQLite's
total_changes(), PostgreSQL's per-transaction table statistics, which also count COPY and rows
of rolled-back savepoints) tells, whatever the status code, in one query. Most requests write
nothing (405, 404, a form error), and the fingerprint, one query per model, was most of the
walk's time.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import re
import zipfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from django.db import connection, models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
METHODS = ("get", "post", "patch", "put", "delete")
# The ledgers' URL names take these values for a `name`/`ledger` parameter.
EXTRA_STRING_VALUES: list[str] = []
# Query strings to send besides the bare URL, by route ("/search/": ["q=..."]): searches and
# filters that only show records when asked.
QUERY_STRINGS: dict[str, list[str]] = {}


@dataclass
class Leak:
    method: str
    url: str
    why: str
    # The secrets the response showed (none for a changed record).
    shown: tuple[str, ...] = ()


@dataclass
class Walk:
    urls: list[str] = field(default_factory=list)
    # (url, status, Location header) of every GET, for checks of what a visitor is sent to.
    gets: list[tuple[str, int, str]] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)


def shares(count: int, urlconf: str | None = None) -> list[set[str]]:
    """Every URL pattern, dealt into `count` shares of about equal work, so that the walk runs
    as several tests that pytest-xdist spreads over its workers. A route with parameters is
    requested once per foreign record, one without once; together the shares are every route,
    each in one share."""

    def work(route: str) -> int:
        return 30 if PARAM.search(route) else 1

    loads = [0] * count
    dealt: list[set[str]] = [set() for _ in range(count)]
    for route in sorted(set(url_patterns(urlconf)), key=lambda route: (-work(route), route)):
        lightest = loads.index(min(loads))
        dealt[lightest].add(route)
        loads[lightest] += work(route)
    return dealt


def rows_written() -> int | None:
    """How many rows this connection has inserted, updated or deleted so far (only ever grows);
    None where the database cannot tell, and then every request is fingerprinted."""
    if connection.vendor == "sqlite":
        sql = "SELECT total_changes()"
    elif connection.vendor == "postgresql":
        # Counts of the current transaction (the test's), attempted rows included; NULL (ask
        # the fingerprint every time) if the server keeps no counts (track_counts off).
        sql = (
            "SELECT CASE WHEN current_setting('track_counts')::bool"
            " THEN COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) END"
            " FROM pg_stat_xact_user_tables"
        )
    else:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql)
        count = cursor.fetchone()[0]
    return None if count is None else int(count)


def url_patterns(urlconf: str | None = None) -> Iterator[str]:
    """Every URL pattern as a route string with <converter:name> parameters."""

    def walk(patterns, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    for route in walk(get_resolver(urlconf).url_patterns, ""):
        route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
        if route.startswith(("static/", "media/")) or "logout" in route:
            continue  # logging out would end the walk as an anonymous user
        yield "/" + route


def _values(name: str, converter: str | None, record: models.Model) -> list[str]:
    meta = record._meta
    if name == "app_label":
        return [meta.app_label]
    if name.startswith("model"):
        return [meta.model_name]
    values = [str(record.pk)]
    if converter not in ("int", "uuid") and name in ("name", "ledger"):
        values += EXTRA_STRING_VALUES
    return values


def fill(route: str, record: models.Model) -> list[str]:
    params = list(PARAM.finditer(route))
    queries = QUERY_STRINGS.get(route, [])
    if not params:
        return [route, *(f"{route}?{query}" for query in queries)]
    choices = [_values(m["name"], m["converter"], record) for m in params]
    return [_substitute(route, iter(combination)) for combination in itertools.product(*choices)]


def _substitute(route: str, values: Iterator[str]) -> str:
    return PARAM.sub(lambda _match: next(values), route)


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # xlsx, docx: search the XML inside
        with contextlib.suppress(zipfile.BadZipFile), zipfile.ZipFile(io.BytesIO(content)) as zf:
            content = b"".join(zf.read(name) for name in zf.namelist())
    text = content.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):  # \uXXXX escapes would hide Chinese text
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def tiny_png() -> io.BytesIO:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "probe.png"
    return buffer


def _send(client: Client, method: str, url: str):
    payload = {
        "name": "PROBE",
        "remarks": "PROBE",
        "address": "PROBE",
        "caption": "PROBE",
        "contact_person": "PROBE",
        "reason": "PROBE",
        "code": "PROBE",
    }
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, {**payload, "file": tiny_png()})
    return getattr(client, method)(url, data=payload, content_type="application/json")


def walk(
    client: Client,
    foreign: list[models.Model],
    secrets: list[str],
    fingerprint: Callable[[], object] | None,
    urlconf: str | None = None,
    methods: tuple[str, ...] = METHODS,
    routes: Collection[str] | None = None,
) -> Walk:
    """Request every URL (or those of `routes`) with every foreign record as `client`; report
    what leaked. Without a fingerprint, what the requests write is not checked."""
    result = Walk()
    state = fingerprint() if fingerprint else None
    written = rows_written() if fingerprint else None
    seen: set[str] = set()
    for route in url_patterns(urlconf):
        if routes is not None and route not in routes:
            continue
        for record in foreign:
            for url in fill(route, record):
                if url in seen:
                    continue
                seen.add(url)
                result.urls.append(url)
                for method in methods:
                    response = _send(client, method, url)
                    if method == "get":
                        result.gets.append(
                            (url, response.status_code, response.get("Location", ""))
                        )
                    text = body_text(response)
                    shown = [s for s in secrets if s in text]
                    if shown:
                        result.leaks.append(Leak(method, url, f"shows {shown}", tuple(shown)))
                    if fingerprint is None:
                        continue
                    now_written = rows_written()
                    if now_written is None or now_written != written:
                        written = now_written
                        now = fingerprint()
                        if now != state:
                            result.leaks.append(Leak(method, url, "changed a foreign record"))
                            state = now
    return result
