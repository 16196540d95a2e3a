# PostgreSQL only: the trial search's narrow table in listing order (trials/listing.py says
# why), kept by triggers on trials_trial, with the search's indexes, which leave trials_trial
# (its full word index stays, for searches outside the trial search). A change to one of
# these columns of trials_trial needs a migration that writes this trigger again.

import importlib

import django.contrib.postgres.search
from django.db import migrations, models

from trials.migration_operations import RemoveIndexOnPostgres

COLUMNS = (
    "is_at_this_clinic", "last_update_posted", "start_date", "is_hidden", "overall_status",
    "status_verified", "study_type", "phase_codes", "site_countries", "healthy_volunteers",
    "minimum_age_days", "maximum_age_days", "sex", "search_vector",
)
OPEN = "NOT is_hidden AND overall_status IN ('RECRUITING', 'NOT_YET_RECRUITING')"
LISTING_ORDER = "is_at_this_clinic DESC, last_update_posted DESC NULLS LAST, id"
TABLE = f"""
CREATE TABLE trials_listing AS
    SELECT id, {", ".join(COLUMNS)} FROM trials_trial ORDER BY ({OPEN}) DESC, {LISTING_ORDER};
ALTER TABLE trials_listing ADD PRIMARY KEY (id);
ALTER TABLE trials_listing ALTER COLUMN search_vector SET STORAGE MAIN;
CREATE INDEX trials_listing_order_idx ON trials_listing ({LISTING_ORDER});
CREATE INDEX trials_listing_cluster_idx ON trials_listing (({OPEN}) DESC, {LISTING_ORDER});
CREATE INDEX trials_listing_open_idx ON trials_listing ({LISTING_ORDER}) WHERE {OPEN};
CREATE INDEX trials_listing_updated_idx ON trials_listing
    (last_update_posted DESC NULLS LAST, id) WHERE NOT is_hidden;
CREATE INDEX trials_listing_start_idx ON trials_listing
    (start_date DESC NULLS LAST, id) WHERE NOT is_hidden;
CREATE INDEX trials_listing_words_gin ON trials_listing USING gin (search_vector);
CREATE INDEX trials_listing_open_words_gin ON trials_listing USING gin (search_vector)
    WHERE {OPEN};
CREATE INDEX trials_listing_countries_gin ON trials_listing
    USING gin (string_to_array(site_countries, '|'));
CREATE INDEX trials_listing_phases_gin ON trials_listing
    USING gin (string_to_array(phase_codes, '|'));
ANALYZE trials_listing;
"""
TRIGGERS = f"""
CREATE FUNCTION trials_listing_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM trials_listing WHERE id = OLD.id;
    ELSE
        INSERT INTO trials_listing (id, {", ".join(COLUMNS)})
        VALUES (NEW.id, {", ".join(f"NEW.{c}" for c in COLUMNS)})
        ON CONFLICT (id) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS)};
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION trials_listing_empty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE trials_listing;
    RETURN NULL;
END $$;
CREATE TRIGGER trials_listing_insert_delete AFTER INSERT OR DELETE ON trials_trial
    FOR EACH ROW EXECUTE FUNCTION trials_listing_write();
CREATE TRIGGER trials_listing_update AFTER UPDATE ON trials_trial FOR EACH ROW
    WHEN (({", ".join(f"OLD.{c}" for c in COLUMNS)})
          IS DISTINCT FROM ({", ".join(f"NEW.{c}" for c in COLUMNS)}))
    EXECUTE FUNCTION trials_listing_write();
CREATE TRIGGER trials_listing_truncate AFTER TRUNCATE ON trials_trial
    FOR EACH STATEMENT EXECUTE FUNCTION trials_listing_empty();
"""
# The trial search's indexes on trials_trial (migrations 0003, 0004 and 0008), now on
# trials_listing.
OLD_INDEXES = ("trial_listed_default_idx", "trial_listed_updated_idx", "trial_listed_start_idx",
               "trial_listed_open_idx", "trial_site_countries_gin", "trial_phase_codes_gin")
