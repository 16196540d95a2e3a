from django.core.management.base import BaseCommand

from trials.models import TrackedCondition


class Command(BaseCommand):
    help = ("Add the shipped tracked conditions that are missing, then link conditions without "
            "an article to the article of the same name.")

    def handle(self, *args, **options):
        added = TrackedCondition.add_shipped()
        linked = TrackedCondition.link_articles()
        self.stdout.write(f"Added {added} and linked {linked} tracked condition(s).")
