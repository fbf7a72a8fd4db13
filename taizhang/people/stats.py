"""`taizhang stats people [--on DATE] [--unit CODE] [--format json|text] [--user USERNAME]`:
registered people by village or community, by group and by age band (ages on today or on
--on), counted in the database and scoped like every list. A subject of the core command
`taizhang stats` (core/modules.StatsSubject)."""

from __future__ import annotations

import datetime
import json
from argparse import ArgumentParser
from collections.abc import Mapping
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.models import Unit, User
from taizhang.core.modules import StatsSubject
from taizhang.lib import clock
from taizhang.people import queries
from taizhang.people.models import Person


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--on", type=datetime.date.fromisoformat, metavar="DATE", help="ages on this day"
    )
    parser.add_argument(
        "--unit", metavar="CODE", help="a unit's code: its people and those of the units below"
    )


def run(options: Mapping[str, Any], user: User | None) -> str:
    people = Person.objects.all() if user is None else Person.objects.for_user(user)
    if options.get("unit"):
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(
                _("No unit has the code %(code)s (--%(option)s).")
                % {"code": options["unit"], "option": "unit"}
            )
        people = people.filter(unit__path__startswith=unit.path)
    stats = queries.people_stats(people, on=options.get("on") or clock.today())
    if options.get("format") == "text":
        return queries.stats_text(stats)
    return json.dumps({**stats, "on": stats["on"].isoformat()}, ensure_ascii=False, indent=2)


SUBJECT = StatsSubject(
    key="people",
    help=gettext_lazy("registered people by unit, group and age band"),
    add_arguments=add_arguments,
    run=run,
)
