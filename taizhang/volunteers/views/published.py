"""Volunteer pages: responsibility letters as reports published them, confirmed from report
intake, each beside the rate the letter campaign's own targets give."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from taizhang.core import printing
from taizhang.core.access import access_record, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.volunteers.intake_draft import LetterFiguresDraft
from taizhang.volunteers.published import PublishedLetterFigures

PAGE_SIZE = 50


def published_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    rows = PublishedLetterFigures.objects.for_user(request.user).select_related(
        "unit", "letter_campaign", "source_report"
    )
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request, "volunteers/published_list.html", {"page": page, "active_nav": "volunteers"}
    )


def published_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    figures = access_record(PublishedLetterFigures, pk, request.user)
    return render(
        request,
        "volunteers/published_detail.html",
        {
            "figures": figures,
            "compare": LetterFiguresDraft().compare_figures(figures, request.user),
            "sentence": figures.source_report.text[figures.source_start : figures.source_end],
            "active_nav": "volunteers",
            **record_context(request, figures),
        },
    )
