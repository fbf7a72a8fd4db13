"""`taizhang refresh_progress [--year Y]`: rebuild the plan rows' monthly progress (the sums of
approved reports the statistics read), e.g. after reports were loaded outside the services."""

from django.core.management.base import BaseCommand, CommandParser

from taizhang.projects.services import progress


class Command(BaseCommand):
    help = "Rebuild the plan rows' approved investment by month from the monthly reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Only this year's plan rows.")

    def handle(self, *args, **options) -> None:
        count = progress.rebuild(options["year"])
        self.stdout.write(f"{count} plan rows refreshed.")
