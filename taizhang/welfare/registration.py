"""What the welfare module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig

from taizhang.core import modules


def register_all(config: AppConfig) -> None:
    from taizhang.welfare import demo, stats

    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            api_router="taizhang.welfare.api.router",
            demo=demo.load,
            stats=(stats.SUBJECT,),
        )
    )
