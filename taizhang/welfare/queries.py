"""Welfare figures for dashboards, `taizhang stats welfare` and the API (福利统计), counted in the
database: per programme, per village and per subdistrict, in a fixed number of queries whatever
the number of people, programmes and cycles.

The figures of a year: people and households enrolled at any time of the year, the yuan paid by
the year's cycles, the year's hand-outs planned (entitlements of in-kind cycles) and done, and
the enrolments whose periodic review is overdue today. Every figure is counted from the rows a
list shows with the same filters (`Enrolment`, `Entitlement`), scoped by the caller."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from taizhang.core.models import Unit
from taizhang.lib import clock
from taizhang.welfare.models import (
    Enrolment,
    EnrolmentStatus,
    Entitlement,
    PaymentStatus,
    Programme,
    ProgrammeKind,
)

# A person's household: the one enrolled (a household programme) or the one they live in.
HOUSEHOLD = Coalesce(F("household_id"), F("person__household_membership__household_id"))


@dataclass
class Figures:
    """One row of the figures: a programme, a village or a subdistrict (`key` is its id)."""

    key: int
    name: str
    unit: str = ""
    kind: str = ""
    enrolled_people: int = 0
    enrolled_households: int = 0
    paid_yuan: Decimal = Decimal("0.00")
    handouts_planned: int = 0
    handouts_done: int = 0
    reviews_overdue: int = 0

    def add(self, other: Figures) -> None:
        for name in (
            "enrolled_people",
            "enrolled_households",
            "paid_yuan",
            "handouts_planned",
            "handouts_done",
            "reviews_overdue",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Overview:
    year: int
    programmes: list[Figures] = field(default_factory=list)
    villages: list[Figures] = field(default_factory=list)
    subdistricts: list[Figures] = field(default_factory=list)
    totals: Figures = field(default_factory=lambda: Figures(0, ""))

    def as_json(self) -> dict[str, Any]:
        def plain(row: Figures) -> dict[str, Any]:
            data = asdict(row)
            data["paid_yuan"] = f"{row.paid_yuan:.2f}"
            return data

        return {
            "year": self.year,
            "programmes": [plain(row) for row in self.programmes],
            "villages": [plain(row) for row in self.villages],
            "subdistricts": [plain(row) for row in self.subdistricts],
            "totals": plain(self.totals),
        }


def enrolled_in(enrolments: QuerySet[Enrolment], year: int) -> QuerySet[Enrolment]:
    """Enrolments that held on some day of `year`."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return enrolments.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first), started_on__lte=last
    )


def of_year(entitlements: QuerySet[Entitlement], year: int) -> QuerySet[Entitlement]:
    return entitlements.filter(cycle__period__year=year)


def _enrolment_counts(enrolments: QuerySet[Enrolment], by: str) -> dict[int, dict[str, int]]:
    rows = (
        enrolments.order_by()
        .values(by)
        .annotate(
            people=Count("person_id", distinct=True),
            households=Count(HOUSEHOLD, distinct=True),
            alone=Count(
                "person_id",
                distinct=True,
                filter=Q(household__isnull=True, person__household_membership__isnull=True),
            ),
        )
    )
    # A person without a household counts as a household of one.
    return {
        row[by]: {"people": row["people"], "households": row["households"] + row["alone"]}
        for row in rows
    }


def _entitlement_sums(entitlements: QuerySet[Entitlement], by: str) -> dict[int, dict[str, Any]]:
    in_kind = Q(programme__kind=ProgrammeKind.IN_KIND)
    rows = (
        entitlements.order_by()
        .values(by)
        .annotate(
            paid=Sum("amount_yuan", filter=Q(payment_status=PaymentStatus.PAID)),
            planned=Count("pk", filter=in_kind),
            done=Count("pk", filter=in_kind & Q(handout__isnull=False)),
        )
    )
    return {row[by]: row for row in rows}


def _overdue_counts(enrolments: QuerySet[Enrolment], by: str, today: datetime.date) -> dict:
    rows = (
        enrolments.filter(status=EnrolmentStatus.ACTIVE, next_review_on__lt=today)
        .order_by()
        .values(by)
        .annotate(n=Count("pk"))
    )
    return {row[by]: row["n"] for row in rows}


def _rows(
    keys: Iterable[int],
    names: dict[int, Figures],
    counts: dict[int, dict[str, int]],
    sums: dict[int, dict[str, Any]],
    overdue: dict[int, int],
) -> list[Figures]:
    rows = []
    for key in keys:
        row = names[key]
        row.enrolled_people = counts.get(key, {}).get("people", 0)
        row.enrolled_households = counts.get(key, {}).get("households", 0)
        money = sums.get(key, {})
        row.paid_yuan = money.get("paid") or Decimal("0.00")
        row.handouts_planned = money.get("planned", 0)
        row.handouts_done = money.get("done", 0)
        row.reviews_overdue = overdue.get(key, 0)
        rows.append(row)
    return rows


def overview(
    enrolments: QuerySet[Enrolment],
    entitlements: QuerySet[Entitlement],
    programmes: QuerySet[Programme],
    *,
    year: int,
    today: datetime.date | None = None,
) -> Overview:
    """The year's figures of the given (already scoped and filtered) records. `programmes`
    are those to list even without a figure (the reader's own)."""
    today = today or clock.today()
    enrolments = enrolled_in(enrolments, year)
    entitlements = of_year(entitlements, year)
    result = Overview(year=year)

    by_programme = (
        _enrolment_counts(enrolments, "programme_id"),
        _entitlement_sums(entitlements, "programme_id"),
        _overdue_counts(enrolments, "programme_id", today),
    )
    ids = set().union(*by_programme) | set(programmes.values_list("pk", flat=True))
    listed = (
        Programme.objects.filter(pk__in=ids).select_related("owner").order_by("owner__path", "name")
    )
    names = {
        p.pk: Figures(p.pk, p.name, unit=p.owner.name, kind=p.get_kind_display()) for p in listed
    }
    result.programmes = _rows(names, names, *by_programme)

    by_village = (
        _enrolment_counts(enrolments, "person__unit_id"),
        _entitlement_sums(entitlements, "unit_id"),
        _overdue_counts(enrolments, "person__unit_id", today),
    )
    village_ids = set().union(*by_village)
    villages = Unit.objects.filter(pk__in=village_ids).order_by("path")
    village_rows = {v.pk: Figures(v.pk, v.name) for v in villages}
    result.villages = _rows(village_rows, village_rows, *by_village)
    # A programme counts its people; a village counts its residents who receive anything
    # (each once), so a subdistrict's figure and the total are sums of villages'.
    result.subdistricts = _by_subdistrict(list(villages), village_rows)
    for row in result.villages:
        result.totals.add(row)
    return result


def _by_subdistrict(villages: list[Unit], rows: dict[int, Figures]) -> list[Figures]:
    parent_paths = {village.path[: -Unit.steplen] for village in villages}
    parents = {unit.path: unit for unit in Unit.objects.filter(path__in=parent_paths)}
    totals: dict[str, Figures] = {}
    for village in villages:
        parent = parents.get(village.path[: -Unit.steplen])
        if parent is None:
            continue
        total = totals.setdefault(parent.path, Figures(parent.pk, parent.name))
        total.add(rows[village.pk])
    return [totals[path] for path in sorted(totals)]


def figures_by_key(rows: Iterable[Figures]) -> dict[int, Figures]:
    found: dict[int, Figures] = defaultdict(lambda: Figures(0, ""))
    found.update({row.key: row for row in rows})
    return found
