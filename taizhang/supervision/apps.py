from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """The shared supervision engine (督办): items, assignments, flows, clocks, extensions.
    Modules register their flows on it; it knows none of them."""

    name = "taizhang.supervision"
    label = "supervision"
    verbose_name = _("Supervision")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from taizhang.core import modules
        from taizhang.supervision import aggregates, chores, workbench

        modules.register(
            modules.Module(
                key=self.label,
                label=self.verbose_name,
                menu=(modules.MenuEntry(_("Supervision"), "supervision-list", "supervision"),),
                api_router="taizhang.supervision.api.router",
                todo=(workbench.todo,),
                todo_kinds=workbench.KINDS,
                alerts=(workbench.alerts,),
                search=(workbench.search,),
                tiles=(workbench.tiles,),
                aggregates=aggregates.AGGREGATES,
                chores=chores.CHORES,
            )
        )
