# PostgreSQL only: a phrase never runs from one field into the next ("fibrosis cystic" across
# a title that ends "Cystic Fibrosis" and conditions that start "Cystic ..."), as in SQLite's
# FTS5, where each field is its own column. tsvector || tsvector puts the right one's first
# word straight after the left one's last; a leading stop word leaves a position free.

import importlib

from django.db import migrations

previous = importlib.import_module("trials.migrations.0012_search_accents_spelling_shape")
FIELD = "' the ' || " + previous.FIELD


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(previous.trigger("portal_english", FIELD))
        schema_editor.execute(previous.RECOMPUTE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(previous.trigger("portal_english", previous.FIELD))
        schema_editor.execute(previous.RECOMPUTE)


class Migration(migrations.Migration):

    dependencies = [
        ("trials", "0012_search_accents_spelling_shape"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
