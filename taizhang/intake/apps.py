from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "taizhang.intake"
    label = "intake"
    verbose_name = _("Report intake")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs report intake in: menu, API and its demo (the seed page taken in). The draft
        kinds come from the modules whose records they propose."""
        from taizhang.core import modules
        from taizhang.intake import demo, workbench

        modules.register(
            modules.Module(
                key=self.label,
                label=self.verbose_name,
                menu=(modules.MenuEntry(_("Report intake"), "intake-list", "intake"),),
                api_router="taizhang.intake.api.router",
                demo=demo.load_intake_demo,
                todo=(workbench.todo,),
                todo_kinds=workbench.KINDS,
            )
        )
