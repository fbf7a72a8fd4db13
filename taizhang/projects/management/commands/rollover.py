"""`taizhang rollover --from 2022 [--commit]`: the difference a rollover (滚动接续) from a year
to the next makes, committed only with --commit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from taizhang.core.access import SYSTEM
from taizhang.projects.services import plans


class Command(BaseCommand):
    help = "Prepare next year's plan from a year's plan: show the difference, --commit to write it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="year", type=int, required=True, help="e.g. 2022")
        parser.add_argument("--commit", action="store_true", help="write the difference shown")

    def handle(self, *args: Any, year: int, commit: bool, **options: Any) -> None:
        diff = plans.rollover_preview(year)
        self.stdout.write(f"Rollover {year} → {diff.next_year}")
        sections = (
            ("continuing", diff.continuing),
            ("entering", diff.promoted),
            ("leaving", diff.dropping),
            ("already planned", diff.already),
        )
        for title, rows in sections:
            self.stdout.write(f"{title}: {len(rows)}")
            for row in rows:
                key = " key" if row.is_key else ""
                self.stdout.write(f"  {row.project_id}\t{row.name}\t{row.nature}{key}")
        if diff.target_committed:
            raise CommandError(f"The {diff.next_year} plan is committed; it cannot change.")
        if not commit:
            self.stdout.write("Nothing written. Run again with --commit to write it.")
            return
        try:
            created = plans.commit_rollover(year, by=SYSTEM, fingerprint=diff.fingerprint)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"{len(created)} projects entered the {diff.next_year} plan.")
        )
