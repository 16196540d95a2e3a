from django.core.management.base import BaseCommand, CommandError

from trials.importer import BATCH_SIZE, import_paths


class Command(BaseCommand):
    help = (
        "Create or update trials from ClinicalTrials.gov API v2 JSON: study files, "
        '{"studies": [...]} pages, folders (every *.json inside) or - for stdin. '
        "Safe to run repeatedly; each file is imported completely or not at all."
    )

    stealth_options = ("stdin",)  # tests pass a binary stream for "-"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders, or - for stdin.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--workers", type=int, default=1,
            help="Files imported side by side on PostgreSQL, in this many processes (for a "
            "large import, one per core). SQLite and stdin always use one.",
        )
        parser.add_argument(
            "--progress-every", type=int, default=5000, help="Report progress every N studies."
        )

    def handle(self, *args, paths, batch_size, progress_every, workers, verbosity, **options):
        if batch_size < 1 or progress_every < 1 or workers < 1:
            raise CommandError("--batch-size, --progress-every and --workers must be at least 1.")
        seen = {"studies": 0, "reported": 0}

        def progress(count: int) -> None:
            seen["studies"] += count
            if verbosity >= 1 and seen["studies"] - seen["reported"] >= progress_every:
                seen["reported"] = seen["studies"]
                self.stdout.write(f"... {seen['studies']} studies read")

        result = import_paths(
            paths, stdin=options.get("stdin"), batch_size=batch_size,
            progress=progress, workers=workers,
        )
        for error in result.errors:
            self.stderr.write(error)
        if verbosity >= 1 or not result.ok:
            self.stdout.write(f"Trials: {result.summary()}.")
        if not result.ok:
            raise CommandError(f"{result.failed_files} of {result.files} files failed to import.")
