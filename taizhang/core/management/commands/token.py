"""`taizhang token create USERNAME` prints a new API token; `revoke` and `list` manage them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from taizhang.core import tokens
from taizhang.core.access import SYSTEM
from taizhang.core.models import ApiToken, User


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Print a new token for USERNAME.")
        create.add_argument("username")
        create.add_argument("--name", default="command line")
        listing = sub.add_parser("list", help="List a user's tokens (never the keys).")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by the prefix it starts with.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "revoke":
            token = ApiToken.objects.filter(
                prefix=options["prefix"][:10], revoked_at__isnull=True
            ).first()
            if token is None:
                raise CommandError(f"No active token starts with {options['prefix']!r}.")
            tokens.revoke_token(token, by=SYSTEM)
            self.stdout.write(f"Revoked {token.prefix}…")
            return
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}.")
        if action == "create":
            _token, key = tokens.create_token(user, by=SYSTEM, name=options["name"])
            self.stdout.write(key)
        else:
            for token in ApiToken.objects.filter(user=user):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}…  {state}  {token.name}  {token.created_at:%F}")
