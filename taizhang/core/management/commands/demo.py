"""`taizhang demo`: migrate, load the demo district and every module's demo data, serve."""

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand

from taizhang.core import demo


class Command(BaseCommand):
    help = "Set up the demo district 平城区 in the default database and serve it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set up, then exit.")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args: Any, no_serve: bool = False, addrport: str = "", **options: Any):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        accounts = demo.load_demo_district()
        modules = demo.load_module_demos()
        self.stdout.write(self.style.SUCCESS("Demo district 平城区 is ready."))
        if modules:
            self.stdout.write(f"Module demo data: {', '.join(modules)}")
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        self.stdout.write(f"Every demo account's password: {demo.DEMO_PASSWORD}")
        self.stdout.write(f"{'User name':<20}{'Role':<24}Unit")
        for account in accounts:
            self.stdout.write(f"{account.username:<20}{account.role:<24}{account.unit}")
        self.stdout.write("The district administrator is `admin`.")
        if not finders.find("vendor/htmx.min.js"):
            self.stderr.write(self.style.WARNING("Front-end packages missing: run `npm ci`."))
        if not no_serve:
            self.stdout.write(f"Serving on http://{addrport}/ (Ctrl-C stops it)")
            call_command("runserver", addrport, use_reloader=False)
