from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "taizhang.core"
    label = "core"
    verbose_name = _("Platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from taizhang.core import checks, ledgers  # noqa: F401 (checks register themselves)
        from taizhang.core.aggregates import install_triggers
        from taizhang.core.ledger import UnitLedger

        ledgers.register(UnitLedger())
        # After every migrate and flush: the tables of cached aggregates get version triggers.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="taizhang_versions")
