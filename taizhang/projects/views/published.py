"""Published project statistics (公开的项目统计): what bulletins said, confirmed from report
intake, each beside the ledger's own figures."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import access_record
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.intake.drafts import Proposal
from taizhang.projects.intake_drafts.stats import ProjectStatsDraft
from taizhang.projects.models import PublishedProjectStats

PER_PAGE = 50


def published_stats_list(request: AuthedRequest) -> HttpResponse:
    stats = PublishedProjectStats.objects.for_user(request.user).select_related("source_report")
    page = printing.page_of(request, stats, PER_PAGE)
    return render(
        request,
        "projects/published_stats_list.html",
        {"page": page, "title": _("Published project statistics"), "active_nav": "projects"},
    )


def published_stats_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    stats = access_record(PublishedProjectStats, pk, request.user)
    kind = ProjectStatsDraft()
    proposal = Proposal(
        kind=kind.key,
        key="",
        article=0,
        start=stats.source_start,
        end=stats.source_end,
        sentence="",
        data={f.name: getattr(stats, f.name) for f in kind.fields if f.name != "remarks"},
    )
    return render(
        request,
        "projects/published_stats_detail.html",
        {
            "stats": stats,
            "compare": kind.compare(proposal, request.user),
            "sentence": stats.source_report.text[stats.source_start : stats.source_end],
            "title": str(stats),
            "active_nav": "projects",
            **record_context(request, stats),
        },
    )
