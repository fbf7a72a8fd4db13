"""What the header of every page shows: the top menu (the platform's own pages around the
entries each module registers, shown to each user by what they may open) and the count of
unread notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
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


def _item(entry: modules.MenuEntry, user: Any) -> NavItem:
    children = [_item(child, user) for child in entry.children if _visible(child, user)]
    return NavItem(entry.label, reverse(entry.url_name), entry.key, children)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not access.roles_of(user):
        return {"nav_items": []}
    items = [NavItem(_("Workbench"), reverse("home"), "home")]
    for module in modules.modules():
        items += [_item(entry, user) for entry in module.menu if _visible(entry, user)]
    if access.reads_ledgers(user):
        items.append(NavItem(_("Org units"), reverse("unit-list"), "units"))
    if access.reads_history(user):
        items.append(NavItem(_("Audit log"), reverse("audit-log"), "audit"))
    items.append(NavItem(_("API tokens"), reverse("token-list"), "tokens"))
    return {"nav_items": items}


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
