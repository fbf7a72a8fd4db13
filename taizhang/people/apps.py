from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "taizhang.people"
    label = "people"
    verbose_name = _("People and organisations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs the registry in: its menu (people, households, groups, organisations), shown
        to whoever reads ledgers (auditors do not), API, demo residents, statistics and
        search, and its Excel ledgers (the household roster and organisations)."""
        from taizhang.core import ledgers, modules
        from taizhang.people import demo, search, stats
        from taizhang.people.ledgers.organisations import OrganisationLedger
        from taizhang.people.ledgers.people import PeopleLedger

        ledgers.register(PeopleLedger())
        ledgers.register(OrganisationLedger())

        modules.register(
            modules.Module(
                key=self.label,
                label=self.verbose_name,
                menu=(
                    modules.MenuEntry(
                        _("People"),
                        "people-person-list",
                        "people",
                        children=(
                            modules.MenuEntry(_("People"), "people-person-list", "people"),
                            modules.MenuEntry(
                                _("Households"), "people-household-list", "people-households"
                            ),
                            modules.MenuEntry(_("Groups"), "people-group-list", "people-groups"),
                            modules.MenuEntry(
                                _("Organisations"),
                                "people-organisation-list",
                                "people-organisations",
                            ),
                        ),
                    ),
                ),
                api_router="taizhang.people.api.router",
                demo=demo.load,
                search=(search.search,),
                stats=(stats.SUBJECT,),
            )
        )
