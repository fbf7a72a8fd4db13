"""`taizhang stats projects --year Y [--month M] [--format json|text] [--subdistrict CODE]
[--category ...] [--user USERNAME]`: the project bank's statistics, as JSON (the API's keys) or
as the Chinese bulletin. All data by default; with --user, what that user sees. A subject of
the core command `taizhang stats` (core/modules.StatsSubject)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.models import Unit, User
from taizhang.core.modules import StatsSubject
from taizhang.projects import aggregates, bulletin, queries
from taizhang.projects.models import Category, Nature


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--month", type=int, help="up to this month (1-12)")
    parser.add_argument("--subdistrict", metavar="CODE", help="a subdistrict's unit code")
    parser.add_argument("--unit", metavar="CODE", help="a responsible unit's code")
    parser.add_argument("--department", metavar="CODE", help="a lead department's code")
    parser.add_argument("--category", choices=Category.values)
    parser.add_argument("--nature", choices=Nature.values)
    parser.add_argument("--key", action="store_true", help="key projects only")
    parser.add_argument("--details", action="store_true", help="text: add starts and year-on-year")


def run(options: Mapping[str, Any], user: User | None) -> str:
    params: dict[str, str] = {}
    for name in ("subdistrict", "unit", "department"):
        if options.get(name):
            unit = Unit.objects.filter(code=options[name]).first()
            if unit is None:
                raise CommandError(
                    _("No unit has the code %(code)s (--%(option)s).")
                    % {"code": options[name], "option": name}
                )
            params[name] = str(unit.pk)
    for name in ("category", "nature"):
        if options.get(name):
            params[name] = options[name]
    if options.get("key"):
        params["is_key"] = "true"
    try:
        stats = aggregates.year_stats(
            year=options["year"], month=options.get("month"), params=params, user=user
        )
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error
    if options.get("format") == "text":
        # The year's paragraph alone, as the seed prints it; the monthly sentence when a
        # month is asked for.
        details = bool(options.get("details"))
        progress = options.get("month") is not None or details
        return bulletin.bulletin_text(stats, details=details, progress=progress)
    return json.dumps(queries.as_json(stats), ensure_ascii=False, indent=2)


SUBJECT = StatsSubject(
    key="projects",
    help=gettext_lazy("the project bank's figures of a year, as JSON or the Chinese bulletin"),
    add_arguments=add_arguments,
    run=run,
)
