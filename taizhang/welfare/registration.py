"""What the welfare module adds to the platform (core/modules.py), in one place."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from taizhang.core import modules, reviews


def register_all(config: AppConfig) -> None:
    from taizhang.welfare import workbench
    from taizhang.welfare.services.applications import APPLICATION_REVIEW

    reviews.register(APPLICATION_REVIEW)
    modules.register(
        modules.Module(
            key=config.label,
            label=config.verbose_name,
            menu=(
                modules.MenuEntry(_("Applications"), "welfare-application-list", "welfare"),
                modules.MenuEntry(_("Reviews due"), "welfare-review-list", "welfare"),
            ),
            api_router="taizhang.welfare.api.router",
            todo=(workbench.todo,),
            todo_kinds=workbench.KINDS,
        )
    )
