"""`{% record_sources record %}`: on any record's page, the reports it was confirmed from (来源),
each linking to the highlighted sentence, as far as the viewer may read those reports."""

from typing import Any

from django import template

from taizhang.intake.queries import links_of_record

register = template.Library()


@register.inclusion_tag("intake/_record_sources.html", takes_context=True)
def record_sources(context: dict[str, Any], record: Any) -> dict[str, Any]:
    links = list(links_of_record(record, context["request"].user).select_related("report"))
    return {"links": links}
