from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "taizhang.intake"
    label = "intake"
    verbose_name = _("Report intake")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers this app's draft kinds (project statistics, village small works).
        from taizhang.intake import drafts  # noqa: F401
