"""The workbench (工作台): what waits for a user today, across every module.

Each module's to-do providers (core/modules.py) give batches of one kind each: the first items
by deadline and counts of all, in a fixed number of queries. The workbench merges them: groups
by module and kind, items by deadline (overdue first, then the nearest, undated last), and
counts of overdue, due this week and waiting on others. A leader (reads everything, writes
nothing) sees instead the district's red and yellow items (the modules' alerts); leaders and
district-wide writers also see each module's headline figures (tiles).

A provider that fails, or returns a kind its module did not declare, costs only its own part:
it is logged, the page shows a short notice (and the unknown kind under a generic label), and
the rest of the workbench is served (core/isolation.py: a failed query spoils nothing after it).
Each provider's part is cached for the user until a table it read changes (`cached_reads`).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import access, aggregates, modules
from taizhang.core.isolation import read_apart
from taizhang.lib import clock

logger = logging.getLogger(__name__)

PER_KIND = 8  # items shown of each kind; the counts count all
UNKNOWN_KIND = gettext_lazy("Other items")
T = TypeVar("T")


def week_end(today: datetime.date) -> datetime.date:
    """The last day (Sunday) of the week of `today`: "due this week" runs up to it."""
    return today + datetime.timedelta(days=6 - today.weekday())


def deadline_counts(
    queryset: models.QuerySet, deadline: str, today: datetime.date
) -> dict[str, int]:
    """One query: how many rows of `queryset` in all, past their `deadline` field, and due
    from today to the end of the week; for a provider's TodoBatch."""
    counts = queryset.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(**{f"{deadline}__lt": today})),
        due_this_week=Count(
            "pk", filter=Q(**{f"{deadline}__gte": today, f"{deadline}__lte": week_end(today)})
        ),
    )
    return {name: value or 0 for name, value in counts.items()}


def is_leader(user: Any) -> bool:
    """Read-only district roles: their workbench is the district's alerts and figures."""
    return access.reads_everything(user) and not access.can_write(user)


@dataclass
class Group:
    """One module's items of one kind, as the page shows them."""

    module: str
    module_label: modules.Label
    kind: str
    label: modules.Label
    items: list[modules.TodoItem]
    total: int
    overdue: int = 0
    due_this_week: int = 0
    url: str = ""
    waiting_on_others: bool = False

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)

    @property
    def first_due(self) -> datetime.date | None:
        return min((item.due for item in self.items if item.due), default=None)


@dataclass
class Counts:
    overdue: int = 0
    due_this_week: int = 0
    waiting_on_others: int = 0
    total: int = 0
    per_module: dict[str, int] = field(default_factory=dict)


@dataclass
class TileGroup:
    module: str
    label: modules.Label
    tiles: list[modules.Tile]


@dataclass
class Workbench:
    today: datetime.date
    leader: bool = False
    groups: list[Group] = field(default_factory=list)  # to do (or a leader's alerts)
    waiting: list[Group] = field(default_factory=list)  # done, waiting on others
    tiles: list[TileGroup] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    notices: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[modules.TodoItem]:
        """Every item shown, to do first, each part by deadline."""
        return sorted_items(item for group in self.groups for item in group.items) + sorted_items(
            item for group in self.waiting for item in group.items
        )


def _by_deadline(due: datetime.date | None) -> tuple[bool, datetime.date]:
    return (due is None, due or datetime.date.max)


def sorted_items(items: Iterable[modules.TodoItem]) -> list[modules.TodoItem]:
    """Overdue first (their deadlines are the earliest), then the nearest, undated last."""
    return sorted(items, key=lambda item: (*_by_deadline(item.due), item.module, item.title))


def check_filter(module: str | None, kind: str | None) -> None:
    """Refuse an unknown ?module= or ?kind= (ValidationError naming the field)."""
    known = {m.key: m for m in modules.modules()}
    if module and module not in known:
        raise ValidationError(
            {"module": [_("Unknown module “%(module)s”.") % {"module": module[:40]}]}
        )
    if kind:
        kinds = set(known[module].todo_kinds) if module else set()
        if not module:
            for entry in known.values():
                kinds |= set(entry.todo_kinds)
        if kind not in kinds:
            raise ValidationError({"kind": [_("Unknown kind “%(kind)s”.") % {"kind": kind[:40]}]})


def _safely(
    module: modules.Module, provider: Callable[..., Iterable[T]], notices: list[str], *args: Any
) -> list[T]:
    """The provider's results, cached for this user until a table it read changes; nothing
    (logged, with a notice) if it failed."""
    name = f"workbench:{module.key}:{provider.__module__}.{provider.__qualname__}"

    def compute(*given: Any) -> list[T]:
        with read_apart():
            return list(provider(*given))

    try:
        return aggregates.cached_reads(name, compute, *args)
    except Exception:
        logger.exception(
            "workbench: %s of module %s failed", getattr(provider, "__name__", provider), module.key
        )
        notice = _("Part of %(module)s could not be shown; it has been logged.") % {
            "module": module.label
        }
        if notice not in notices:
            notices.append(notice)
        return []


def _group(module: modules.Module, batch: modules.TodoBatch, notices: list[str]) -> Group:
    label = module.todo_kinds.get(batch.kind)
    if label is None:
        logger.warning("workbench: module %s returned undeclared kind %r", module.key, batch.kind)
        notice = _("%(module)s gave items of a kind it did not declare; shown as “%(label)s”.") % {
            "module": module.label,
            "label": UNKNOWN_KIND,
        }
        if notice not in notices:
            notices.append(notice)
        label = UNKNOWN_KIND
    return Group(
        module=module.key,
        module_label=module.label,
        kind=batch.kind,
        label=label,
        items=sorted_items(batch.items),
        total=batch.total,
        overdue=batch.overdue,
        due_this_week=batch.due_this_week,
        url=batch.url,
        waiting_on_others=batch.waiting_on_others,
    )


def collect(
    user: Any,
    today: datetime.date | None = None,
    *,
    limit: int = PER_KIND,
    module: str | None = None,
    kind: str | None = None,
    tiles: bool = True,
) -> Workbench:
    """The workbench of `user` for `today`, optionally narrowed to one module and one kind
    (check them first with `check_filter`)."""
    today = today or clock.today()
    bench = Workbench(today=today, leader=is_leader(user))
    writer = access.can_write(user)
    chosen = [m for m in modules.modules() if module in (None, "", m.key)]
    for entry in chosen:
        providers = entry.alerts if bench.leader else entry.todo if writer else ()
        for provider in providers:
            for batch in _safely(entry, provider, bench.notices, user, today, limit):
                if kind and batch.kind != kind:
                    continue
                group = _group(entry, batch, bench.notices)
                if group.total or group.items:
                    (bench.waiting if group.waiting_on_others else bench.groups).append(group)
        if tiles and access.reads_everything(user):
            found = [
                tile
                for provider in entry.tiles
                for tile in _safely(entry, provider, bench.notices, user)
            ]
            if found:
                bench.tiles.append(TileGroup(entry.key, entry.label, found))
    bench.groups.sort(key=lambda group: _by_deadline(group.first_due))
    bench.counts = _counts(bench)
    return bench


def _counts(bench: Workbench) -> Counts:
    counts = Counts()
    for group in bench.groups:
        counts.overdue += group.overdue
        counts.due_this_week += group.due_this_week
        counts.total += group.total
        counts.per_module[group.module] = counts.per_module.get(group.module, 0) + group.total
    counts.waiting_on_others = sum(group.total for group in bench.waiting)
    return counts
