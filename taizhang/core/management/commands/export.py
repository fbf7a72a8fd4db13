"""`taizhang export <ledger> FILE.xlsx [--user USERNAME] [--filter key=value ...]`: the list
page's export, with the same filters and the same scope as the user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils.translation import gettext as _

from taizhang.core import exports
from taizhang.core.management.commands._excel import command_user, ledger_named
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
            exports.check_export_size(queryset)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        count = write_xlsx(
            options["file"],
            ledger.headers(),
            ledger.export_rows(queryset, user),
            sheet_title=str(ledger.title),
            widths=[column.width for column in ledger.columns],
        )
        self.stdout.write(
            _("%(count)d rows written to %(path)s.") % {"count": count, "path": options["file"]}
        )
