"""PostgreSQL extensions for accent-insensitive and fuzzy search (no-ops on SQLite)."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("conditions", "0001_articles_glossary_faqs_comparisons")]

    operations = [UnaccentExtension(), TrigramExtension()]
