"""Reads that feed the lists, the workbench, the dashboard and the statistics: the monthly visit
plan and the figures per community (retirees, special lists, confirmations, visits,
activities), counted in the database."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from taizhang.lib.dates import years_before
from taizhang.people.models import GroupMembership
from taizhang.retirees.models import (
    ELDERLY_AGE,
    SPECIAL_GROUPS,
    VISITED_GROUPS,
    Retiree,
    RetireeVisit,
    month_end,
)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def visited_between(first: datetime.date, last: datetime.date) -> Exists:
    return Exists(
        RetireeVisit.objects.filter(
            retiree=OuterRef("pk"), visited_on__gte=first, visited_on__lte=last
        )
    )


def _listed_on(day: datetime.date) -> Exists:
    members = GroupMembership.objects.current(day).filter(
        group__code__in=VISITED_GROUPS, person=OuterRef("person_id")
    )
    return Exists(members)


def with_visit_state(retirees: QuerySet[Retiree], on: datetime.date) -> Any:
    """Retirees annotated with `on_list` (on a visited list on `on`), `visited` (visited in
    `on`'s month) and `visit_overdue` (on the list at the end of last month, not visited then,
    not yet this month)."""
    first = month_start(on)
    last_month_end = first - datetime.timedelta(days=1)
    last_month_start = month_start(last_month_end)
    return retirees.annotate(
        on_list=_listed_on(on),
        visited=visited_between(first, month_end(on)),
        listed_last_month=_listed_on(last_month_end),
        visited_last_month=visited_between(last_month_start, last_month_end),
    )


def visits_due(retirees: Any, on: datetime.date) -> Any:
    """Living retirees on a visited list not yet visited in `on`'s month."""
    return with_visit_state(retirees.alive(), on).filter(on_list=True, visited=False)


def visits_overdue(retirees: Any, on: datetime.date) -> Any:
    """Of those due, the ones already on a list last month and not visited then."""
    return visits_due(retirees, on).filter(listed_last_month=True, visited_last_month=False)


def community_figures(retirees: Any, on: datetime.date) -> list[dict[str, Any]]:
    """Per community (one grouped query): living retirees, confirmations due this month and
    overdue, visits planned this month (members of a visited list) and done."""
    end = month_end(on)
    rows: Any = (
        with_visit_state(retirees.alive(), on)
        .values("person__unit__code", "person__unit__name")
        .annotate(
            retirees=Count("pk"),
            due=Count("pk", filter=Q(next_due_on__gte=on, next_due_on__lte=end)),
            overdue=Count("pk", filter=Q(next_due_on__lt=on)),
            visits_planned=Count("pk", filter=Q(on_list=True)),
            visits_done=Count("pk", filter=Q(on_list=True, visited=True)),
        )
        .order_by("person__unit__code")
    )
    return [
        {
            "unit": row["person__unit__name"],
            "code": row["person__unit__code"],
            **{key: row[key] for key in FIGURES},
        }
        for row in rows
    ]


FIGURES = ("retirees", "due", "overdue", "visits_planned", "visits_done")


def totals(communities: list[dict[str, Any]]) -> dict[str, int]:
    return {key: sum(row[key] for row in communities) for key in FIGURES}


def special_list_figures(retirees: Any, on: datetime.date) -> dict[str, dict[str, int]]:
    """Per community code (one grouped query): living retirees on each special list on `on`
    (by group code) and aged 80 and over (`elderly`)."""
    annotated = retirees.alive()
    counts: dict[str, Any] = {}
    for index, code in enumerate(SPECIAL_GROUPS):
        members = GroupMembership.objects.current(on).filter(
            group__code=code, person=OuterRef("person_id")
        )
        annotated = annotated.annotate(**{f"listed_{index}": Exists(members)})
        counts[code] = Count("pk", filter=Q(**{f"listed_{index}": True}))
    counts["elderly"] = Count("pk", filter=Q(person__birth_date__lte=years_before(on, ELDERLY_AGE)))
    rows = annotated.values("person__unit__code").annotate(**counts).order_by()
    return {row.pop("person__unit__code"): row for row in rows}


def activity_figures(activities: Any, year: int) -> dict[str, dict[str, int]]:
    """Per community code (one grouped query): the activities held in `year` and the people
    they reached."""
    rows = (
        activities.filter(held_on__year=year)
        .values("unit__code")
        .annotate(activities=Count("pk"), reached=Sum("reached"))
        .order_by()
    )
    return {
        row["unit__code"]: {"activities": row["activities"], "reached": row["reached"] or 0}
        for row in rows
    }
