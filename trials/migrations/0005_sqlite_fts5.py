from django.db import migrations

from trials.search import fts

# SQLite only: the FTS5 index of trials and the triggers that keep it current (see
# trials/search/fts.py). PostgreSQL searches its stored vector (migration 0002).


def forwards(apps, schema_editor):
    fts.ensure(schema_editor.connection)


def backwards(apps, schema_editor):
    fts.drop(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("trials", "0004_listed_open_index"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
