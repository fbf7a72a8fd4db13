"""The seams through which a module (an app) plugs into the platform (模块注册).

Each app describes itself once, in its AppConfig.ready(), with `register(Module(...))`: its menu
entries, API router, demo loader, to-do providers (the workbench), search providers, alert
providers, headline tiles (a leader's workbench), the subjects of `taizhang stats`, the
aggregates it caches (core/aggregates.py) and its daily chores (`taizhang daily`). Core,
intake and the page shell read this registry and name no module. Excel ledgers, a module's
workflows and intake draft kinds have registries of their own, which the same ready() fills.
"""

from __future__ import annotations

import datetime
from argparse import ArgumentParser
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.functional import Promise

if TYPE_CHECKING:
    from taizhang.core.aggregates import Aggregate
    from taizhang.core.models import User

Label = str | Promise


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the top menu; with children, a drop-down. `visible` decides per user
    (default: whoever reads ledger records); `key` lights the entry on pages that set
    `active_nav` to it."""

    label: Label
    url_name: str
    key: str = ""
    children: tuple[MenuEntry, ...] = ()
    visible: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class TodoItem:
    """One thing a user has to do (待办), one click from the page where it is done.

    `waiting_on_others`: the user's part is done and someone else must act (shown apart).
    `level`: "red" or "yellow" for a leader's alerts."""

    module: str
    kind: str
    title: str
    url: str
    due: datetime.date | None = None
    overdue: bool = False
    detail: str = ""
    action: Label = ""
    waiting_on_others: bool = False
    level: str = ""


@dataclass
class TodoBatch:
    """The items of one kind for one user: the first ones by deadline, and counts of all
    (computed in the database, so that a batch of thousands costs a few queries).

    `url`: the list of all of them, when there are more than the items shown.
    `waiting_on_others`: the whole batch is the user's work done and waiting for someone else
    (a report submitted for approval); it is counted apart from what the user must do."""

    kind: str
    items: list[TodoItem]
    total: int
    overdue: int = 0
    due_this_week: int = 0
    url: str = ""
    waiting_on_others: bool = False


# (user, today, at most how many items per kind) → batches; a fixed number of queries each.
TodoProvider = Callable[["User", datetime.date, int], Iterable[TodoBatch]]


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    detail: str = ""


@dataclass
class SearchGroup:
    """What one provider found: a label for the group, the first hits and how many in all."""

    label: Label
    hits: list[SearchHit]
    total: int


class SearchProvider(Protocol):
    """A module's part of the global search (全局搜索): (user, query, limit) → groups.

    It starts from `Model.objects.for_user(user)` (the one scoping function) and matches the
    query, already cleaned by core (trimmed, spaces collapsed, at most 100 characters), against
    names, codes and addresses (`icontains`: the ORM parameterises it, templates escape it).
    Each group holds its first `limit` hits and the total count, in a constant number of
    queries (a count and a slice). A module that keeps ID numbers (身份证号) never matches them
    by `icontains` and never shows them whole: it matches only a query of at least 4 digits
    (or a final X) against an indexed column holding the number's last characters
    (`id_suffix = id_number[-6:]`, `db_index=True`, `id_suffix__endswith=query`), and shows
    the number masked (1402**********1234)."""

    def __call__(self, user: User, query: str, limit: int) -> Iterable[SearchGroup]: ...


@dataclass(frozen=True)
class Tile:
    """A headline figure on a leader's workbench, linking to the list behind it."""

    label: Label
    value: str
    url: str = ""
    note: str = ""
    level: str = ""


TileProvider = Callable[["User"], Iterable[Tile]]
DemoLoader = Callable[["User"], None]


@dataclass(frozen=True)
class StatsSubject:
    """A subject of the command `taizhang stats <key>` (统计). Core gives every subject
    `--format json|text` and `--user USERNAME` (count what that user sees; everything by
    default); `add_arguments` adds the subject's own options. `run(options, user)` returns the
    text to print (JSON, or the module's Chinese text) and raises CommandError for a bad
    option; it counts in the database (aggregates), scoped with `.for_user(user)` when a user
    is given."""

    key: str
    help: Label
    add_arguments: Callable[[ArgumentParser], None]
    run: Callable[[Mapping[str, Any], User | None], str]


@dataclass(frozen=True)
class Chore:
    """Work a module's rules of time ask for once a day (`taizhang daily`, from cron): what
    falls due when nobody acts, such as an escalation or a hand-over.
    `run(dry_run)` does it (or, with dry_run, only tells what it would do) and returns a line
    per thing done; running it twice the same day changes nothing. Core runs each chore in
    its own transaction, as the platform (SYSTEM)."""

    key: str
    help: Label
    run: Callable[[bool], list[str]]


@dataclass(frozen=True)
class PeopleMeasure:
    """A figure a module keeps of what persons of the registry did in a year (hours served,
    visits made …), summed over a set of persons: `measure(person_ids, year)`. Another module
    scores with it (a rubric item scored from the records) without importing the one that
    keeps it; a measure of a module not installed is simply not offered. `key` is unique over
    the platform, `unit` names what is counted ("hours")."""

    key: str
    label: Label
    unit: Label
    measure: Callable[[Collection[int], int], Decimal]


@dataclass(frozen=True)
class Module:
    """What a module adds to the platform. `key` is its app label; `todo_kinds` names every
    kind its to-do and alert providers may return (other kinds are shown as unknown and
    logged)."""

    key: str
    label: Label
    menu: tuple[MenuEntry, ...] = ()
    api_router: str = ""  # dotted path of its ninja Router: "taizhang.<app>.api.router"
    todo: tuple[TodoProvider, ...] = ()
    todo_kinds: Mapping[str, Label] = field(default_factory=dict)
    alerts: tuple[TodoProvider, ...] = ()
    search: tuple[SearchProvider, ...] = ()
    tiles: tuple[TileProvider, ...] = ()
    demo: DemoLoader | None = None
    stats: tuple[StatsSubject, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    chores: tuple[Chore, ...] = ()
    people_measures: tuple[PeopleMeasure, ...] = ()


_modules: dict[str, Module] = {}


def register(module: Module) -> Module:
    """Add a module; registering the same key again replaces it (a test may re-register)."""
    _modules[module.key] = module
    return module


def modules() -> list[Module]:
    """Every registered module, in the order of INSTALLED_APPS."""
    return list(_modules.values())


def get_module(key: str) -> Module | None:
    return _modules.get(key)


def chores() -> dict[str, Chore]:
    """The daily chores, by key, in the order of INSTALLED_APPS."""
    return {chore.key: chore for module in _modules.values() for chore in module.chores}


def stats_subjects() -> dict[str, StatsSubject]:
    """The subjects of `taizhang stats`, by key, in the order of INSTALLED_APPS."""
    return {subject.key: subject for module in _modules.values() for subject in module.stats}


def people_measures() -> dict[str, PeopleMeasure]:
    """The measures of what persons did, by key, in the order of INSTALLED_APPS."""
    return {
        measure.key: measure for module in _modules.values() for measure in module.people_measures
    }
