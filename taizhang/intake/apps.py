from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "taizhang.intake"
    label = "intake"
    verbose_name = _("Report intake")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers this app's draft kinds (project statistics, village small works) and its
        # demo data (the seed page taken in).
        from taizhang.intake import demo, drafts  # noqa: F401
