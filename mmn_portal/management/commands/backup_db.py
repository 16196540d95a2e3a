from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from mmn_portal.backup import BackupError, backup_database


class Command(BaseCommand):
    help = "Back up the whole database (content, history, feedback, trials, accounts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="File to write (default: backups/<time>.<ext>)."
        )

    def handle(self, *args, output: Path | None, **options):
        if output is None:
            suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
            output = Path("backups") / f"mmn-portal-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"
        try:
            written = backup_database(output)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))
