from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetireesConfig(AppConfig):
    name = "taizhang.retirees"
    label = "retirees"
    verbose_name = _("Enterprise retirees")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs the retirees module in: its menu, API, workbench, statistics, demo and Excel
        ledgers (each registered in `registration.py`)."""
        from taizhang.retirees import registration

        registration.register_all(self)
