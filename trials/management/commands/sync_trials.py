from django.core.management.base import BaseCommand, CommandError

from trials.models import Status
from trials.sync import SyncError, sync, sync_tracked


class Command(BaseCommand):
    help = (
        "Fetch studies from the ClinicalTrials.gov API v2 and import them: every tracked "
        "condition (no arguments; only studies updated since the last good run), or one "
        "--condition. Nothing changes unless every page was read. Each tracked run is "
        "recorded and shown on the staff dashboard."
    )

    def add_arguments(self, parser):
        parser.add_argument("--condition", help='One condition, e.g. "multifocal motor neuropathy"')
        parser.add_argument(
            "--status", action="append", default=[], choices=Status.values, dest="statuses",
            help="With --condition: only studies with this overall status (repeatable).",
        )
        parser.add_argument("--full", action="store_true",
                            help="Fetch every study, not only those updated since the last run.")
        parser.add_argument("--page-size", type=int, default=100, choices=range(1, 1001),
                            metavar="1-1000")

    def handle(self, *args, condition, statuses, full, page_size, verbosity, **options):
        if condition:
            return self._one_condition(condition, statuses, page_size, verbosity)

        def on_page(name: str, number: int, count: int) -> None:
            if verbosity >= 2:
                self.stdout.write(f"... {name}, page {number}: {count} studies")

        run = sync_tracked(full=full, page_size=page_size, on_page=on_page)
        for row in run.conditions.all():
            line = (f"{row.condition_name}: {row.fetched} fetched, {row.created} created, "
                    f"{row.updated} updated, {row.unchanged} unchanged, {row.failed} failed")
            if row.no_longer_matching:
                line += f"; no longer matching: {', '.join(row.no_longer_matching)}"
            self.stdout.write(line)
        if not run.is_ok:
            raise CommandError(f"{run.error}. Nothing was changed.")
        kind = f"updated since {run.updated_since}" if run.is_incremental else "all studies"
        self.stdout.write(f"Sync finished ({kind}).")

    def _one_condition(self, condition, statuses, page_size, verbosity):
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
