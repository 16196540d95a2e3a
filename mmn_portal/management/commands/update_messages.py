"""Collect the interface strings into locale/<language>/LC_MESSAGES/django.po.

The one place that says which files hold interface strings: `make messages` runs it, and
tests/i18n/test_catalogue.py runs it into a temporary folder to prove the committed
catalogue holds every string. The staff admin stays English (README "Languages"), so its
files are left out.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands import makemessages

IGNORE = [
    ".venv", "node_modules", "bench", "tests", "tools", "staticfiles", "deploy", "media",
    "*/migrations/*", "*/admin.py", "templates/admin/*",
]


class Collector(makemessages.Command):
    """makemessages writing every catalogue into one folder: Django's own picks the folder
    by where each file lies, so LOCALE_PATHS alone cannot send them elsewhere."""

    def __init__(self, target: str | None = None):
        super().__init__()
        self.target = target

    def find_files(self, root):
        files = super().find_files(root)
        if self.target:
            self.locale_paths = [self.target]  # read next, to write the catalogues
            for found in files:
                found.locale_dir = self.target
        return files


class Command(BaseCommand):
    help = "Update the .po catalogues from the code and templates (then run compilemessages)."

    def add_arguments(self, parser):
        parser.add_argument("--locale-dir", help="Write the catalogues here instead.")

    def handle(self, *args, locale_dir=None, **options):
        languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        call_command(Collector(locale_dir), locale=languages, no_location=True, no_wrap=True,
                     ignore_patterns=IGNORE, verbosity=options["verbosity"])
