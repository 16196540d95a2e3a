from django.core.management.base import BaseCommand

from trials.models import TrackedCondition


class Command(BaseCommand):
    help = "Link tracked conditions without an article to the article of the same name."

    def handle(self, *args, **options):
        linked = TrackedCondition.link_articles()
        self.stdout.write(f"Linked {linked} tracked condition(s) to their articles.")
