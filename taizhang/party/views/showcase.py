"""The public index of the showcase (巡礼): every published entry, for anyone, with its title,
its organisation or project and the unit; no person is named here (an entry's own page shows
the names its organisation publishes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from taizhang.core.requests import AuthedRequest
from taizhang.party.models import ShowcaseEntry


@login_not_required
def showcase_index(request: AuthedRequest) -> HttpResponse:
    entries = (
        ShowcaseEntry.objects.filter(is_published=True)
        .select_related("unit", "org", "project")
        .order_by("-pk")
    )
    return render(request, "party/showcase_index.html", {"entries": entries})


urlpatterns: list[URLPattern] = [
    path("showcase/", showcase_index, name="party-showcase-index"),
]
