"""`taizhang supervision escalate [--dry-run]`: raise the escalation level of overdue open
assignments (督办升级). Run daily; running it twice the same day changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from taizhang.supervision.chores import escalate


class Command(BaseCommand):
    help = "Supervision (督办) chores: escalate overdue assignments."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        escalate = sub.add_parser(
            "escalate", help="Record an escalation on each overdue assignment whose level rises."
        )
        escalate.add_argument(
            "--dry-run", action="store_true", help="Show what would rise; change nothing."
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        rising = escalate(options["dry_run"])
        verb = "would rise" if options["dry_run"] else "escalated"
        for line in rising:
            self.stdout.write(line)
        self.stdout.write(f"{len(rising)} assignment(s) {verb}.")
