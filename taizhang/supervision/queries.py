"""Reads of supervision that feed pages, dashboards and warnings: traffic lights in the
database, overdue assignments, the department scorecard and the items about a record."""

from __future__ import annotations

import datetime
import statistics
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from taizhang.lib import clock
from taizhang.supervision import flows
from taizhang.supervision.models import Assignment, SupervisionItem


def yellow_days(flow: flows.Flow | None = None) -> int:
    """Days before a deadline from which an open assignment shows yellow."""
    if flow is not None and flow.yellow_days is not None:
        return flow.yellow_days
    return int(getattr(settings, "TAIZHANG_SUPERVISION_YELLOW_DAYS", flows.DEFAULT_YELLOW_DAYS))


def light_condition(light: str, today: datetime.date | None = None, prefix: str = "") -> Q:
    """Q on Assignment (or on a relation to it, with `prefix` such as "assignments__") that
    holds when the assignment shows `light` today."""
    today = today or clock.today()

    def q(**lookups: Any) -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    if light == flows.Light.RED:
        return q(is_open=True, deadline__lt=today)
    if light == flows.Light.NONE:
        return q(is_open=False)
    condition = Q()
    for flow in flows.FLOWS.values():
        limit = today + datetime.timedelta(days=yellow_days(flow))
        window = (
            q(deadline__gte=today, deadline__lte=limit)
            if light == flows.Light.YELLOW
            else q(deadline__gt=limit)
        )
        condition |= q(item__flow=flow.code, is_open=True) & window
    return condition


def items_with_light(
    items: models.QuerySet[SupervisionItem], light: str, today: datetime.date | None = None
) -> models.QuerySet[SupervisionItem]:
    """Items whose worst open assignment shows `light` (red beats yellow beats green)."""

    def having(colour: str) -> Exists:
        return Exists(
            Assignment.objects.filter(light_condition(colour, today), item=OuterRef("pk"))
        )

    red, yellow, green = (having(c) for c in flows.LIGHT_ORDER[:3])
    if light == flows.Light.RED:
        return items.filter(red)
    if light == flows.Light.YELLOW:
        return items.filter(yellow).exclude(red)
    if light == flows.Light.GREEN:
        return items.filter(green).exclude(red).exclude(yellow)
    return items.exclude(Exists(Assignment.objects.filter(is_open=True, item=OuterRef("pk"))))


def worst_light(assignments: list[Assignment], today: datetime.date | None = None) -> flows.Light:
    lights = {assignment.light(today) for assignment in assignments}
    return next((light for light in flows.LIGHT_ORDER if light in lights), flows.Light.NONE)


def with_assignments(items: models.QuerySet[SupervisionItem]) -> models.QuerySet:
    """Items with their supervising unit and assignments (and units) in two more queries."""
    return items.select_related("supervisor_unit").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit").order_by("pk"))
    )


def items_for(record: models.Model, user: Any) -> models.QuerySet[SupervisionItem]:
    """The supervision items about `record` that `user` may see, for its detail page."""
    return with_assignments(SupervisionItem.objects.for_user(user).about(record))


def overdue_count_of(model: type[models.Model], pk_ref: OuterRef, today: Any = None) -> Coalesce:
    """The open assignments past their deadline whose item is about the record of `model` that
    `pk_ref` names, as an SQL expression, so that a list can filter and order by it (the
    project warnings). Not scoped: the caller has chosen the records the user may see."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    counted = (
        Assignment.objects.overdue(today)
        .filter(item__content_type=content_type, item__object_id=Cast(pk_ref, models.CharField()))
        .order_by()
        .values("item__content_type")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def scorecard(
    assignments: models.QuerySet[Assignment], today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Per assigned unit: open, overdue, closed, total and the median days from assignment to
    closing (办结). Counts in SQL; the median from the closed durations."""
    today = today or clock.today()
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in assignments.order_by()
        .values("unit_id", "unit__name")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(is_open=True)),
            overdue=Count("pk", filter=Q(is_open=True, deadline__lt=today)),
            closed=Count("pk", filter=Q(closed_at__isnull=False)),
        )
        .order_by("unit__name", "unit_id")
    ]
    durations: dict[int, list[int]] = {}
    closed = assignments.filter(closed_at__isnull=False).order_by()
    for unit_id, assigned_at, closed_at in closed.values_list("unit_id", "created_at", "closed_at"):
        if closed_at is not None:  # always: filtered above
            days = (_local_date(closed_at) - _local_date(assigned_at)).days
            durations.setdefault(unit_id, []).append(days)
    for row in rows:
        unit_days = durations.get(row["unit_id"])
        row["median_days"] = statistics.median(unit_days) if unit_days else None
    return rows
