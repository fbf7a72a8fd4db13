"""API lists kept for their caller (issue 18): the API's counterpart of `{% cached_reads %}`.

`@decorate_view(kept_for_caller)` under an operation's `@router.get(...)` keeps the JSON it
answers a caller with, for that caller (their roles and unit), the path and query, the language
and the day, with the version of every table the answer read: the next call with the same query
reads the versions and nothing else until a row of those tables changes. What is not a 200 is
never kept, nor an answer that read a log (the personal-data access log) or no table at all, so
an error or a logged read is answered afresh each time. `TAIZHANG_CACHED_FRAGMENTS = False`
answers every call afresh.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from taizhang.core import aggregates
from taizhang.core.api_auth import caller


class _NotKept(Exception):
    def __init__(self, response: HttpResponseBase) -> None:
        self.response = response


def kept_for_caller(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wraps an operation's `run` (ninja's `decorate_view`): authentication, parameters,
    the query and the serialisation all happen inside it, so a kept answer skips them all."""

    @functools.wraps(run)
    def kept_run(request: HttpRequest, **path: Any) -> HttpResponseBase:
        user = caller(request)
        if (
            request.method != "GET"
            or user is None
            or not getattr(settings, "TAIZHANG_CACHED_FRAGMENTS", True)
        ):
            return run(request, **path)

        def answer(_user: Any, _path: str, _query: list) -> tuple[str, bytes]:
            response = run(request, **path)
            if response.status_code != 200 or not isinstance(response, HttpResponse):
                raise _NotKept(response)
            return response["Content-Type"], response.content

        try:
            content_type, body = aggregates.cached_reads(
                "api",
                answer,
                user,
                request.path,
                sorted(request.GET.lists()),
                needs_reads=True,
            )
        except _NotKept as refused:
            return refused.response
        return HttpResponse(body, content_type=content_type)

    return kept_run
