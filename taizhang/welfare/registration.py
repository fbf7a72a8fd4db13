"""What the welfare module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig

from taizhang.core import modules
from taizhang.welfare import demo


def register_all(config: AppConfig) -> None:
    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            api_router="taizhang.welfare.api.router",
            demo=demo.load,
        )
    )
