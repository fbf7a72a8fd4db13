"""The workbench and the global search in the API: `GET /todo` and `GET /search`, the same
items and hits as the home page and /search/, for the caller only. The schemas stay here,
beside the two operations that use them."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

from ninja import Field, Query, Router, Schema

from taizhang.core import search as searching
from taizhang.core import workbench
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import with_errors

router = Router(tags=["workbench"])

API_PER_KIND = 50


class TodoFilterIn(Schema):
    module: str | None = Field(None, description="Only this module's items (its key).")
    kind: str | None = Field(None, description="Only items of this kind (see the module).")


class TodoItemOut(Schema):
    module: str
    kind: str
    title: str
    due: datetime.date | None
    overdue: bool
    url: str
    detail: str
    action: str
    waiting_on_others: bool
    level: str


class TodoCountsOut(Schema):
    overdue: int
    due_this_week: int
    waiting_on_others: int
    total: int
    per_module: dict[str, int]


class TodoOut(Schema):
    items: list[TodoItemOut]
    counts: TodoCountsOut
    notices: list[str]


def _item(item: Any) -> dict[str, Any]:
    return {
        "module": item.module,
        "kind": item.kind,
        "title": item.title,
        "due": item.due,
        "overdue": item.overdue,
        "url": item.url,
        "detail": item.detail,
        "action": str(item.action),
        "waiting_on_others": item.waiting_on_others,
        "level": item.level,
    }


@router.get("/todo", response=with_errors({200: TodoOut}, 400), summary="What waits for the caller")
def todo(request: AuthedRequest, filters: Query[TodoFilterIn]) -> Any:
    """The caller's workbench: their to-dos across every module (a leader: the district's red
    and yellow items), sorted by deadline, the first 50 of each kind; `counts` count all. An
    unknown `module` or `kind` is refused (400, naming the field)."""
    workbench.check_filter(filters.module, filters.kind)
    bench = workbench.collect(
        request.user, limit=API_PER_KIND, module=filters.module, kind=filters.kind, tiles=False
    )
    counts = bench.counts
    return {
        "items": [_item(item) for item in bench.items],
        "counts": {
            "overdue": counts.overdue,
            "due_this_week": counts.due_this_week,
            "waiting_on_others": counts.waiting_on_others,
            "total": counts.total,
            "per_module": counts.per_module,
        },
        "notices": bench.notices,
    }


class SearchIn(Schema):
    q: str = Field("", description="Name, code or address; at most 100 characters.")


class SearchHitOut(Schema):
    title: str
    url: str
    detail: str


class SearchGroupOut(Schema):
    label: str
    total: int
    hits: list[SearchHitOut]


class SearchModuleOut(Schema):
    module: str
    label: str
    total: int
    groups: list[SearchGroupOut]


class SearchOut(Schema):
    query: str
    total: int
    modules: list[SearchModuleOut]
    notices: list[str]


@router.get("/search", response=with_errors({200: SearchOut}, 400), summary="Search everything")
def search(request: AuthedRequest, params: Query[SearchIn]) -> Any:
    """Every module's records the caller may read whose name, code or address matches `q`,
    grouped by module: the first 5 hits of each group and how many in all. An empty query or
    one of more than 100 characters is refused (400, field `q`)."""
    results = searching.search(request.user, params.q)
    return {
        "query": results.query,
        "total": results.total,
        "modules": [
            {
                "module": entry.key,
                "label": str(entry.label),
                "total": entry.total,
                "groups": [
                    {
                        "label": str(group.label),
                        "total": group.total,
                        "hits": [asdict(hit) for hit in group.hits],
                    }
                    for group in entry.groups
                ],
            }
            for entry in results.modules
        ],
        "notices": results.notices,
    }
