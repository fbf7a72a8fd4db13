"""`taizhang backup FILE`: every table and stored file in one archive (see core/backup.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from taizhang.core import backup


class Command(BaseCommand):
    help = "Write the database and every stored file to FILE (.tar, or .tar.gz to compress)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-files", action="store_true", help="The database only.")

    def handle(self, *args: Any, file: Path, no_files: bool = False, **options: Any) -> None:
        if file.exists():
            raise CommandError(f"{file} exists already; choose a new file name.")
        progress = self.stdout.write if options["verbosity"] > 1 else None
        try:
            summary = backup.backup(file, files=not no_files, progress=progress)
        except (backup.BackupError, OSError) as error:
            file.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.total_rows} rows of {len(summary.rows)} tables and "
                f"{summary.files} files to {file}."
            )
        )
