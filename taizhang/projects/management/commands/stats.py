"""`taizhang stats projects --year Y [--month M] [--format json|text] [--subdistrict CODE]
[--category ...] [--user USERNAME]`: the project bank's statistics, as JSON (the API's keys) or
as the Chinese bulletin. All data by default; with --user, what that user sees."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from taizhang.core.models import Unit
from taizhang.projects import bulletin, queries
from taizhang.projects.models import Category, Nature


class Command(BaseCommand):
    help = "Statistics of the project bank for a year, as JSON or as the Chinese bulletin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subject", choices=["projects"], help="what to count: projects")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, help="up to this month (1-12)")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--subdistrict", metavar="CODE", help="a subdistrict's unit code")
        parser.add_argument("--unit", metavar="CODE", help="a responsible unit's code")
        parser.add_argument("--department", metavar="CODE", help="a lead department's code")
        parser.add_argument("--category", choices=Category.values)
        parser.add_argument("--nature", choices=Nature.values)
        parser.add_argument("--key", action="store_true", help="key projects only")
        parser.add_argument("--user", help="count what this user sees (default: everything)")
        parser.add_argument(
            "--details", action="store_true", help="text: add starts and year-on-year"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        params: dict[str, str] = {}
        for name in ("subdistrict", "unit", "department"):
            if options[name]:
                unit = Unit.objects.filter(code=options[name]).first()
                if unit is None:
                    raise CommandError(
                        _("No unit has the code %(code)s (--%(option)s).")
                        % {"code": options[name], "option": name}
                    )
                params[name] = str(unit.pk)
        for name in ("category", "nature"):
            if options[name]:
                params[name] = options[name]
        if options["key"]:
            params["is_key"] = "true"
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user %(name)s.") % {"name": options["user"]})
        try:
            stats = queries.year_stats(
                year=options["year"], month=options["month"], params=params, user=user
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["format"] == "text":
            # The year's paragraph alone, as the seed prints it; the monthly sentence when a
            # month is asked for.
            progress = options["month"] is not None or options["details"]
            self.stdout.write(
                bulletin.bulletin_text(stats, details=options["details"], progress=progress)
            )
        else:
            self.stdout.write(json.dumps(queries.as_json(stats), ensure_ascii=False, indent=2))
