"""What the retirees module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from taizhang.core import ledgers, modules

MENU_CHILDREN: tuple[modules.MenuEntry, ...] = (
    modules.MenuEntry(_("Roster"), "retirees-list", "retirees"),
    modules.MenuEntry(_("Confirmations"), "retirees-confirmations", "retirees"),
    modules.MenuEntry(_("Pension changes"), "retirees-pension-changes", "retirees"),
    modules.MenuEntry(_("Visit plan"), "retirees-visit-plan", "retirees"),
    modules.MenuEntry(_("Handover ledger"), "retirees-handovers", "retirees"),
    modules.MenuEntry(_("Deaths"), "retirees-deaths", "retirees"),
    modules.MenuEntry(_("Activities"), "retirees-activities", "retirees"),
    modules.MenuEntry(_("Service requests"), "retirees-requests", "retirees"),
    modules.MenuEntry(_("Dashboard"), "retirees-dashboard", "retirees"),
)


def register_all(config: AppConfig) -> None:
    from taizhang.intake import drafts
    from taizhang.retirees import demo, stats, workbench
    from taizhang.retirees.flow import SERVICE
    from taizhang.retirees.intake_draft import ActivityDraft
    from taizhang.retirees.ledgers import LEDGERS
    from taizhang.supervision import flows

    flows.register(SERVICE)
    drafts.register(
        ActivityDraft()
    )  # a report's outreach activity, recorded after a person confirms

    for ledger in LEDGERS:
        ledgers.register(ledger())
    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            menu=(
                modules.MenuEntry(
                    _("Retirees"), "retirees-list", "retirees", children=MENU_CHILDREN
                ),
            ),
            api_router="taizhang.retirees.api.router",
            todo=(workbench.todo,),
            todo_kinds=workbench.KINDS,
            demo=demo.load,
            stats=(stats.SUBJECT,),
        )
    )
