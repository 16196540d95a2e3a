# Accents are folded on PostgreSQL as on SQLite (FTS5 remove_diacritics): the search vector
# and queries use portal_english, the english configuration with unaccent before stemming,
# and hyphens separate words as they do in FTS5.
# Spelling help reads the vocabulary by first letter and length on every database.

import django.db.models.functions.text
from django.db import migrations, models

from trials.migration_operations import RemoveIndexOnPostgres

# Hyphens become spaces before parsing, as in SQLite's FTS5: PostgreSQL's parser reads the
# "-19" of "COVID-19" as a negative number, so "COVID 19" would not find it.
FIELD = "translate(COALESCE(NEW.{name}, ''), '-', ' ')"
TRIGGER = """
CREATE OR REPLACE FUNCTION trials_trial_search_vector() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.search_vector IS NULL
       OR NEW.brief_title IS DISTINCT FROM OLD.brief_title
       OR NEW.official_title IS DISTINCT FROM OLD.official_title
       OR NEW.acronym IS DISTINCT FROM OLD.acronym
       OR NEW.conditions_text IS DISTINCT FROM OLD.conditions_text
       OR NEW.interventions_text IS DISTINCT FROM OLD.interventions_text
       OR NEW.brief_summary IS DISTINCT FROM OLD.brief_summary THEN
        NEW.search_vector :=
            setweight(to_tsvector('{config}'::regconfig, {brief_title} || ' '
                || {official_title} || ' ' || {acronym}), 'A')
            || setweight(to_tsvector('{config}'::regconfig, {conditions_text}), 'B')
            || setweight(to_tsvector('{config}'::regconfig, {interventions_text}), 'C')
            || setweight(to_tsvector('{config}'::regconfig, {brief_summary}), 'D');
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""
FIELDS = ("brief_title", "official_title", "acronym", "conditions_text", "interventions_text",
          "brief_summary")
OLD_FIELD = "COALESCE(NEW.{name}, '')"


def trigger(config: str, field: str) -> str:
    return TRIGGER.format(config=config, **{name: field.format(name=name) for name in FIELDS})


CREATE_CONFIG = """
CREATE TEXT SEARCH CONFIGURATION portal_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION portal_english
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
"""
RECOMPUTE = "UPDATE trials_trial SET search_vector = NULL;"  # the trigger fills it again


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_CONFIG)
        schema_editor.execute(trigger("portal_english", FIELD))
        schema_editor.execute(RECOMPUTE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(trigger("english", OLD_FIELD))
        schema_editor.execute(RECOMPUTE)
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION portal_english;")


class Migration(migrations.Migration):

    dependencies = [
        ("conditions", "0002_search_extensions"),  # unaccent
        ("trials", "0011_open_trials_search_index"),
    ]

    operations = [
        RemoveIndexOnPostgres(
            model_name="searchword",
            name="searchword_word_trgm_gin",
        ),
        migrations.AddIndex(
            model_name="searchword",
            index=models.Index(
                django.db.models.functions.text.Left("word", 1),
                django.db.models.functions.text.Length("word"),
                name="searchword_shape_idx",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
