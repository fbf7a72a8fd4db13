"""The Double Hundred module's part of the global search (全局搜索): party organisations by
name and action projects by title, scoped to what the user may read."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from taizhang.core.modules import SearchGroup, SearchHit
from taizhang.core.search import group_of
from taizhang.party.models import ActionProject, PartyOrg


def search(user: Any, query: str, limit: int) -> list[SearchGroup]:
    orgs = (
        PartyOrg.objects.for_user(user)
        .filter(name__icontains=query)
        .select_related("unit")
        .order_by("unit__path", "name", "pk")
    )
    projects = (
        ActionProject.objects.for_user(user)
        .filter(title__icontains=query)
        .select_related("lead_unit")
        .order_by("-year", "title", "pk")
    )
    return [
        group_of(
            gettext_lazy("Party organisations"),
            orgs,
            limit,
            lambda o: SearchHit(o.name, o.get_absolute_url(), o.unit.name),
        ),
        group_of(
            gettext_lazy("Action projects"),
            projects,
            limit,
            lambda p: SearchHit(p.title, p.get_absolute_url(), f"{p.lead_unit.name} · {p.year}"),
        ),
    ]
