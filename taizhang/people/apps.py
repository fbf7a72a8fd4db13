from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "taizhang.people"
    label = "people"
    verbose_name = _("People and organisations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs the registry in: its Excel ledgers."""
        from taizhang.core import ledgers
        from taizhang.people.ledgers.organisations import OrganisationLedger
        from taizhang.people.ledgers.people import PeopleLedger

        ledgers.register(PeopleLedger())
        ledgers.register(OrganisationLedger())
