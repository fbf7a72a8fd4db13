"""The load benchmark (issue 18), in one command: for each database and each number of users, a
fresh database (migrated and seeded by accounts.py), `taizhang serve` on a free port, locust
headless with locustfile.py's mix; then a table of p50 / p95 / p99 per page, the trivial
endpoint's p95 measured in the same run, each page's p95 against it, errors, and whether the
targets hold (at 50 users: every page's p95 ≤ 3× the trivial endpoint's and ≤ 150 ms, no errors).

    .venv/bin/pip install -e ".[dev,bench]"
    .venv/bin/python benchmarks/load/run.py       # sqlite and postgresql, 10 and 50 users, 60 s
    .venv/bin/python benchmarks/load/run.py --databases sqlite --users 50 --duration 10 --warmup 10

PostgreSQL: a database `tz_load_<pid>_<n>` created at --pg-url (default
postgres://postgres@127.0.0.1:5432) and dropped afterwards. Extra options of `taizhang serve`
go after `--serve`, e.g. `--serve --workers 3 --threads 4`. Never run as a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parents[1]
TRIVIAL = "trivial: /api/v1/health"
NOT_COUNTED = "not counted"
TARGET_MS = 150
TARGET_RATIO = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def create_database(pg_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{pg_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_url}/{name}"


def drop_database(pg_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(folder: Path, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "TAIZHANG_DATA_DIR": str(folder),
        "PYTHONPATH": str(CHECKOUT),
        "DJANGO_SETTINGS_MODULE": "taizhang.settings",
        "TAIZHANG_SECRET_KEY": secrets.token_urlsafe(50),
        "TAIZHANG_ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on 127.0.0.1: no redirect to https, cookies without the Secure flag.
        "TAIZHANG_SSL_REDIRECT": "0",
        "TAIZHANG_SECURE_COOKIES": "0",
        "TAIZHANG_LOG_LEVEL": "WARNING",
    }
    env.pop("TAIZHANG_DEBUG", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"taizhang serve exited ({server.returncode}); see its log.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"taizhang serve did not answer {url} within {seconds} s.")


def number(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # N/A: no requests
        return 0.0


def read_stats(prefix: Path) -> dict[str, dict[str, float]]:
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as file:
        for row in csv.DictReader(file):
            if row["Name"] == "Aggregated" or NOT_COUNTED in row["Name"]:
                continue
            rows[row["Name"]] = {
                "count": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": number(row["50%"]),
                "p95": number(row["95%"]),
                "p99": number(row["99%"]),
            }
    return rows


def read_failures(prefix: Path) -> list[str]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, newline="") as file:
        return [
            f"{row['Occurrences']}× {row['Name']}: {row['Error']}" for row in csv.DictReader(file)
        ]


def one_run(
    database: str, users: int, options: argparse.Namespace, number: int, results: Path
) -> dict:
    """Fresh database, seed, serve, load; the parsed figures."""
    pg_name = f"tz_load_{os.getpid()}_{number}"
    with tempfile.TemporaryDirectory(prefix="tz-load-") as tmp:
        folder = Path(tmp)
        url = create_database(options.pg_url, pg_name) if database == "postgresql" else None
        env = server_env(folder, url)
        try:
            accounts = folder / "accounts.json"
            seeded = subprocess.run(
                [
                    sys.executable,
                    str(HERE / "accounts.py"),
                    str(accounts),
                    "--projects",
                    str(options.projects),
                ],
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            seed = json.loads(seeded.stdout.strip().splitlines()[-1])
            port = free_port()
            log = open(results / f"{database}-{users}-server.log", "w")  # noqa: SIM115
            server = subprocess.Popen(
                [
                    *(sys.executable, "-m", "taizhang", "serve", "--no-worker"),
                    *("--bind", f"127.0.0.1:{port}", *options.serve),
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                host = f"http://127.0.0.1:{port}"
                wait_until_up(f"{host}/api/v1/health", server)
                prefix = results / f"{database}-{users}"
                locust = subprocess.run(
                    [
                        *(sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py")),
                        *("--headless", "--host", host, "--users", str(users)),
                        *("--spawn-rate", str(options.spawn_rate), "--csv", str(prefix)),
                        *("--warmup", str(options.warmup), "--measure", str(options.duration)),
                        *("--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"),
                    ],
                    env={**env, "TAIZHANG_BENCH_ACCOUNTS": str(accounts)},
                    stdout=open(f"{prefix}-locust.log", "w"),  # noqa: SIM115
                    stderr=subprocess.STDOUT,
                    check=False,
                )
                load = os.getloadavg()
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()
                log.close()
        finally:
            if url:
                drop_database(options.pg_url, pg_name)
    return {
        "database": database,
        "users": users,
        "seed": seed,
        "locust_exit": locust.returncode,
        "load": load,
        "pages": read_stats(prefix),
        "failures": read_failures(prefix),
    }


def page_ok(name: str, row: dict, trivial: float) -> bool:
    if row["failures"]:
        return False
    return name == TRIVIAL or (row["p95"] <= TARGET_MS and row["p95"] / trivial <= TARGET_RATIO)


def report(run: dict) -> None:
    """Print one run's table, with each page's verdict at 50 users and more."""
    pages = run["pages"]
    trivial = pages.get(TRIVIAL, {}).get("p95", 0) or 1
    checked = run["users"] >= 50
    load = ", ".join(f"{value:.2f}" for value in run["load"])
    print(
        f"\n== {run['database']}, {run['users']} users ({run['seed']['projects']:,} projects; "
        f"load average at the end {load})"
    )
    print(
        f"{'page':28} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'×triv':>6}"
    )
    ok = True
    for name, row in sorted(pages.items(), key=lambda item: item[0] == TRIVIAL):
        ratio = row["p95"] / trivial
        good = page_ok(name, row, trivial)
        ok = ok and good
        mark = ("ok" if good else "MISS") if checked else ""
        print(
            f"{name:28} {row['count']:8} {row['failures']:6} {row['p50']:6.0f} {row['p95']:6.0f} "
            f"{row['p99']:6.0f} {ratio:6.1f} {mark}"
        )
    total = sum(row["count"] for row in pages.values())
    errors = sum(row["failures"] for row in pages.values())
    print(f"{'all':28} {total:8} {errors:6}   trivial p95 {trivial:.0f} ms")
    for failure in run["failures"][:10]:
        print(f"  error: {failure}")
    if checked:
        print(
            f"targets (p95 ≤ {TARGET_MS} ms and ≤ {TARGET_RATIO}× trivial, no errors): "
            + ("met" if ok else "MISSED")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--users", default="10,50")
    parser.add_argument("--duration", type=float, default=60, help="Seconds measured.")
    parser.add_argument(
        "--warmup", type=float, default=15, help="Seconds after all signed in, not measured."
    )
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--results", type=Path, help="Folder of the CSV files and logs.")
    parser.add_argument("--serve", nargs=argparse.REMAINDER, default=[])
    options = parser.parse_args()
    results = options.results or Path(tempfile.mkdtemp(prefix="tz-load-results-"))
    results.mkdir(parents=True, exist_ok=True)
    runs = []
    number = 0
    for database in options.databases.split(","):
        for users in (int(u) for u in options.users.split(",")):
            number += 1
            started = time.monotonic()
            run = one_run(database, users, options, number, results)
            run["seconds"] = time.monotonic() - started
            runs.append(run)
            report(run)
    (results / "runs.json").write_text(json.dumps(runs, indent=2))
    print(f"\nCSV files, logs and runs.json in {results}")
    passed = all(run_ok(run) for run in runs)
    sys.exit(0 if passed else 1)


def run_ok(run: dict) -> bool:
    if run["users"] < 50:
        return True
    pages = run["pages"]
    trivial = pages.get(TRIVIAL, {}).get("p95", 0) or 1
    return all(page_ok(name, row, trivial) for name, row in pages.items())


if __name__ == "__main__":
    main()
