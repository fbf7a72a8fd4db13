"""`taizhang audit export FILE [--since DATE] [--until DATE]` writes the audit trail as xlsx;
`taizhang audit purge --before DATE` deletes entries older than the retention period only."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from taizhang.core.access import SYSTEM
from taizhang.core.models import AuditEntry
from taizhang.security import audit_trail


def _day(text: str | None):
    try:
        return audit_trail.parse_day(text) if text else None
    except ValidationError as error:
        raise CommandError(error.messages[0]) from error


class Command(BaseCommand):
    help = "Export the audit trail (xlsx) or purge entries older than the retention period."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write the audit trail to FILE (.xlsx).")
        export.add_argument("file")
        export.add_argument("--since", help="first day, YYYY-MM-DD")
        export.add_argument("--until", help="last day, YYYY-MM-DD")
        purge = sub.add_parser("purge", help="Delete entries from before DATE (≥ retention).")
        purge.add_argument("--before", required=True, help="YYYY-MM-DD")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "export":
            entries = audit_trail.between(
                AuditEntry.objects.all(), _day(options["since"]), _day(options["until"])
            )
            try:
                count = audit_trail.write_export(options["file"], entries)
            except OSError as error:
                raise CommandError(f"Cannot write {options['file']}: {error}") from error
            self.stdout.write(f"Exported {count} audit entries to {options['file']}.")
            return
        try:
            count = audit_trail.purge_before(_day(options["before"]), by=SYSTEM)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        self.stdout.write(f"Purged {count} audit entries from before {options['before']}.")
