from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "taizhang.projects"
    label = "projects"
    verbose_name = _("Project bank")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the project bank's Excel ledgers, its demo loader and its coordination flow.
        from taizhang.projects import demo, ledger  # noqa: F401
        from taizhang.projects.flow import COORDINATION
        from taizhang.supervision.flows import register

        register(COORDINATION)
