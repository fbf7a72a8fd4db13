"""What the welfare module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig

from taizhang.core import modules, reviews


def register_all(config: AppConfig) -> None:
    from taizhang.welfare.services.cycles import CYCLE_REVIEW

    reviews.register(CYCLE_REVIEW)  # cycles: maker-checker before export and payment
    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            api_router="taizhang.welfare.api.router",
        )
    )
