from django.core.management.base import BaseCommand

from mmn_portal.roles import ensure_roles


class Command(BaseCommand):
    help = "Create the staff role groups (editor, medical reviewer, trial coordinator). Idempotent."

    def handle(self, *args, **options):
        for role, count in ensure_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
