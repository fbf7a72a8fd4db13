from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """The platform's security controls (等保2.0 三级): sign-in, locks, passwords, sessions,
    the second factor, the security administrator's pages, the audit trail's export and
    retention. Part of the platform shell: it names no module."""

    name = "taizhang.security"
    label = "security"
    verbose_name = _("Security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from taizhang.core import access, modules
        from taizhang.security import checks, sessions  # noqa: F401 (checks register themselves)

        user_logged_in.connect(sessions.stamp, dispatch_uid="taizhang.security.stamp")
        menu = modules.MenuEntry(
            _("Security"),
            "security-users",
            "security",
            children=(
                modules.MenuEntry(
                    _("Users and roles"),
                    "security-users",
                    "security-users",
                    visible=access.is_security_admin,
                ),
                modules.MenuEntry(
                    _("Locked accounts"),
                    "security-locks",
                    "security-locks",
                    visible=access.is_security_admin,
                ),
            ),
            visible=access.is_security_admin,
        )
        modules.register(modules.Module(key=self.label, label=self.verbose_name, menu=(menu,)))
