from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from enquiries.services import purge_old_enquiries


class Command(BaseCommand):
    help = ("Delete requests to the trial team past their retention time: closed ones after "
            "ENQUIRY_CLOSED_RETENTION_DAYS, any after ENQUIRY_MAX_RETENTION_DAYS. Run daily.")

    def add_arguments(self, parser):
        parser.add_argument("--closed-days", type=int,
                            default=settings.ENQUIRY_CLOSED_RETENTION_DAYS,
                            help="Days a closed request is kept after closing.")
        parser.add_argument("--any-days", type=int, default=settings.ENQUIRY_MAX_RETENTION_DAYS,
                            help="Days any request is kept after it was sent.")
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, closed_days: int, any_days: int, dry_run: bool, **options):
        if closed_days < 0 or any_days < 0:
            raise CommandError("Retention days cannot be negative.")
        count = purge_old_enquiries(closed_days=closed_days, any_days=any_days,
                                    dry_run=dry_run)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} request(s) to the trial team {verb}.")
