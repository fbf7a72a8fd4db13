from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """The shared supervision engine (督办): items, assignments, flows, clocks, extensions.
    Modules register their flows on it; it knows none of them."""

    name = "taizhang.supervision"
    label = "supervision"
    verbose_name = _("Supervision")
    default_auto_field = "django.db.models.BigAutoField"
