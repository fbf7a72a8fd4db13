from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "taizhang.welfare"
    label = "welfare"
    verbose_name = _("Village welfare")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs the welfare module in: its menu, API, demo, workbench, statistics and Excel
        ledgers (each part registers itself in `registration.py`)."""
        from taizhang.welfare import registration

        registration.register_all(self)
