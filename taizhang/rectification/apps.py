from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "taizhang.rectification"
    label = "rectification"
    verbose_name = _("Rectification campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs rectification campaigns in: the flow on the supervision engine, the ledger,
        the case as an intake draft kind, menu, API and demo; a case gains a link to the
        registry's organisation of its subject when one is registered."""
        from taizhang.core import ledgers, modules
        from taizhang.intake import drafts
        from taizhang.people.services.organisations import when_registered
        from taizhang.rectification import demo, workbench
        from taizhang.rectification.flow import RECTIFICATION
        from taizhang.rectification.intake_draft import RectificationCaseDraft
        from taizhang.rectification.ledger import RectificationLedger
        from taizhang.rectification.services.subjects import link_case_subjects
        from taizhang.supervision import flows

        ledgers.register(RectificationLedger())
        flows.register(RECTIFICATION)
        drafts.register(RectificationCaseDraft())
        when_registered(link_case_subjects)
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
