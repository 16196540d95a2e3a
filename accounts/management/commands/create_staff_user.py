import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.management.commands._enrolment import write_enrolment
from accounts.services import enrol_second_factor


class Command(BaseCommand):
    help = (
        "Create or update a staff user, enrol an authenticator app and issue 10 recovery "
        "codes. The secret and codes are printed once. Re-running for an existing user "
        "sets the new password and replaces their second factor."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--superuser", action="store_true", help="Give every permission.")
        parser.add_argument(
            "--group", action="append", default=[], dest="groups", metavar="NAME",
            help="Add the user to this existing group (repeatable), e.g. --group editor.",
        )
        parser.add_argument(
            "--password-from-env", metavar="VAR",
            help="Read the password from this environment variable instead of prompting.",
        )
        parser.add_argument("--qr", action="store_true", help="Also print a QR code.")

    def handle(self, *args, username, email, superuser, groups, password_from_env, qr,
               **options):
        groups_found = list(Group.objects.filter(name__in=groups))
        if missing := sorted(set(groups) - {group.name for group in groups_found}):
            raise CommandError(
                f"Unknown group(s): {', '.join(missing)}. Run `manage.py create_roles` first "
                "or check the spelling."
            )
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        if email:
            user.email = email
        user.is_staff = True
        user.is_active = True
        if superuser:
            user.is_superuser = True
        password = self.read_password(password_from_env)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("Password refused: " + " ".join(exc.messages)) from exc
        user.set_password(password)

        with transaction.atomic():
            created = user.pk is None
            user.save()
            user.groups.add(*groups_found)
            enrolment = enrol_second_factor(user=user)

        kind = "superuser" if user.is_superuser else "staff user"
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {kind} {username!r}."))
        write_enrolment(self.stdout, enrolment, qr=qr)
        self.stdout.write("Sign in at /admin/ with the username, password and a 6-digit code.")

    def read_password(self, env_var: str | None) -> str:
        if env_var:
            password = os.environ.get(env_var, "")
            if not password:
                raise CommandError(f"The environment variable {env_var} is empty or not set.")
            return password
        try:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt) as exc:
            raise CommandError("No password given.") from exc
        if password != again:
            raise CommandError("The passwords did not match.")
        if not password:
            raise CommandError("No password given.")
        return password
