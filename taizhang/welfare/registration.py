"""What the welfare module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from taizhang.core import ledgers, modules, reviews

# The "Welfare" drop-down: each part of the module adds its own entries here.
MENU_CHILDREN: tuple[modules.MenuEntry, ...] = (
    # Programmes and enrolments (views/programmes.py).
    modules.MenuEntry(_("Programmes"), "welfare-programme-list", "welfare"),
    modules.MenuEntry(_("Enrolments"), "welfare-enrolment-list", "welfare"),
    # Cycles and their entitlements (views/cycles.py).
    modules.MenuEntry(_("Cycles"), "welfare-cycle-list", "welfare"),
    modules.MenuEntry(_("Entitlements"), "welfare-entitlement-list", "welfare"),
    # Hand-outs of goods and visits (views/handouts.py, views/visits.py).
    modules.MenuEntry(_("Hand-outs"), "welfare-handout-cycles", "welfare-handouts"),
    modules.MenuEntry(_("Visits"), "welfare-visit-list", "welfare-visits"),
    # Applications and periodic reviews (views/applications.py, views/reviews.py).
    modules.MenuEntry(_("Applications"), "welfare-application-list", "welfare"),
    modules.MenuEntry(_("Reviews due"), "welfare-review-list", "welfare"),
    # Figures (views/dashboard.py) and what reports published (views/published.py).
    modules.MenuEntry(_("Dashboard"), "welfare-dashboard", "welfare"),
    modules.MenuEntry(_("Published figures"), "welfare-published-list", "welfare"),
)


def register_all(config: AppConfig) -> None:
    from taizhang.intake import drafts
    from taizhang.welfare import aggregates, demo, stats
    from taizhang.welfare.intake_draft import WelfareHandoutDraft
    from taizhang.welfare.ledgers.enrolments import EnrolmentLedger
    from taizhang.welfare.ledgers.entitlements import EntitlementLedger
    from taizhang.welfare.ledgers.handouts import HandoutLedger
    from taizhang.welfare.measures import WELFARE_VISITS
    from taizhang.welfare.services.applications import APPLICATION_REVIEW
    from taizhang.welfare.services.cycles import CYCLE_REVIEW
    from taizhang.welfare.workbench import applications as applications_workbench
    from taizhang.welfare.workbench import cycles as cycles_workbench
    from taizhang.welfare.workbench import programmes as programmes_workbench

    reviews.register(APPLICATION_REVIEW)  # applications: the deciding unit approves
    reviews.register(CYCLE_REVIEW)  # cycles: maker-checker before export and payment
    ledgers.register(EnrolmentLedger())
    ledgers.register(EntitlementLedger())  # payment list out, bank's results in
    ledgers.register(HandoutLedger())  # hand-outs out, paper sign-for lists in
    drafts.register(WelfareHandoutDraft())  # a report's hand-out, against the ledger

    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            menu=(
                modules.MenuEntry(
                    _("Welfare"), "welfare-programme-list", "welfare", children=MENU_CHILDREN
                ),
            ),
            api_router="taizhang.welfare.api.router",
            todo=(programmes_workbench.todo, cycles_workbench.todo, applications_workbench.todo),
            todo_kinds={
                **programmes_workbench.KINDS,
                **cycles_workbench.KINDS,
                **applications_workbench.KINDS,
            },
            demo=demo.load,
            stats=(stats.SUBJECT,),
            aggregates=aggregates.AGGREGATES,
            people_measures=(WELFARE_VISITS,),  # visits a person made, for scoring
        )
    )
