"""A part of a page kept for the signed-in user until a table it read changes:
{% load cached_reads %}{% cached_reads "unit-list" [value …] [reads=tables] %}…{% endcached_reads %}

The part is rendered through `aggregates.cached_reads`, keyed by the user (their roles and
unit), the page's path and query (filters, sorting, page, print), the language and the day,
and stored with the version of every table its queries read while it rendered. Values the view
worked out before (a default month, an error) are named after the part's name and join the key.
So the part must read what it shows inside the block (a list's rows are read lazily by the table it
renders); a part that read no table is never stored, nor one that read a log such as the
personal-data access log (those tables have no versions), so a read that must be logged is
logged every time. No form that posts (and carries a CSRF token) may sit inside. A value the
view worked out for the part beforehand (a page's statistics) is named with the tables it read
(`reads=`, from `aggregates.tables_read()`), so the part is dropped when they change too.
`TAIZHANG_CACHED_FRAGMENTS = False` renders every part afresh (tests that count a page's
queries as built).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.base import Parser, Token
from django.utils.safestring import SafeString, mark_safe

from taizhang.core import aggregates

register = template.Library()


class CachedReadsNode(template.Node):
    def __init__(
        self,
        name: template.base.FilterExpression,
        vary_on: list[template.base.FilterExpression],
        reads: template.base.FilterExpression | None,
        nodelist: template.NodeList,
    ):
        self.name = name
        self.vary_on = vary_on
        self.reads = reads
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        request = context.get("request")
        user = getattr(request, "user", None)
        if (
            request is None
            or not getattr(user, "is_authenticated", False)
            or not getattr(settings, "TAIZHANG_CACHED_FRAGMENTS", True)
        ):
            return self.nodelist.render(context)
        query = sorted(request.GET.lists())
        vary_on = [str(value.resolve(context)) for value in self.vary_on]
        reads = self.reads.resolve(context) if self.reads is not None else ()

        def compute(_user: Any, _path: str, _query: list, _vary_on: list) -> str:
            aggregates.note_reads(reads)
            return str(self.nodelist.render(context))

        html = aggregates.cached_reads(
            f"fragment:{self.name.resolve(context)}",
            compute,
            user,
            request.path,
            query,
            vary_on,
            needs_reads=True,
        )
        return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


@register.tag("cached_reads")
def cached_reads(parser: Parser, token: Token) -> CachedReadsNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the part's name")
    nodelist = parser.parse(("endcached_reads",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(bit) for bit in bits[2:] if not bit.startswith("reads=")]
    reads = [parser.compile_filter(bit[6:]) for bit in bits[2:] if bit.startswith("reads=")]
    return CachedReadsNode(
        parser.compile_filter(bits[1]), vary_on, reads[0] if reads else None, nodelist
    )
