"""Welfare pages: hand-outs and visits as reports published them (公开的慰问、发放数据), confirmed
from report intake, each beside the ledger's own figures of its programme."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from taizhang.core import printing
from taizhang.core.access import access_record, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.welfare.intake_draft import WelfareHandoutDraft
from taizhang.welfare.models import PublishedWelfareFigures

PAGE_SIZE = 50


def published_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    rows = PublishedWelfareFigures.objects.for_user(request.user).select_related(
        "unit", "programme", "source_report"
    )
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(request, "welfare/published_list.html", {"page": page, "active_nav": "welfare"})


def published_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    figures = access_record(PublishedWelfareFigures, pk, request.user)
    return render(
        request,
        "welfare/published_detail.html",
        {
            "figures": figures,
            "compare": WelfareHandoutDraft().compare_figures(figures, request.user),
            "sentence": figures.source_report.text[figures.source_start : figures.source_end],
            "active_nav": "welfare",
            **record_context(request, figures),
        },
    )


urlpatterns: list[URLPattern] = [
    path("published/", published_list, name="welfare-published-list"),
    path("published/<int:pk>/", published_detail, name="welfare-published"),
]
