"""Template tags of print views: {% load printing %}{% filter_words filter %}."""

from typing import Any

from django import template

from taizhang.core.printing import filter_in_words

register = template.Library()


@register.simple_tag
def filter_words(filterset_or_form: Any) -> str:
    """What a list is filtered by, in words (a FilterSet or a plain filter form)."""
    form = getattr(filterset_or_form, "form", filterset_or_form)
    return filter_in_words(form)
