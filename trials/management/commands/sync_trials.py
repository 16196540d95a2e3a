from django.core.management.base import BaseCommand, CommandError

from trials.models import Status
from trials.sync import SyncError, sync


class Command(BaseCommand):
    help = (
        "Fetch studies for a condition from the ClinicalTrials.gov API v2 and import them. "
        "Nothing changes unless every page was read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--condition", required=True, help='e.g. "multifocal motor neuropathy"')
        parser.add_argument(
            "--status", action="append", default=[], choices=Status.values, dest="statuses",
            help="Only studies with this overall status (repeatable).",
        )
        parser.add_argument("--page-size", type=int, default=100, choices=range(1, 1001),
                            metavar="1-1000")

    def handle(self, *args, condition, statuses, page_size, verbosity, **options):
        def on_page(number: int, count: int) -> None:
            if verbosity >= 2:
                self.stdout.write(f"... page {number}: {count} studies")

        try:
            result = sync(
                condition=condition, statuses=statuses, page_size=page_size, on_page=on_page
            )
        except SyncError as exc:
            raise CommandError(f"{exc}. Nothing was changed.") from exc
        for error in result.errors:
            self.stderr.write(error)
        if not result.ok:
            raise CommandError("The studies could not be imported. Nothing was changed.")
        self.stdout.write(f"Trials: {result.summary()}.")
