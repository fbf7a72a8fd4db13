"""{% load navigation %}{% nav_menu nav_items active_nav %}: the top menu's entries.

The same menu is shown again and again (one per set of roles, language and current page), so
its HTML is made once per process for each distinct menu, keyed by the entries themselves
(labels in the current language, addresses, keys) and the current page: a user whose entries
differ gets their own."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from taizhang.core.context_processors import NavItem

register = template.Library()


def _frozen(items: list[NavItem]) -> tuple:
    return tuple((str(item.label), item.url, item.key, _frozen(item.children)) for item in items)


@lru_cache(maxsize=256)
def _menu(entries: tuple, active_nav: str) -> SafeString:
    return render_to_string(
        "core/_nav_menu.html", {"nav_items": _thawed(entries), "active_nav": active_nav}
    )


def _thawed(entries: tuple) -> list[NavItem]:
    return [NavItem(label, url, key, _thawed(children)) for label, url, key, children in entries]


@register.simple_tag
def nav_menu(nav_items: list[NavItem], active_nav: Any = "") -> SafeString:
    return _menu(_frozen(nav_items), str(active_nav or ""))
