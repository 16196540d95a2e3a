"""Spelling help per language: each known word carries its language, so an English search
is never "corrected" to a word that only the Spanish pages use ("efects" to "efectos").

Until now the Spanish pages' words were kept with the English ones: here the Spanish
pages' words (from the content index) become Spanish words, and those found only on
Spanish pages leave the English vocabulary. The trials' words stay English (the registry's
language).
"""

import django.db.models.functions.text
from django.db import migrations, models

from common.query import words_of


def _words(texts) -> set[str]:
    # As SearchWord.words_in() keeps them.
    return {w for text in texts for w in words_of(text) if 3 <= len(w) <= 60 and w.isalpha()}


def spanish_words_become_spanish(apps, schema_editor):
    SearchEntry = apps.get_model("conditions", "SearchEntry")
    SearchWord = apps.get_model("trials", "SearchWord")

    def words(language):
        rows = SearchEntry.objects.filter(language=language).values_list(
            "title", "summary", "body")
        return _words(" ".join(row) for row in rows)

    spanish = words("es")
    SearchWord.objects.bulk_create([SearchWord(word=w, language="es") for w in sorted(spanish)],
                                   ignore_conflicts=True, batch_size=1000)
    spanish_only = sorted(spanish - words("en"))
    for start in range(0, len(spanish_only), 500):
        SearchWord.objects.filter(language="en",
                                  word__in=spanish_only[start:start + 500]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('trials', '0014_clinic_text_review'),
        ('conditions', '0012_search_in_spanish'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='searchword',
            name='searchword_shape_idx',
        ),
        migrations.AddField(
            model_name='searchword',
            name='language',
            field=models.CharField(default='en', max_length=8),
        ),
        migrations.AlterField(
            model_name='searchword',
            name='word',
            field=models.CharField(max_length=60),
        ),
        migrations.AddIndex(
            model_name='searchword',
            index=models.Index(models.F('language'), django.db.models.functions.text.Left('word', 1), django.db.models.functions.text.Length('word'), name='searchword_shape_idx'),
        ),
        migrations.AddConstraint(
            model_name='searchword',
            constraint=models.UniqueConstraint(fields=('word', 'language'), name='searchword_word_language_unique'),
        ),
        migrations.RunPython(spanish_words_become_spanish,
                             migrations.RunPython.noop),
    ]
