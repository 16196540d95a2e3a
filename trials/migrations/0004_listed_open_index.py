from django.db import migrations

# PostgreSQL only. The default search shows open trials (RECRUITING, NOT_YET_RECRUITING:
# about a fifth of all). Walking trial_listed_default_idx for them read five rows for every
# open one; this index holds only open, listed trials, in the same order.
INDEX = """
CREATE INDEX trial_listed_open_idx ON trials_trial
    (is_at_this_clinic DESC, last_update_posted DESC NULLS LAST, id)
    WHERE NOT is_hidden AND overall_status IN ('RECRUITING', 'NOT_YET_RECRUITING');
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS trial_listed_open_idx;")


class Migration(migrations.Migration):

    dependencies = [
        ("trials", "0003_listing_indexes_vector_storage"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
