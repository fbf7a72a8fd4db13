from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "taizhang.land"
    label = "land"
    verbose_name = _("Land transfer")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs the land module in: its menu, API, demo, workbench and statistics
        (`registration.py`)."""
        from taizhang.land import registration

        registration.register_all(self)
