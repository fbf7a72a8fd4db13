"""Timing a module's pages at scale as several users, for the benchmarks of each module (issue 18:
every list, dashboard and stats command has a benchmark at DESIGN.md's scale).

`time_pages` runs in a benchmark's child process after `setup_django()`; `print_pages` prints
its result in the parent."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from io import StringIO
from typing import Any


def median_ms(function: Callable[[], Any], runs: int = 5) -> float:
    function()  # warm-up: templates, URL configuration, the API's schemas
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def time_pages(
    usernames: Iterable[str], pages: Mapping[str, str], stats: str | None = None
) -> dict[str, dict[str, dict[str, Any]]]:
    """For each user: each page's status, median milliseconds of 5 requests after a warm-up
    and the queries of one request; with `stats`, `taizhang stats <stats> --format json` as
    that user."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from taizhang.core.models import User

    result: dict[str, dict[str, dict[str, Any]]] = {}
    for username in usernames:
        client = Client()
        client.force_login(User.objects.get(username=username))
        rows: dict[str, dict[str, Any]] = {}
        for label, url in pages.items():
            status = client.get(url).status_code
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            count = len(queries.captured_queries)  # before the next request clears the log
            rows[label] = {
                "status": status,
                "ms": median_ms(partial(client.get, url)),
                "queries": count,
            }
        if stats:
            args = ["stats", stats, "--format", "json", "--user", username]
            rows[f"taizhang stats {stats}"] = {
                "status": 0,
                "ms": median_ms(lambda args=args: call_command(*args, stdout=StringIO())),
                "queries": None,
            }
        result[username] = rows
    return result


def print_pages(result: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> None:
    for username, rows in result.items():
        print(f"-- as {username} (median of 5 requests, queries of one request)")
        for label, row in rows.items():
            queries = "" if row["queries"] is None else f", {row['queries']} queries"
            print(f"{label:30} {row['ms']:7.1f} ms{queries} (status {row['status']})")
