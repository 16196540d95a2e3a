from django.db import migrations, models

# Result cards read a trial's number of sites from its row (one query fewer per search).
FILL = """
UPDATE trials_trial SET site_count = (
    SELECT count(*) FROM trials_site WHERE trials_site.trial_id = trials_trial.id
) WHERE EXISTS (SELECT 1 FROM trials_site WHERE trials_site.trial_id = trials_trial.id)
"""


class Migration(migrations.Migration):

    dependencies = [
        ("trials", "0016_trial_listing"),
    ]

    operations = [
        migrations.AddField(
            model_name="trial",
            name="site_count",
            field=models.PositiveIntegerField(
                default=0, editable=False,
                help_text="How many sites it lists; kept like site_countries.",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=True),
    ]
