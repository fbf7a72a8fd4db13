"""What the Double Hundred module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig

from taizhang.supervision import flows


def register_all(config: AppConfig) -> None:
    from taizhang.party.flow import MILESTONE_FLOW

    flows.register(MILESTONE_FLOW)
