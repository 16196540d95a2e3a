from django.core.management import call_command
from django.core.management.base import BaseCommand

# (command, args) run in order; each step is idempotent on its own.
STEPS: list[tuple[str, list[str]]] = [
    ("create_roles", []),
    ("load_content", []),
    ("import_trials", ["trials/sample_data", "--verbosity", "1"]),
    ("link_tracked_conditions", []),
    # Last, so `make run` ends with how to sign in. Skipped when DEBUG is off.
    ("ensure_demo_account", ["--if-debug"]),
]


class Command(BaseCommand):
    help = "Load the shipped content and sample trials. Safe to run repeatedly."

    def handle(self, *args, **options):
        for name, step_args in STEPS:
            self.stdout.write(f"-> {name} {' '.join(step_args)}")
            call_command(name, *step_args, stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(self.style.SUCCESS("Site data is loaded."))
