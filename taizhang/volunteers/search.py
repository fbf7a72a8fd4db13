"""The volunteer module's part of the global search (全局搜索): recruitment campaigns by title
or purpose, letter campaigns by title and volunteers by volunteer number, scoped to what the
user may read. Volunteers by name are found as residents, through the registry's search."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from taizhang.core.modules import SearchGroup, SearchHit
from taizhang.core.search import group_of
from taizhang.volunteers.models import Campaign, LetterCampaign, Volunteer


def search(user: Any, query: str, limit: int) -> list[SearchGroup]:
    campaigns = (
        Campaign.objects.for_user(user)
        .filter(Q(title__icontains=query) | Q(purpose__icontains=query))
        .select_related("unit")
        .order_by("-starts_on", "-pk")
    )
    letters = (
        LetterCampaign.objects.for_user(user)
        .filter(title__icontains=query)
        .select_related("unit")
        .order_by("-starts_on", "-pk")
    )
    volunteers = (
        Volunteer.objects.for_user(user)
        .filter(number__icontains=query)
        .select_related("person__unit")
        .order_by("number")
    )
    return [
        group_of(
            gettext_lazy("Volunteer campaigns"),
            campaigns,
            limit,
            lambda c: SearchHit(c.title, c.get_absolute_url(), f"{c.unit.name} · {c.starts_on}"),
        ),
        group_of(
            gettext_lazy("Responsibility letters"),
            letters,
            limit,
            lambda c: SearchHit(c.title, c.get_absolute_url(), f"{c.unit.name} · {c.starts_on}"),
        ),
        group_of(
            gettext_lazy("Volunteers"),
            volunteers,
            limit,
            lambda v: SearchHit(
                f"{v.number} {v.person.name}", v.get_absolute_url(), v.person.unit.name
            ),
        ),
    ]
