"""`taizhang export <ledger> FILE.xlsx [--user USERNAME] [--filter key=value ...]
[--full-personal-data --reason TEXT]`: the list page's export, with the same filters and the
same scope as the user; personal data masked unless `--full-personal-data` with a reason,
recorded as the system's (core/personal.py)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils.translation import gettext as _

from taizhang.core import exports
from taizhang.core.access import SYSTEM
from taizhang.core.management.commands._excel import command_user, ledger_named
from taizhang.core.models import PersonalDataAccessKind
from taizhang.lib.excel import write_xlsx


class Command(BaseCommand):
    help = "Export a ledger, filtered as on its list page, to an Excel (.xlsx) file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ledger", help="ledger name, e.g. units")
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="export what this user sees (default: a district admin)")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="a filter of the list page, e.g. kind=village; repeatable",
        )
        parser.add_argument(
            "--full-personal-data",
            action="store_true",
            help="write ID and phone numbers in full instead of masked (needs --reason; recorded)",
        )
        parser.add_argument("--reason", default="", help="why the full personal data is needed")

    def handle(self, *args: Any, **options: Any) -> None:
        ledger = ledger_named(options["ledger"])
        user = command_user(options["user"])
        params = QueryDict(mutable=True)
        for item in options["filter"]:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(
                    _("A filter is written key=value, not %(item)s.") % {"item": item}
                )
            params.appendlist(key, value)
        queryset, errors = ledger.filtered_queryset(user, params)
        if errors:
            raise CommandError(
                "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
            )
        try:
            rows = exports.check_export_size(queryset)
            in_full = (
                exports.personal_data_in_full(
                    ledger,
                    by=SYSTEM,
                    reason=options["reason"],
                    kind=PersonalDataAccessKind.CLI,
                    row_count=rows,
                )
                if options["full_personal_data"]
                else contextlib.nullcontext()
            )
            with in_full:
                count = write_xlsx(
                    options["file"],
                    ledger.headers(),
                    ledger.export_rows(queryset, user),
                    sheet_title=str(ledger.title),
                    widths=[column.width for column in ledger.columns],
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            _("%(count)d rows written to %(path)s.") % {"count": count, "path": options["file"]}
        )
