"""Spelling help keeps each language's words apart: an English search is never "corrected"
to a word only the Spanish pages use, on either database."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from trials.models import SearchWord
from trials.search.spelling import parse_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db):
    call_command("load_content", stdout=None)


@pytest.mark.parametrize("typed, language, fixes", [
    ("immunoglobulin side efects", "en", {"efects": "effects"}),  # was "efectos"
    ("neuropaty", "en", {"neuropaty": "neuropathy"}),
    ("efectos secundaros", "es", {"secundaros": "secundarios"}),
    ("entumesimiento", "es", {"entumesimiento": "entumecimiento"}),
    ("inmunoglobulna", "es", {"inmunoglobulna": "inmunoglobulina"}),
])
def test_a_misspelt_word_is_read_as_a_word_of_the_querys_language(
        content, typed, language, fixes):
    assert parse_query(typed, language).corrections == fixes


def test_the_pages_words_are_kept_in_their_language(content):
    assert list(SearchWord.objects.filter(word="efectos").values_list("language", flat=True)) \
        == ["es"]
    assert SearchWord.objects.filter(word="effects", language="en").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_spanish_pages_words_out_of_the_english_vocabulary():
    from conditions.models import SearchEntry

    executor = MigrationExecutor(connection)
    executor.migrate([("trials", "0014_clinic_text_review")])
    try:
        old = executor.loader.project_state([("trials", "0014_clinic_text_review")]).apps
        words = old.get_model("trials", "SearchWord")
        words.objects.bulk_create([words(word=w) for w in ("efectos", "effects", "nervio")])
        SearchEntry.objects.create(kind="section", url="/es/x/", title="Efectos", body="nervio",
                                   position=1, language="es")
        SearchEntry.objects.create(kind="section", url="/x/", title="Effects", body="nervio",
                                   position=1, language="en")
        executor = MigrationExecutor(connection)
        executor.migrate([("trials", "0015_searchword_language")])
        kept = set(SearchWord.objects.values_list("word", "language"))
        assert kept == {("efectos", "es"), ("effects", "en"), ("nervio", "en"),
                        ("nervio", "es")}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
