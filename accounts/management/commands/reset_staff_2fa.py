from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.management.commands._enrolment import write_enrolment
from accounts.services import enrol_second_factor


class Command(BaseCommand):
    help = (
        "Re-enrol a staff user's second factor (lost phone, used-up recovery codes): the old "
        "authenticator and codes stop working, open verified sessions lose admin access, and "
        "a new secret and 10 recovery codes are printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--qr", action="store_true", help="Also print a QR code.")

    def handle(self, *args, username, qr, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff account; nothing to reset.")
        enrolment = enrol_second_factor(user=user)
        self.stdout.write(self.style.SUCCESS(f"New second factor for {username!r}."))
        write_enrolment(self.stdout, enrolment, qr=qr)
