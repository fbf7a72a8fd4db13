"""The public pages of the Double Hundred, for anyone: the index of the showcase (巡礼), every
published entry with its title, its organisation or project and the unit, and the public notice
(公示) of a year's demonstration organisations while it runs. No person is named here (an
entry's own page shows the names its organisation publishes)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from taizhang.core.requests import AuthedRequest
from taizhang.lib import clock
from taizhang.party.models import (
    Candidate,
    CandidateStatus,
    PublicNotice,
    Rubric,
    Score,
    ShowcaseEntry,
)


def running_notices() -> list[PublicNotice]:
    """The public notices up today, newest year first."""
    today = clock.today()
    return list(
        PublicNotice.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("-year")
    )


@login_not_required
def showcase_index(request: AuthedRequest) -> HttpResponse:
    entries = (
        ShowcaseEntry.objects.filter(is_published=True)
        .select_related("unit", "org", "project")
        .order_by("-pk")
    )
    return render(
        request,
        "party/showcase_index.html",
        {"entries": entries, "notices": running_notices()},
    )


@login_not_required
@require_GET
def public_notice(request: AuthedRequest, year: int) -> HttpResponse:
    """The year's list of demonstration organisations under public notice (公示), for anyone
    and only while the notice runs: each organisation's name and unit, its total and its
    points by item of the rubric (not the evidence, not who gave them), the period and how to
    object. No member, secretary or assessor is named."""
    notice = PublicNotice.objects.filter(year=year).first()
    if notice is None or not notice.is_running(clock.today()):
        raise Http404
    candidates = list(
        Candidate.objects.filter(year=year, status=CandidateStatus.PUBLICISED)
        .select_related("org__unit")
        .order_by("-total", "org__name", "pk")
    )
    points: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for candidate_id, item_id, given in Score.objects.filter(candidate__in=candidates).values_list(
        "candidate_id", "item_id", "points"
    ):
        points[candidate_id][item_id] = given
    rubric = Rubric.objects.filter(year=year).first()
    items = list(rubric.items.order_by("order", "pk")) if rubric else []
    rows = [
        {
            "candidate": candidate,
            "points": [(item, points[candidate.pk].get(item.pk)) for item in items],
        }
        for candidate in candidates
    ]
    return render(
        request,
        "party/public_notice.html",
        {"notice": notice, "rubric": rubric, "items": items, "rows": rows},
    )


urlpatterns: list[URLPattern] = [
    path("showcase/", showcase_index, name="party-showcase-index"),
    path("showcase/notices/<int:year>/", public_notice, name="party-public-notice"),
]
