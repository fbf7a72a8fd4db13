from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "taizhang.rectification"
    label = "rectification"
    verbose_name = _("Rectification campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the rectification flow on the supervision engine, the ledger, the demo and
        # the rectification case as a draft kind of report intake.
        from taizhang.intake.drafts import register
        from taizhang.rectification import demo, flow, ledger  # noqa: F401
        from taizhang.rectification.intake_draft import RectificationCaseDraft

        register(RectificationCaseDraft())
