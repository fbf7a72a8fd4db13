"""`taizhang restore FILE`: put back a backup in one transaction (see core/backup.py)."""

import tarfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from taizhang.core import backup


class Command(BaseCommand):
    help = "Restore the database and stored files from a backup made by `taizhang backup`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a database that holds data (everything in it is lost).",
        )

    def handle(self, *args: Any, file: Path, replace: bool = False, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        progress = self.stdout.write if options["verbosity"] > 1 else None
        try:
            summary = backup.restore(file, replace=replace, progress=progress)
        except (backup.BackupError, tarfile.TarError, OSError, ValueError) as error:
            reason = str(error).rstrip(".")
            raise CommandError(f"{file}: {reason}. Nothing was changed.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.total_rows} rows of {len(summary.rows)} tables and "
                f"{summary.files} files from {file}."
            )
        )
