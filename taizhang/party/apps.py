from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "taizhang.party"
    label = "party"
    verbose_name = _("Double Hundred")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs the Double Hundred module (双百工程) in: its menu, API, demo, workbench,
        statistics, ledgers and supervision flow (`registration.py`)."""
        from taizhang.party import registration

        registration.register_all(self)
