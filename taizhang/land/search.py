"""The land module's part of the global search (全局搜索): transfer contracts by number or by
the transferee organisation's name, and contracted parcels by code or name, scoped to what the
user may read. Transferees who are residents are found through the registry's search."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from taizhang.core.modules import SearchGroup, SearchHit
from taizhang.core.search import group_of
from taizhang.land.models import Contract, Parcel


def search(user: Any, query: str, limit: int) -> list[SearchGroup]:
    contracts = (
        Contract.objects.for_user(user)
        .filter(Q(number__icontains=query) | Q(transferee_organisation__name__icontains=query))
        .select_related("unit", "transferee_organisation")
        .order_by("-starts_on", "-pk")
    )
    parcels = (
        Parcel.objects.for_user(user)
        .filter(Q(code__icontains=query) | Q(name__icontains=query))
        .select_related("household__unit")
        .order_by("household__unit__code", "code", "pk")
    )
    return [
        group_of(
            gettext_lazy("Land transfer contracts"),
            contracts,
            limit,
            lambda c: SearchHit(
                c.number,
                c.get_absolute_url(),
                " · ".join(
                    filter(None, [c.unit.name, getattr(c.transferee_organisation, "name", "")])
                ),
            ),
        ),
        group_of(
            gettext_lazy("Contracted parcels"),
            parcels,
            limit,
            lambda p: SearchHit(str(p), p.get_absolute_url(), p.household.unit.name),
        ),
    ]
