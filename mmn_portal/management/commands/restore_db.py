from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mmn_portal.backup import BackupError, restore_database


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by backup_db."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, path: Path, yes: bool, **options):
        if not yes and input(f"Replace all data with {path}? Type 'yes': ") != "yes":
            raise CommandError("Restore cancelled; nothing changed.")
        try:
            restore_database(path)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}"))
