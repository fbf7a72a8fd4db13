"""What one request of the load mix costs in the server, without load: each page's median time
and queries as a district user and as a village officer, then a profile of the whole mix (the
functions with the most time of their own and with the most in all), so the page-rendering and
caching work of issue 18 can be checked against it.

    TAIZHANG_DATA_DIR=/tmp/seed python benchmarks/load/accounts.py /tmp/seed/accounts.json
    TAIZHANG_DATA_DIR=/tmp/seed python benchmarks/load/profile_pages.py [--runs 5] [--top 25]

(DATABASE_URL as for accounts.py, for PostgreSQL.) Requests go through Django's test client
in this process: no server, no network, so the figures are the application's own cost.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PAGES = {
    "home": "/",
    "project list, filtered": "/projects/?category=industry",
    "project": None,  # the first project the user sees
    "bulletin 2022": "/projects/bulletin/?year=2022",
    "dashboard": "/projects/dashboard/?year=2022",
    "dashboard data": "/projects/dashboard/data.json?year=2022",
    "supervision list": "/supervision/",
    "case list": "/rectification/",
    "API projects": "/api/v1/projects?page=2",
    "API supervision items": "/api/v1/supervision/items",
    "API cases": "/api/v1/rectification/cases",
    "API units": "/api/v1/units",
    "trivial: /api/v1/health": "/api/v1/health",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--users", default="office,xiwangzhuang")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taizhang.settings")
    os.environ.setdefault("TAIZHANG_SECRET_KEY", "profile-pages-" + "x" * 40)
    from benchmarks.pages import print_pages, time_pages
    from benchmarks.projects_bench import setup_django

    setup_django()
    from django.conf import settings
    from django.test import Client

    from taizhang.core.models import User
    from taizhang.projects.models import Project

    settings.ALLOWED_HOSTS = ["testserver"]
    usernames = options.users.split(",")
    pages = dict(PAGES)
    first = Project.objects.for_user(User.objects.get(username=usernames[0])).order_by("pk")
    pages["project"] = f"/projects/{first.values_list('pk', flat=True).first()}/"
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print_pages(time_pages(usernames, pages))

    client = Client()
    client.force_login(User.objects.get(username=usernames[0]))
    for url in pages.values():
        client.get(url)  # warm
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(options.runs):
        for url in pages.values():
            client.get(url)
    profile.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats(order).print_stats(options.top)
        print(f"-- the mix as {usernames[0]}, {options.runs} times, by {order}")
        print(out.getvalue().split("\n", 6)[-1])


if __name__ == "__main__":
    main()
