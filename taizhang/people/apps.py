from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "taizhang.people"
    label = "people"
    verbose_name = _("People and organisations")
    default_auto_field = "django.db.models.BigAutoField"
