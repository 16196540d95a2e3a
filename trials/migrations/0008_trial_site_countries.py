from django.db import migrations, models

# PostgreSQL only. The country and phase filters read the trial row (TrialQuerySet.in_country,
# with_phase): the planner checks them while walking a listing index and stops early, or,
# for a rare country or phase, looks the trials up here and ANDs the bitmap with the words'.
FILL = """
UPDATE trials_trial t SET site_countries = s.codes
FROM (
    SELECT trial_id, '|' || string_agg(DISTINCT btrim(replace(country, '|', ' ')), '|'
        ORDER BY btrim(replace(country, '|', ' '))) || '|'
        AS codes
    FROM trials_site WHERE btrim(country) <> '' GROUP BY trial_id
) s
WHERE s.trial_id = t.id;
"""
INDEXES = """
CREATE INDEX trial_site_countries_gin ON trials_trial
    USING gin (string_to_array(site_countries, '|'));
CREATE INDEX trial_phase_codes_gin ON trials_trial USING gin (string_to_array(phase_codes, '|'));
ANALYZE trials_trial;
"""
UNDO = """
DROP INDEX IF EXISTS trial_site_countries_gin;
DROP INDEX IF EXISTS trial_phase_codes_gin;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)
        schema_editor.execute(INDEXES)
        return
    Site = apps.get_model("trials", "Site")
    Trial = apps.get_model("trials", "Trial")
    countries: dict[int, set[str]] = {}
    for trial_id, country in Site.objects.values_list("trial_id", "country").iterator():
        country = country.replace("|", " ").strip()
        if country:
            countries.setdefault(trial_id, set()).add(country)
    for trial_id, found in countries.items():
        codes = "".join(f"|{c}" for c in sorted(found)) + "|"
        Trial.objects.filter(pk=trial_id).update(site_countries=codes)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNDO)


class Migration(migrations.Migration):

    dependencies = [
        ("trials", "0007_registry_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="trial",
            name="site_countries",
            field=models.TextField(
                blank=True, default="", editable=False,
                help_text="Its sites' countries as |Canada|United States|, for the country "
                "filter. Kept current by Site.save() and delete() and by the importer.",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(forwards, backwards),
    ]
