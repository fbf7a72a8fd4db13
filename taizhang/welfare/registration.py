"""What the welfare module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from taizhang.core import ledgers, modules, reviews

# Cycles and their entitlements (services/cycles.py, views/cycles.py).
CYCLE_MENU = (
    modules.MenuEntry(_("Cycles"), "welfare-cycle-list", "welfare-cycles"),
    modules.MenuEntry(_("Entitlements"), "welfare-entitlement-list", "welfare-entitlements"),
)


def register_all(config: AppConfig) -> None:
    from taizhang.welfare import workbench_cycles
    from taizhang.welfare.ledgers.entitlements import EntitlementLedger
    from taizhang.welfare.services.cycles import CYCLE_REVIEW

    reviews.register(CYCLE_REVIEW)  # cycles: maker-checker before export and payment
    ledgers.register(EntitlementLedger())  # payment list out, bank's results in
    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            menu=(*CYCLE_MENU,),
            api_router="taizhang.welfare.api.router",
            todo=(workbench_cycles.todo,),
            todo_kinds={**workbench_cycles.KINDS},
        )
    )
