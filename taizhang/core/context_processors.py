"""Navigation by module, shown to each user by what their roles may open."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import READ_ALL_HISTORY, roles_of
from taizhang.core.roles import READ_EVERYTHING, Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles = roles_of(user)
    if not roles:
        return {"nav_items": []}
    items = [(_("Home"), reverse("home"), "home")]
    if roles & (READ_EVERYTHING | {Role.UNIT_OFFICER}):
        items.append((_("Org units"), reverse("unit-list"), "units"))
        items.append((_("Supervision"), reverse("supervision-list"), "supervision"))
        items.append((_("Projects"), reverse("project-list"), "projects"))
    if roles & (READ_ALL_HISTORY | {Role.UNIT_OFFICER, Role.PROGRAMME_OFFICE}):
        items.append((_("Audit log"), reverse("audit-log"), "audit"))
    items.append((_("API tokens"), reverse("token-list"), "tokens"))
    return {"nav_items": items}
