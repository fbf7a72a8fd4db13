"""`taizhang stats <subject> [--format json|text] [--user USERNAME] ...`: a module's
statistics. The subjects and their own options are registered by the modules
(core/modules.StatsSubject); `taizhang stats --help` lists them. All data by default; with
--user, what that user sees."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from taizhang.core.modules import stats_subjects


class Command(BaseCommand):
    help = "A module's statistics, as JSON or as Chinese text: taizhang stats <subject> --help."

    def add_arguments(self, parser: CommandParser) -> None:
        subjects = parser.add_subparsers(dest="subject", required=True, metavar="subject")
        for subject in stats_subjects().values():
            sub = subjects.add_parser(subject.key, help=str(subject.help))
            sub.add_argument("--format", choices=["json", "text"], default="json")
            sub.add_argument("--user", help="count what this user sees (default: everything)")
            subject.add_arguments(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        subject = stats_subjects()[options["subject"]]
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user %(name)s.") % {"name": options["user"]})
        self.stdout.write(subject.run(options, user))
