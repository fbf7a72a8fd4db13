"""`taizhang daily [--dry-run] [--only KEY ...]`: the chores the modules' rules of time ask for
once a day (core/modules.py `Chore`: escalations of what is overdue, hand-overs …). Run it
daily from cron; running it twice the same day changes nothing."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from taizhang.core import modules

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the modules' daily chores (what their rules of time ask for once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="tell what each chore would do; change nothing"
        )
        parser.add_argument(
            "--only", nargs="+", metavar="KEY", default=[], help="run only these chores"
        )

    def handle(self, *args: Any, dry_run: bool, only: list[str], **options: Any) -> None:
        chores = modules.chores()
        unknown = sorted(set(only) - set(chores))
        if unknown:
            raise CommandError(
                f"No chore {', '.join(unknown)}; the chores are: {', '.join(chores)}."
            )
        failed = []
        for key, chore in chores.items():
            if only and key not in only:
                continue
            try:
                # One transaction per chore: a chore that fails undoes only its own work.
                with transaction.atomic():
                    lines = chore.run(dry_run)
                    if dry_run:
                        transaction.set_rollback(True)
            except Exception as error:
                logger.exception("the daily chore %s failed", key)
                self.stderr.write(f"{key}: failed, nothing of it changed: {error}")
                failed.append(key)
                continue
            for line in lines:
                self.stdout.write(f"{key}\t{line}")
            verb = "would do" if dry_run else "did"
            self.stdout.write(f"{key}: {verb} {len(lines)}. ({chore.help})")
        if failed:
            raise CommandError(f"Chores failed: {', '.join(failed)}; the others ran.")
