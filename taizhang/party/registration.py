"""What the Double Hundred module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from taizhang.core import ledgers, modules
from taizhang.supervision import flows

MENU_CHILDREN: tuple[modules.MenuEntry, ...] = (
    modules.MenuEntry(_("Party organisations"), "party-org-list", "party"),
    modules.MenuEntry(_("Meeting records"), "party-meeting-list", "party"),
    modules.MenuEntry(_("Action projects"), "party-project-list", "party"),
    modules.MenuEntry(_("Demonstration organisations"), "party-candidate-list", "party"),
    modules.MenuEntry(_("Dashboard"), "party-dashboard", "party"),
)


def register_all(config: AppConfig) -> None:
    from taizhang.intake import drafts
    from taizhang.party import chores, demo, search, stats, workbench
    from taizhang.party.flow import MILESTONE_FLOW
    from taizhang.party.intake_draft import ShowcaseDraft
    from taizhang.party.ledgers import MeetingLedger, ProjectLedger

    flows.register(MILESTONE_FLOW)
    drafts.register(ShowcaseDraft())
    ledgers.register(ProjectLedger())
    ledgers.register(MeetingLedger())
    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            menu=(
                modules.MenuEntry(
                    _("Double Hundred"), "party-org-list", "party", children=MENU_CHILDREN
                ),
            ),
            api_router="taizhang.party.api.router",
            todo=(workbench.todo,),
            search=(search.search,),
            todo_kinds=workbench.KINDS,
            demo=demo.load,
            stats=(stats.SUBJECT,),
            chores=chores.CHORES,
        )
    )
