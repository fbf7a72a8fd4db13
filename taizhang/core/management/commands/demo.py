"""`taizhang demo`: migrate, load the demo district and every module's demo data, serve (with a
worker for the background jobs beside the server)."""

import signal
import sys
import unicodedata
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from taizhang.core import demo
from taizhang.core.management.commands._worker_process import worker_beside

DEFAULT_ADDRPORT = "127.0.0.1:8000"


def columns(text: str) -> int:
    """How many columns of a terminal `text` takes: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def padded(text: str, width: int) -> str:
    return text + " " * max(width - columns(text), 1)


def serving_address(addrport: str, port: int | None) -> str:
    """Where to serve: --addrport, with its port replaced by --port when that is given."""
    if port is None:
        return addrport
    if not 0 < port < 65536:
        raise CommandError(f"--port {port} is not a port (1 to 65535).")
    host = addrport.rpartition(":")[0] if ":" in addrport else addrport
    return f"{host or '127.0.0.1'}:{port}"


def stop_serving(signum: int, frame: Any) -> None:
    sys.exit(0)


class Command(BaseCommand):
    help = "Set up the demo district 平城区 in the default database and serve it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set up, then exit.")
        parser.add_argument("--port", type=int, help="Serve on this port of 127.0.0.1.")
        parser.add_argument(
            "--addrport", default=DEFAULT_ADDRPORT, help="Serve on this address:port."
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Start no `taizhang worker` beside the server (imports then wait for one).",
        )

    def handle(
        self,
        *args: Any,
        no_serve: bool = False,
        port: int | None = None,
        addrport: str = DEFAULT_ADDRPORT,
        no_worker: bool = False,
        **options: Any,
    ) -> None:
        address = serving_address(addrport, port)
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        demo.load_demo_district()
        modules = demo.load_module_demos()
        self.stdout.write(self.style.SUCCESS("Demo district 平城区 is ready."))
        if modules:
            self.stdout.write(f"Module demo data: {', '.join(modules)}")
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        self.stdout.write(f"Every demo account's password: {demo.DEMO_PASSWORD}")
        accounts = demo.demo_accounts()
        name_width = max([columns("User name"), *(columns(a.username) for a in accounts)]) + 2
        role_width = max([columns("Role"), *(columns(a.role) for a in accounts)]) + 2
        self.stdout.write(f"{padded('User name', name_width)}{padded('Role', role_width)}Unit")
        for account in accounts:
            self.stdout.write(
                f"{padded(account.username, name_width)}"
                f"{padded(account.role, role_width)}{account.unit}"
            )
        self.stdout.write("The district administrator is `admin`.")
        if not finders.find("vendor/htmx.min.js"):
            self.stderr.write(self.style.WARNING("Front-end packages missing: run `npm ci`."))
        if not no_serve:
            self.stdout.write(f"Serving on http://{address}/ (Ctrl-C stops it)")
            if not no_worker:
                self.stdout.write("A worker runs the imports beside it (taizhang worker).")
            # Stopped by a signal rather than Ctrl-C, leave through the `with` too, so the
            # worker stops with the server.
            stop_signals = (signal.SIGTERM, signal.SIGHUP)
            before = [signal.signal(stop_signal, stop_serving) for stop_signal in stop_signals]
            try:
                with worker_beside(enabled=not no_worker):
                    call_command("runserver", address, use_reloader=False)
            finally:
                for stop_signal, handler in zip(stop_signals, before, strict=True):
                    signal.signal(stop_signal, handler)
