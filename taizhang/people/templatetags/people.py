"""Template filters of the registry's pages."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The page of an existing record, as a duplicate refusal names it: "(/people/persons/12/)".
RECORD_PATH = re.compile(r"\((/people/[a-z]+/\d+/)\)")


@register.filter
def record_links(message: object) -> SafeString:
    """A service's message, escaped, with the page of the record it names made a link."""
    text = escape(str(message))
    return mark_safe(RECORD_PATH.sub(r'(<a href="\1">\1</a>)', text))  # noqa: S308 (escaped above)
