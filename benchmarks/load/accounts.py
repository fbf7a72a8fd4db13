"""The load benchmark's data, in a scratch database: the demo district 平城区 with every
module's demo data, --projects generated projects of 2022 imported through the real import job
(with three months of approved monthly reports, so the dashboard and the bulletin have figures),
and one API token per API account. Writes a JSON file for the locustfile: who signs in through
the form (several roles and scopes), the API tokens, and the password.

    DATABASE_URL=... TAIZHANG_DATA_DIR=... python benchmarks/load/accounts.py OUT.json \
        [--projects N]

run.py calls it in a fresh database; it is never run as a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# Signed in through the form, as district and scoped users (a user may get several locust
# users, each with its own session): the district leader and programme office see everything,
# a subdistrict officer its subdistrict, a village officer its village, a department its own.
PAGE_ACCOUNTS = ["leader", "office", "xiaonantou", "xiwangzhuang", "fagaiju"]
# API clients with a bearer token: the programme office (district) and a subdistrict.
API_ACCOUNTS = ["office", "xiaonantou"]


def seed(out: Path, projects: int) -> dict:
    from benchmarks.projects_bench import setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from benchmarks.projects_bench import step_import, step_reports, write_ledger
    from taizhang.core import demo
    from taizhang.core.models import User
    from taizhang.core.tokens import create_token

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    demo.load_demo_district()
    with tempfile.TemporaryDirectory() as folder:
        xlsx = Path(folder) / "projects.xlsx"
        # Codes of their own, so they never meet the projects demo's.
        write_ledger(xlsx, projects, code="2022-140213-99-01")
        imported = step_import(str(xlsx))
    reports = step_reports(3 * imported["rows"])
    demo.load_module_demos()  # after the import: the projects demo commits the 2022 plan
    # The benches hash the demo's passwords with MD5 (fast set-up); the server signs in with
    # its real hasher, so hash the form's accounts with it now, not at their first sign-in.
    from django.contrib.auth import hashers

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()
    for user in User.objects.filter(username__in=PAGE_ACCOUNTS):
        user.set_password(demo.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    tokens = {}
    for username in API_ACCOUNTS:
        user = User.objects.get(username=username)
        tokens[username] = create_token(user, by=user, name="load benchmark")[1]
    accounts = {
        "password": demo.DEMO_PASSWORD,
        "page_accounts": PAGE_ACCOUNTS,
        "api_tokens": tokens,
    }
    out.write_text(json.dumps(accounts, indent=2))
    return {
        "projects": imported["rows"],
        "reports": reports["rows"],
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=2000)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taizhang.settings")
    print(json.dumps(seed(options.out, options.projects)))


if __name__ == "__main__":
    main()
