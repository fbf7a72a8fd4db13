"""What the land module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from taizhang.core import ledgers, modules

MENU_CHILDREN: tuple[modules.MenuEntry, ...] = (
    modules.MenuEntry(_("Contracts"), "land-contract-list", "land"),
    modules.MenuEntry(_("Parcels"), "land-parcel-list", "land"),
    modules.MenuEntry(_("Payments due"), "land-due-list", "land"),
    modules.MenuEntry(_("Prices in kind"), "land-kind-prices", "land"),
    modules.MenuEntry(_("Collective income"), "land-income-list", "land"),
    modules.MenuEntry(_("Dashboard"), "land-dashboard", "land"),
    modules.MenuEntry(_("Published figures"), "land-published-list", "land"),
)


def register_all(config: AppConfig) -> None:
    from taizhang.intake import drafts
    from taizhang.land import demo, search, stats, workbench
    from taizhang.land.intake_draft import LandFiguresDraft
    from taizhang.land.ledgers import ContractLedger, IncomeLedger, ParcelLedger, PaymentLedger

    ledgers.register(ParcelLedger())  # the households' 承包地, before the contracts on them
    ledgers.register(ContractLedger())  # the township's 流转台账, export
    ledgers.register(PaymentLedger())
    ledgers.register(IncomeLedger())
    drafts.register(LandFiguresDraft())  # a report's figures of a village, against the ledger

    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            menu=(
                modules.MenuEntry(_("Land"), "land-contract-list", "land", children=MENU_CHILDREN),
            ),
            api_router="taizhang.land.api.router",
            todo=(workbench.todo,),
            search=(search.search,),
            todo_kinds=workbench.KINDS,
            demo=demo.load,
            stats=(stats.SUBJECT,),
        )
    )
