"""What the import and export commands share: the acting user and the ledger by name."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from taizhang.core.ledgers import Ledger, UnknownLedger, all_ledgers, get_ledger
from taizhang.core.models import User
from taizhang.core.roles import Role


def command_user(username: str | None) -> User:
    """The named user, or the first active district administrator."""
    users = User.objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(_("No active user %(name)s.") % {"name": username})
        return user
    user = users.filter(roles__role=Role.DISTRICT_ADMIN).order_by("pk").first()
    if user is None:
        raise CommandError(_("There is no active district administrator; give --user."))
    return user


def ledger_named(name: str) -> Ledger:
    try:
        return get_ledger(name)
    except UnknownLedger:
        names = ", ".join(ledger.name for ledger in all_ledgers())
        raise CommandError(
            _("Unknown ledger %(name)s; known: %(names)s.") % {"name": name, "names": names}
        ) from None
