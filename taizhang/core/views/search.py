"""The global search page (/search/?q=): results grouped by module, as `GET /api/v1/search`."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from taizhang.core import search as searching
from taizhang.core.requests import AuthedRequest


def search(request: AuthedRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    results, error = None, ""
    try:
        results = searching.search(request.user, raw)
    except ValidationError as refused:
        error = " ".join(refused.messages)
    return render(
        request,
        "core/search.html",
        {"results": results, "error": error if raw.strip() else "", "query": raw[:200]},
    )
