"""`taizhang stats welfare [--year Y] [--unit NAME] [--format json|text] [--user USERNAME]`:
per programme its name, owner unit, people and households enrolled in the year, yuan paid and
hand-outs planned and done (queries.overview), scoped like every list. A subject of the core
command `taizhang stats` (core/modules.StatsSubject)."""

from __future__ import annotations

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
from taizhang.welfare import queries
from taizhang.welfare.models import Enrolment, Entitlement, Programme


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--year", type=int, help="the year (this year by default)")
    parser.add_argument(
        "--unit", metavar="NAME", help="a unit's name or code: its residents and those below"
    )


def unit_called(text: str) -> Unit:
    found = Unit.objects.called(text)
    if len(found) != 1:
        message = (
            _("No unit is called %(name)s (--unit).")
            if not found
            else _("More than one unit is called %(name)s; give its code (--unit).")
        )
        raise CommandError(message % {"name": text})
    return found[0]


def overview_for(user: User | None, *, year: int, unit: Unit | None = None) -> queries.Overview:
    """The year's figures of what `user` sees (everything for None), within `unit`."""

    def scoped(model: Any) -> Any:
        records = model.objects.all()
        return records if user is None else records.for_user(user)

    enrolments, entitlements, programmes = (
        scoped(Enrolment),
        scoped(Entitlement),
        scoped(Programme),
    )
    if unit is not None:
        enrolments = enrolments.filter(person__unit__path__startswith=unit.path)
        entitlements = entitlements.filter(unit__path__startswith=unit.path)
        programmes = programmes.filter(owner__path__startswith=unit.path)
    return queries.overview(enrolments, entitlements, programmes, year=year)


def as_text(overview: queries.Overview) -> str:
    lines = [_("%(year)s welfare programmes:") % {"year": overview.year}]
    for row in overview.programmes:
        lines.append(
            _(
                "%(name)s (%(unit)s): %(people)s people in %(households)s households, "
                "%(paid)s yuan paid, %(done)s of %(planned)s hand-outs done."
            )
            % {
                "name": row.name,
                "unit": row.unit,
                "people": row.enrolled_people,
                "households": row.enrolled_households,
                "paid": f"{row.paid_yuan:.2f}",
                "done": row.handouts_done,
                "planned": row.handouts_planned,
            }
        )
    return "\n".join(lines)


def run(options: Mapping[str, Any], user: User | None) -> str:
    year = options.get("year") or clock.today().year
    unit = unit_called(options["unit"]) if options.get("unit") else None
    overview = overview_for(user, year=year, unit=unit)
    if options.get("format") == "text":
        return as_text(overview)
    data = overview.as_json()
    keys = (
        "name",
        "unit",
        "enrolled_people",
        "enrolled_households",
        "paid_yuan",
        "handouts_planned",
        "handouts_done",
        "reviews_overdue",
    )
    programmes = [{key: row[key] for key in keys} for row in data["programmes"]]
    return json.dumps({"year": year, "programmes": programmes}, ensure_ascii=False, indent=2)


SUBJECT = StatsSubject(
    key="welfare",
    help=gettext_lazy("people, households, money and hand-outs of each welfare programme"),
    add_arguments=add_arguments,
    run=run,
)