DROP = """
DROP TRIGGER trials_listing_insert_delete ON trials_trial;
DROP TRIGGER trials_listing_update ON trials_trial;
DROP TRIGGER trials_listing_truncate ON trials_trial;
DROP FUNCTION trials_listing_write();
DROP FUNCTION trials_listing_empty();
DROP TABLE trials_listing;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TABLE)
        schema_editor.execute(TRIGGERS)
        for name in OLD_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name};")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        for migration, sql in (("0003_listing_indexes_vector_storage", "INDEXES"),
                               ("0004_listed_open_index", "INDEX"),
                               ("0008_trial_site_countries", "INDEXES")):
            module = importlib.import_module(f"trials.migrations.{migration}")
            schema_editor.execute(getattr(module, sql))


class Migration(migrations.Migration):

    dependencies = [
        ('trials', '0015_searchword_language'),
    ]

    operations = [
        migrations.CreateModel(
            name='TrialListing',
            fields=[
                ('id', models.IntegerField(primary_key=True, serialize=False)),
                ('is_at_this_clinic', models.BooleanField(default=False, verbose_name='at this clinic')),
                ('last_update_posted', models.DateField(blank=True, db_index=True, null=True)),
                ('start_date', models.DateField(blank=True, null=True)),
                ('is_hidden', models.BooleanField(default=False, verbose_name='hidden')),
                ('overall_status', models.CharField(choices=[('RECRUITING', 'Recruiting'), ('NOT_YET_RECRUITING', 'Not yet recruiting'), ('ENROLLING_BY_INVITATION', 'Enrolling by invitation'), ('ACTIVE_NOT_RECRUITING', 'Active, not recruiting'), ('SUSPENDED', 'Suspended'), ('TERMINATED', 'Terminated'), ('COMPLETED', 'Completed'), ('WITHDRAWN', 'Withdrawn'), ('UNKNOWN', 'Unknown status'), ('AVAILABLE', 'Available (expanded access)'), ('NO_LONGER_AVAILABLE', 'No longer available'), ('TEMPORARILY_NOT_AVAILABLE', 'Temporarily not available'), ('APPROVED_FOR_MARKETING', 'Approved for marketing'), ('WITHHELD', 'Withheld')], default='RECRUITING', max_length=32, verbose_name='status')),
                ('status_verified', models.DateField(blank=True, help_text='The month the sponsor last confirmed the status (first day of that month).', null=True, verbose_name='status last verified')),
                ('study_type', models.CharField(choices=[('INTERVENTIONAL', 'Interventional (tests a treatment)'), ('OBSERVATIONAL', 'Observational (watches and measures)'), ('EXPANDED_ACCESS', 'Expanded access')], default='INTERVENTIONAL', max_length=20)),
                ('phase_codes', models.CharField(blank=True, db_index=True, editable=False, help_text='Phases as |PHASE1|PHASE2| so they filter the same way on every database.', max_length=80)),
                ('site_countries', models.TextField(blank=True, editable=False, help_text="Its sites' countries as |Canada|United States|, for the country filter. Kept current by Site.save() and delete() and by the importer.")),
                ('healthy_volunteers', models.BooleanField(blank=True, null=True)),
                ('minimum_age_days', models.PositiveIntegerField(blank=True, help_text='Empty: none.', null=True)),
                ('maximum_age_days', models.PositiveIntegerField(blank=True, help_text='Empty: none.', null=True)),
                ('sex', models.CharField(choices=[('ALL', 'All'), ('FEMALE', 'Female'), ('MALE', 'Male')], default='ALL', max_length=6)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={
                'db_table': 'trials_listing',
                'managed': False,
            },
        ),
        RemoveIndexOnPostgres(
            model_name='trial',
            name='trial_open_search_gin',
        ),
        migrations.RunPython(forwards, backwards),
    ]
