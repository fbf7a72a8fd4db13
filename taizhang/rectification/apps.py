from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "taizhang.rectification"
    label = "rectification"
    verbose_name = _("Rectification campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs rectification campaigns in: the flow on the supervision engine, the ledger,
        the case as an intake draft kind, menu, API and demo."""
        from taizhang.core import ledgers, modules
        from taizhang.intake import drafts
        from taizhang.rectification import demo, workbench
        from taizhang.rectification.flow import RECTIFICATION
        from taizhang.rectification.intake_draft import RectificationCaseDraft
        from taizhang.rectification.ledger import RectificationLedger
        from taizhang.supervision import flows

        ledgers.register(RectificationLedger())
        flows.register(RECTIFICATION)
        drafts.register(RectificationCaseDraft())
        modules.register(
            modules.Module(
                key=self.label,
                label=self.verbose_name,
                menu=(
                    modules.MenuEntry(
                        _("Rectification"), "rectification-case-list", "rectification"
                    ),
                ),
                api_router="taizhang.rectification.api.router",
                demo=demo.load,
                todo=(workbench.todo,),
                todo_kinds=workbench.KINDS,
                search=(workbench.search,),
                tiles=(workbench.tiles,),
            )
        )
