"""What the welfare module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from taizhang.core import ledgers, modules

# The welfare drop-down: each part of the module adds its own entries.
HANDOUT_ENTRIES = (
    modules.MenuEntry(_("Hand-outs"), "welfare-handout-cycles", "welfare-handouts"),
    modules.MenuEntry(_("Visits"), "welfare-visit-list", "welfare-visits"),
)


def register_all(config: AppConfig) -> None:
    from taizhang.welfare.ledgers.handouts import HandoutLedger

    ledgers.register(HandoutLedger())
    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            menu=(
                modules.MenuEntry(
                    config.verbose_name,
                    "welfare-handout-cycles",
                    "welfare",
                    children=(*HANDOUT_ENTRIES,),
                ),
            ),
            api_router="taizhang.welfare.api.router",
        )
    )
