"""What the volunteer module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from taizhang.core import ledgers, modules

MENU_CHILDREN: tuple[modules.MenuEntry, ...] = (
    modules.MenuEntry(_("Campaigns"), "volunteers-campaign-list", "volunteers"),
    modules.MenuEntry(_("Volunteers"), "volunteers-volunteer-list", "volunteers"),
    modules.MenuEntry(_("Hours to approve"), "volunteers-claim-list", "volunteers"),
    modules.MenuEntry(_("Responsibility letters"), "volunteers-letters-list", "volunteers"),
    modules.MenuEntry(_("Dashboard"), "volunteers-dashboard", "volunteers"),
    modules.MenuEntry(_("Published figures"), "volunteers-published-list", "volunteers"),
)


def register_all(config: AppConfig) -> None:
    from taizhang.intake import drafts
    from taizhang.volunteers import demo, search, stats, workbench
    from taizhang.volunteers.intake_draft import LetterFiguresDraft
    from taizhang.volunteers.ledgers import HoursLedger, LetterTargetLedger, VolunteerLedger
    from taizhang.volunteers.measures import VOLUNTEER_HOURS

    ledgers.register(VolunteerLedger())  # 志愿者名册: import and export
    ledgers.register(HoursLedger())  # 服务时长台账: a sign-in sheet's hours, export
    ledgers.register(LetterTargetLedger())  # 责任书签订台账: import and export
    drafts.register(LetterFiguresDraft())  # a report's letter rate, against the targets

    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            menu=(
                modules.MenuEntry(
                    _("Volunteers"),
                    "volunteers-campaign-list",
                    "volunteers",
                    children=MENU_CHILDREN,
                ),
            ),
            api_router="taizhang.volunteers.api.router",
            todo=(workbench.todo,),
            search=(search.search,),
            todo_kinds=workbench.KINDS,
            demo=demo.load,
            stats=(stats.SUBJECT,),
            people_measures=(VOLUNTEER_HOURS,),  # hours a person served, for scoring
        )
    )
