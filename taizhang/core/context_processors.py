"""Navigation by module, shown to each user by what their roles may open."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import READ_ALL_HISTORY, roles_of
from taizhang.core.roles import READ_EVERYTHING, Role


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


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles = roles_of(user)
    if not roles:
        return {"nav_items": []}
    items: list[NavItem] = [NavItem(_("Home"), reverse("home"), "home")]
    if roles & (READ_EVERYTHING | {Role.UNIT_OFFICER}):
        items.append(
            NavItem(
                _("Project bank"),
                reverse("project-dashboard"),
                "projects",
                [
                    NavItem(_("Dashboard"), reverse("project-dashboard")),
                    NavItem(_("Projects"), reverse("project-list")),
                    NavItem(_("Year plans"), reverse("yearplan-list")),
                    NavItem(_("Monthly reports"), reverse("report-list")),
                    NavItem(_("Warnings"), reverse("warning-list")),
                    NavItem(_("Bulletin"), reverse("project-bulletin")),
                ],
            )
        )
        items.append(NavItem(_("Supervision"), reverse("supervision-list"), "supervision"))
        items.append(
            NavItem(_("Rectification"), reverse("rectification-case-list"), "rectification")
        )
        items.append(NavItem(_("Report intake"), reverse("intake-list"), "intake"))
        items.append(NavItem(_("Org units"), reverse("unit-list"), "units"))
    if roles & (READ_ALL_HISTORY | {Role.UNIT_OFFICER, Role.PROGRAMME_OFFICE}):
        items.append(NavItem(_("Audit log"), reverse("audit-log"), "audit"))
    items.append(NavItem(_("API tokens"), reverse("token-list"), "tokens"))
    return {"nav_items": items}
