"""`taizhang stats retirees [--on DATE] [--unit NAME] [--format json|text] [--user USERNAME]`:
living enterprise retirees, confirmations due this month and overdue, monthly visits planned
and done — in all and per community (queries.community_figures), counted in the database and
scoped like every list. A subject of the core command `taizhang stats`."""

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
from taizhang.retirees import queries
from taizhang.retirees.models import Retiree


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--on", type=datetime.date.fromisoformat, metavar="DATE", help="the day (today)"
    )
    parser.add_argument(
        "--unit", metavar="NAME", help="a unit's name or code: its retirees and those below"
    )


def figures(user: User | None, *, on: datetime.date, unit: Unit | None = None) -> dict[str, Any]:
    retirees = Retiree.objects.all() if user is None else Retiree.objects.for_user(user)
    if unit is not None:
        retirees = retirees.filter(person__unit__path__startswith=unit.path)
    communities = queries.community_figures(retirees, on)
    return {"on": on.isoformat(), **queries.totals(communities), "communities": communities}


def text(stats: Mapping[str, Any]) -> str:
    lines = [
        _(
            "On %(on)s: %(retirees)d enterprise retirees under community management; "
            "%(due)d confirmations due this month, %(overdue)d overdue; "
            "%(visits_done)d of %(visits_planned)d monthly visits done."
        )
        % stats
    ]
    for row in stats["communities"]:
        lines.append(
            _(
                "%(unit)s: %(retirees)d retirees, %(due)d due, %(overdue)d overdue, "
                "visits %(visits_done)d/%(visits_planned)d"
            )
            % row
        )
    return "\n".join(lines)


def run(options: Mapping[str, Any], user: User | None) -> str:
    unit = None
    if options.get("unit"):
        found = Unit.objects.called(options["unit"])
        if len(found) != 1:
            raise CommandError(
                _("No single unit is called %(name)s (--unit).") % {"name": options["unit"]}
            )
        unit = found[0]
    stats = figures(user, on=options.get("on") or clock.today(), unit=unit)
    if options.get("format") == "text":
        return text(stats)
    return json.dumps(stats, ensure_ascii=False, indent=2)


SUBJECT = StatsSubject(
    key="retirees",
    help=gettext_lazy("enterprise retirees, confirmations due and overdue, monthly visits"),
    add_arguments=add_arguments,
    run=run,
)
