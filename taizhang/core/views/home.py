"""The home dashboard: the user's part of the district at a glance."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from taizhang.core.models import AuditEntry, Unit, UnitKind


def home(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.for_user(request.user)
    return render(
        request,
        "core/home.html",
        {
            "unit_count": units.count(),
            "village_count": units.filter(kind__in=[UnitKind.VILLAGE, UnitKind.COMMUNITY]).count(),
            "recent_changes": AuditEntry.objects.for_user(request.user).select_related(
                "content_type"
            )[:8],
            "active_nav": "home",
        },
    )


def units_by_kind(request: HttpRequest) -> JsonResponse:
    """Chart data: the visible units counted by kind, in SQL."""
    labels = dict(UnitKind.choices)
    rows = (
        Unit.objects.for_user(request.user)
        .order_by()
        .values("kind")
        .annotate(count=Count("id"))
        .order_by("kind")
    )
    return JsonResponse(
        {
            "series": [
                {
                    "name": str(labels.get(row["kind"], row["kind"])),
                    "value": row["count"],
                    "kind": row["kind"],
                }
                for row in rows
            ]
        }
    )
