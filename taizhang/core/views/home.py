"""The home page is the user's workbench (工作台): what waits for them today across every
module, grouped and sorted by deadline, each item one click from where it is done."""

from django.http import HttpResponse
from django.shortcuts import render

from taizhang.core import workbench
from taizhang.core.requests import AuthedRequest


def home(request: AuthedRequest) -> HttpResponse:
    bench = workbench.collect(request.user)
    return render(
        request,
        "core/home.html",
        {"bench": bench, "week_end": workbench.week_end(bench.today), "active_nav": "home"},
    )
