"""`taizhang roles grant|revoke USERNAME ROLE --reason TEXT` and `taizhang roles list`: role
changes from the server's command line, for emergencies (no security administrator can sign
in). Made as the platform (SYSTEM) through the same audited services as the pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from taizhang.core import services
from taizhang.core.access import SYSTEM
from taizhang.core.models import User, UserRole
from taizhang.core.roles import Role


class Command(BaseCommand):
    help = "Grant, revoke or list roles from the command line (audited as the platform)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for action in ("grant", "revoke"):
            change = sub.add_parser(action, help=f"{action.title()} ROLE for USERNAME.")
            change.add_argument("username")
            change.add_argument("role", choices=Role.values)
            change.add_argument("--reason", required=True)
        listing = sub.add_parser("list", help="Every user's roles (or one user's).")
        listing.add_argument("username", nargs="?")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            rows = UserRole.objects.select_related("user").order_by("user__username", "role")
            if options["username"]:
                rows = rows.filter(user__username=options["username"])
            for row in rows:
                self.stdout.write(f"{row.user.username}\t{row.role}")
            return
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        change = services.grant_role if action == "grant" else services.revoke_role
        try:
            change(user, options["role"], by=SYSTEM, reason=options["reason"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{action.title()}ed {options['role']} for {user.username}.")
