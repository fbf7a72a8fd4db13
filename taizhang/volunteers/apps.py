from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "taizhang.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteer service")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs the volunteer module in: its menu, API, demo, workbench, statistics and
        ledgers (`registration.py`)."""
        from taizhang.volunteers import registration

        registration.register_all(self)
