"""The load benchmark's mix (issue 18): signed-in people of several roles and scopes on the pages
they use most, API clients on the lists, and a trivial endpoint (/api/v1/health) in the same run
so that each page's time can be read against what the server, the machine and the client cost
for nothing.

    locust -f benchmarks/load/locustfile.py --headless --host http://127.0.0.1:8000 \
        --users 50 --spawn-rate 10 --csv out --warmup 15 --measure 60

run.py starts the server, seeds the accounts (TAIZHANG_BENCH_ACCOUNTS, a JSON file written by
accounts.py) and runs this. Page users sign in through the real sign-in form (GET for the CSRF
token, then POST), each with its own session; API users send their bearer token. Statistics are
reset --warmup seconds after the start, so sign-ins and the first requests of each server
process (imports, templates) are not counted. Think time: 1–3 s between requests, a person
reading a page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from typing import Any

import gevent
from locust import HttpUser, between, events, task

ACCOUNTS: dict[str, Any] = {}
PROJECT_LINK = re.compile(r'href="/projects/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FILTERS = [
    "category=industry",
    "category=infrastructure",
    "nature=new",
    "q=基准项目1",
    "ordering=-investment",
    "page=3",
]
HEALTH = "/api/v1/health"


SIGNED_IN = {"users": 0}


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    parser.add_argument(
        "--warmup", type=float, default=15, help="Seconds after all have signed in, not counted."
    )
    parser.add_argument("--measure", type=float, default=60, help="Seconds measured.")


@events.init.add_listener
def _load_accounts(environment: Any, **kwargs: Any) -> None:
    path = os.environ.get("TAIZHANG_BENCH_ACCOUNTS")
    if not path:
        raise SystemExit("Set TAIZHANG_BENCH_ACCOUNTS to the JSON file accounts.py wrote.")
    with open(path) as file:
        ACCOUNTS.update(json.load(file))
    ACCOUNTS["next_page_account"] = itertools.cycle(ACCOUNTS["page_accounts"])
    ACCOUNTS["next_api_token"] = itertools.cycle(ACCOUNTS["api_tokens"].values())


def _warm_up_then_measure(environment: Any) -> None:
    runner, options = environment.runner, environment.parsed_options
    deadline = time.monotonic() + 300
    while SIGNED_IN["users"] < options.num_users and time.monotonic() < deadline:
        gevent.sleep(0.5)
    gevent.sleep(options.warmup)
    runner.stats.reset_all()
    gevent.sleep(options.measure)
    runner.quit()


@events.test_start.add_listener
def _schedule(environment: Any, **kwargs: Any) -> None:
    if environment.runner is not None and environment.parsed_options is not None:
        gevent.spawn(_warm_up_then_measure, environment)


def expect_ok(response: Any) -> None:
    """A 200 that is not the sign-in page (a lost session redirects there) is a success."""
    if response.status_code == 0:  # no answer: the connection was reset or closed
        response.failure(f"no answer: {response.error!r}")
    elif response.status_code != 200:
        response.failure(f"status {response.status_code}")
    elif "/login/" in response.url:
        response.failure("signed out (redirected to the sign-in page)")
    else:
        response.success()


class PageUser(HttpUser):
    """A signed-in person in a browser: the work bench, the project bank (a filtered list, a
    project, the 2022 bulletin, the dashboard and its chart data), supervision and cases."""

    weight = 4
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.username = next(ACCOUNTS["next_page_account"])
        page = self.client.get("/login/", name="sign-in (not counted)")
        token = CSRF.search(page.text)
        if token is None:
            raise RuntimeError("The sign-in page has no CSRF token.")
        with self.client.post(
            "/login/",
            data={
                "username": self.username,
                "password": ACCOUNTS["password"],
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": f"{self.host}/login/"},
            name="sign-in (not counted)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/login/" in response.url:
                response.failure(f"{self.username} could not sign in")
                raise RuntimeError(f"{self.username} could not sign in")
        listing = self.client.get("/projects/", name="project list (ids, not counted)")
        self.project_ids = PROJECT_LINK.findall(listing.text) or ["1"]
        SIGNED_IN["users"] += 1

    def page(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            expect_ok(response)

    @task(10)
    def home(self) -> None:
        self.page("/", "home")

    @task(8)
    def project_list(self) -> None:
        self.page(f"/projects/?{random.choice(FILTERS)}", "project list, filtered")

    @task(6)
    def project(self) -> None:
        self.page(f"/projects/{random.choice(self.project_ids)}/", "project")

    @task(3)
    def bulletin(self) -> None:
        self.page("/projects/bulletin/?year=2022", "bulletin 2022")

    @task(4)
    def dashboard(self) -> None:
        self.page("/projects/dashboard/?year=2022", "dashboard")

    @task(4)
    def dashboard_data(self) -> None:
        self.page("/projects/dashboard/data.json?year=2022", "dashboard data")

    @task(4)
    def supervision(self) -> None:
        self.page("/supervision/", "supervision list")

    @task(4)
    def cases(self) -> None:
        self.page("/rectification/", "case list")

    @task(3)
    def health(self) -> None:
        self.page(HEALTH, "trivial: /api/v1/health")


class ApiUser(HttpUser):
    """A program reading the API's lists with its token."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {next(ACCOUNTS['next_api_token'])}"
        SIGNED_IN["users"] += 1

    def page(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            expect_ok(response)

    @task(4)
    def projects(self) -> None:
        self.page("/api/v1/projects?page=2", "API projects")

    @task(2)
    def supervision(self) -> None:
        self.page("/api/v1/supervision/items", "API supervision items")

    @task(2)
    def cases(self) -> None:
        self.page("/api/v1/rectification/cases", "API cases")

    @task(1)
    def units(self) -> None:
        self.page("/api/v1/units", "API units")

    @task(1)
    def health(self) -> None:
        self.page(HEALTH, "trivial: /api/v1/health")
