from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import TOTP_DEVICE_NAME, new_recovery_codes, secret_of

DEMO_USERNAME = "demo"
# Documented in the README. Safe only because this command refuses to run without DEBUG.
DEMO_PASSWORD = "demo-portal-local-only"  # noqa: S105
DEMO_RECOVERY_CODES = 5


class Command(BaseCommand):
    help = (
        "Local development only: create or refresh the `demo` superuser with an "
        "authenticator secret and fresh recovery codes, and print how to sign in. "
        "Refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-debug", action="store_true",
            help="Skip quietly (instead of failing) when DEBUG is off; used by load_site_data.",
        )

    @transaction.atomic
    def handle(self, *args, if_debug: bool, **options):
        if not settings.DEBUG:
            if if_debug:
                self.stdout.write("DEBUG is off: no demo account (production never has one).")
                return
            raise CommandError(
                "Refusing to create the demo account: DEBUG is off. It exists for "
                "`make run` on a developer's machine only."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "demo@example.org"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        # Keep the same secret between runs so an authenticator app set up once keeps working.
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
        codes = new_recovery_codes(user=user, count=DEMO_RECOVERY_CODES)

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"Demo staff account {'created' if created else 'ready'} (local only)."
        ))
        self.stdout.write("  Sign in at http://127.0.0.1:8000/admin/")
        self.stdout.write(f"  Username:       {DEMO_USERNAME}")
        self.stdout.write(f"  Password:       {DEMO_PASSWORD}")
        self.stdout.write("  Security code:  one of these recovery codes (each works once;")
        self.stdout.write("                  new ones are printed every time you run `make run`):")
        for code in codes:
            self.stdout.write(f"                  {code}")
        self.stdout.write(f"  Or add this key to an authenticator app: {secret_of(device)}")
        self.stdout.write("")
