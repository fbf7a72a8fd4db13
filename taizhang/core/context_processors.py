"""What the header of every page shows: the top menu (the platform's own pages around the
entries each module registers, shown to each user by what they may open) and the count of
unread notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from taizhang.core import access, modules, printing
from taizhang.core.models import Notification


@dataclass
class NavItem:
    label: Any
    url: str
    key: str = ""
    children: list[NavItem] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        """The pages (their `active_nav`) that light this item up."""
        return {self.key, *(child.key for child in self.children)} - {""}


def _visible(entry: modules.MenuEntry, user: Any) -> bool:
    return entry.visible(user) if entry.visible is not None else access.reads_ledgers(user)


@lru_cache(maxsize=512)
def _url(name: str, urlconf: Any, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


def _menu_url(name: str) -> str:
    """A menu entry's address, worked out once per process (the menu's names take no
    arguments; the address changes only with the URL configuration or the script prefix)."""
    return _url(name, get_urlconf(), get_script_prefix())


def _item(entry: modules.MenuEntry, user: Any) -> NavItem:
    children = [_item(child, user) for child in entry.children if _visible(child, user)]
    return NavItem(entry.label, _menu_url(entry.url_name), entry.key, children)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu, made once per request: a table rendered inside the page runs the context
    processors again."""
    made = getattr(request, "_taizhang_nav_items", None)
    if made is None:
        made = request._taizhang_nav_items = _navigation(getattr(request, "user", None))  # type: ignore[attr-defined]
    return {"nav_items": made}


def _navigation(user: Any) -> list[NavItem]:
    if not access.roles_of(user):
        return []
    items = [NavItem(_("Workbench"), _menu_url("home"), "home")]
    for module in modules.modules():
        items += [_item(entry, user) for entry in module.menu if _visible(entry, user)]
    if access.reads_ledgers(user):
        items.append(NavItem(_("Org units"), _menu_url("unit-list"), "units"))
    if access.reads_history(user):
        items.append(NavItem(_("Audit log"), _menu_url("audit-log"), "audit"))
    items.append(NavItem(_("API tokens"), _menu_url("token-list"), "tokens"))
    return items


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count of the header's 通知 link: one query, only when a page shows it, and
    none for an anonymous visitor."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {"unread_notifications": 0}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }


def print_view(request: HttpRequest) -> dict[str, Any]:
    """Whether the page is its print variant (?print=1), and the links to and from it."""
    return {
        "print_view": printing.is_print(request),
        "print_query": printing.print_query(request),
        "screen_query": printing.screen_query(request),
    }
