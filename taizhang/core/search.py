"""Global search (全局搜索): one box in the header, every module's records the user may read.

The query is cleaned once here (control characters dropped, spaces collapsed, at most
MAX_LENGTH characters) and handed to core's own org-unit search and to every module's search
providers (core/modules.py, SearchProvider), each scoped by `Model.objects.for_user`. SQL or
HTML in a query is plain text: the ORM parameterises it and templates escape it. A provider
that fails is logged and leaves a notice; the other groups are still shown.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import modules
from taizhang.core.isolation import read_apart
from taizhang.core.models import Unit

logger = logging.getLogger(__name__)

MAX_LENGTH = 100
PER_GROUP = 5


def clean_query(raw: Any) -> str:
    """The query as searched: trimmed, runs of spaces as one, no control characters (a NUL
    would be refused by PostgreSQL). ValidationError on the field `q` if empty or too long."""
    text = "".join(
        " " if char.isspace() else char
        for char in str(raw or "")
        if char.isspace() or unicodedata.category(char) != "Cc"
    )
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"q": [_("Type a name, code or address to search for.")]})
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {
                "q": [
                    _("Search for at most %(max)d characters; this query has %(count)d.")
                    % {"max": MAX_LENGTH, "count": len(text)}
                ]
            }
        )
    return text


def group_of(
    label: modules.Label,
    rows: QuerySet[Any],
    limit: int,
    hit: Callable[[Any], modules.SearchHit],
) -> modules.SearchGroup:
    """A provider's group of hits: the first `limit` of the ordered, scoped `rows` as hits and
    the count of them all (two queries; `rows` carries its select_related)."""
    return modules.SearchGroup(label, [hit(row) for row in rows[:limit]], rows.count())


def search_units(user: Any, query: str, limit: int) -> list[modules.SearchGroup]:
    """Org units the user may read, by name, code, other names or address."""
    units = (
        Unit.objects.for_user(user)
        .filter(
            Q(name__icontains=query)
            | Q(code__icontains=query)
            | Q(aliases__icontains=query)
            | Q(address__icontains=query)
        )
        .order_by("path")
    )
    group = group_of(
        gettext_lazy("Org units"),
        units,
        limit,
        lambda unit: modules.SearchHit(
            unit.name, unit.get_absolute_url(), " · ".join(filter(None, [unit.code, unit.address]))
        ),
    )
    return [group] if group.total else []


@dataclass
class ModuleResults:
    key: str
    label: modules.Label
    groups: list[modules.SearchGroup]

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


@dataclass
class Results:
    query: str
    modules: list[ModuleResults] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(entry.total for entry in self.modules)


def search(user: Any, raw_query: Any, *, limit: int = PER_GROUP) -> Results:
    """Every group of hits for the query, by module (core's org units first). Raises
    ValidationError for a query that `clean_query` refuses; nothing is written."""
    query = clean_query(raw_query)
    results = Results(query)
    sources: list[tuple[str, modules.Label, Any]] = [
        ("core", gettext_lazy("Org units"), search_units)
    ]
    for module in modules.modules():
        sources += [(module.key, module.label, provider) for provider in module.search]
    for key, label, provider in sources:
        try:
            with read_apart():
                groups = [group for group in provider(user, query, limit) if group.total]
        except Exception:
            logger.exception("search: a provider of %s failed", key)
            results.notices.append(
                _("%(module)s could not be searched; it has been logged.") % {"module": label}
            )
            continue
        if not groups:
            continue
        entry = next((m for m in results.modules if m.key == key), None)
        if entry is None:
            results.modules.append(ModuleResults(key, label, groups))
        else:
            entry.groups += groups
    return results
