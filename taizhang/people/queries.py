"""Reads of the registry that feed statistics: counts by unit, by group and by age band on a
day, each one aggregate query (never a loop over people)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q

from taizhang.lib.dates import years_before
from taizhang.people.ages import AGE_BANDS, AGE_FACTS, AgeBand
from taizhang.people.models import Group, GroupMembership, PersonQuerySet


def _band_filter(band: AgeBand, on: datetime.date) -> Q:
    condition = Q(birth_date__lte=years_before(on, band.at_least))
    if band.below is not None:
        condition &= Q(birth_date__gt=years_before(on, band.below))
    return condition


def people_stats(people: PersonQuerySet, *, on: datetime.date) -> dict[str, Any]:
    """The registered people of `people` (already scoped to the reader) on a day: how many in
    all, per village or community, per group (members on that day) and per age band."""
    registered = people.registered().filter(Q(birth_date__isnull=True) | Q(birth_date__lte=on))
    bands = {
        f"band_{index}": Count("pk", filter=_band_filter(band, on))
        for index, band in enumerate((*AGE_BANDS, *AGE_FACTS))
    }
    figures = registered.aggregate(total=Count("pk"), **bands)
    by_unit = (
        registered.order_by()
        .values("unit_id", "unit__code", "unit__name", "unit__path")
        .annotate(count=Count("pk"))
        .order_by("unit__path")
    )
    members = GroupMembership.objects.current(on).filter(person__in=registered.values("pk"))
    group_counts = dict(
        members.order_by().values_list("group_id").annotate(count=Count("person_id", distinct=True))
    )
    groups = Group.objects.filter(Q(is_active=True) | Q(pk__in=list(group_counts)))
    band_rows = [
        {"key": band.key, "label": str(band.label), "count": figures[f"band_{index}"]}
        for index, band in enumerate((*AGE_BANDS, *AGE_FACTS))
    ]
    return {
        "on": on,
        "total": figures["total"],
        "by_unit": [
            {
                "id": row["unit_id"],
                "code": row["unit__code"],
                "name": row["unit__name"],
                "count": row["count"],
            }
            for row in by_unit
        ],
        "by_group": [
            {"key": group.code, "label": group.name, "count": group_counts.get(group.pk, 0)}
            for group in groups.order_by("name")
        ],
        "by_age_band": band_rows[: len(AGE_BANDS)],
        "age_facts": band_rows[len(AGE_BANDS) :],
    }


def stats_text(stats: dict[str, Any]) -> str:
    """The figures as a few lines of Chinese text (the command's --format text)."""
    on = stats["on"]
    lines = [f"截至{on.year}年{on.month}月{on.day}日，在册人员{stats['total']}人。"]
    if stats["by_unit"]:
        units = "，".join(f"{row['name']}{row['count']}人" for row in stats["by_unit"])
        lines.append(f"按村（社区）：{units}")
    counted = [row for row in stats["by_group"] if row["count"]]
    if counted:
        lines.append(
            "按人员类别：" + "，".join(f"{row['label']}{row['count']}人" for row in counted)
        )
    lines.append(
        "按年龄段："
        + "，".join(f"{row['label']}{row['count']}人" for row in stats["by_age_band"])
        + "；其中"
        + "，".join(f"{row['label']}{row['count']}人" for row in stats["age_facts"])
        + "。"
    )
    return "\n".join(lines)
