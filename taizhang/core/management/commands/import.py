"""`taizhang import <ledger> FILE.xlsx [--dry-run] [--user USERNAME] [--year Y]`: the page's
import, inline.

Exits non-zero and lists the bad rows ("第N行 [列名] reason") when the file is refused; a file
it cannot use (none there, not an xlsx, unreadable, no header or no rows, required columns
missing) or a bad option is named with the reason, never with a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from taizhang.core import imports, jobs
from taizhang.core.management.commands._excel import command_user, ledger_named
from taizhang.core.models import ImportStatus


class Command(BaseCommand):
    help = "Check or import an Excel (.xlsx) ledger file; all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ledger", help="ledger name, e.g. units")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--user", help="act as this user (default: a district admin)")
        parser.add_argument(
            "--year",
            type=int,
            help="year of rows that give none (wins over a year in the sheet's title)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ledger = ledger_named(options["ledger"])
        user = command_user(options["user"])
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(_("%(file)s: no such file.") % {"file": path})
        if not path.is_file():
            raise CommandError(_("%(file)s: not a file.") % {"file": path})
        try:
            with path.open("rb") as upload:
                job = imports.create_job(
                    ledger=ledger,
                    by=user,
                    upload=upload,
                    file_name=path.name,
                    dry_run=options["dry_run"],
                    year=options["year"],
                )
        except OSError as error:
            reason = error.strerror or str(error)
            raise CommandError(f"{path}: {reason}") from error
        except PermissionDenied:
            raise CommandError(
                _("%(user)s may not import %(ledger)s.") % {"user": user, "ledger": ledger.name}
            ) from None
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}") from error

        bar = tqdm(total=0, unit=_("rows"), file=self.stderr._out, disable=None, leave=False)

        shown = {"phase": ""}  # a disabled bar (no terminal) keeps no description

        def show(processed: int, total: int, phase: str) -> None:
            if bar.total != total or shown["phase"] != phase:
                shown["phase"] = phase
                bar.reset(total=total)
                bar.set_description(phase)
            bar.n = processed
            bar.refresh()

        try:
            with jobs.heartbeat(job):  # a long import here is not taken for a dead one
                job = imports.run_job(job, on_progress=show)
        finally:
            bar.close()
        self.stdout.write(job.message)
        for row_error in job.errors:
            self.stdout.write(
                _("Row %(row)s [%(column)s] %(message)s")
                % {
                    "row": row_error["row"],
                    "column": row_error["column"],
                    "message": row_error["message"],
                }
            )
        if job.error_count > len(job.errors):
            self.stdout.write(
                _("… and %(more)d more errors.") % {"more": job.error_count - len(job.errors)}
            )
        copy = imports.error_copy_path(job)
        if copy.exists():
            self.stdout.write(_("File with an error column: %(path)s") % {"path": copy})
        if job.status != ImportStatus.SUCCEEDED:
            raise CommandError(
                _("%(file)s was refused; nothing was imported. %(reason)s")
                % {"file": path, "reason": job.message}
            )
