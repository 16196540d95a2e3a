"""Content search in Spanish, one table run as it is on SQLite and on PostgreSQL: what a
Spanish-speaking patient types finds the part of the Spanish page that answers it
(Spanish stemming, accents folded, Spanish synonyms, questions, misspellings)."""

import pytest
from django.db import connection

from common.query_languages import SPANISH, stem_tokens
from conditions import search_index
from conditions.models import SearchEntry
from conditions.search import search_content
from tests.search import urls
from tests.search.spanish import (
    ALS,
    CIDP,
    GLOSSARY_ALS,
    GLOSSARY_BLOCK,
    MMN,
    make_spanish_site,
)
from trials.search.spelling import parse_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_site(db):
    make_spanish_site()
    search_index.ensure_current()  # as the first search does


# (what a patient types, a page or anchor that answers it among the first three results)
TABLE = [
    ("tratamiento de la nmm", f"{MMN}#treatment"),
    ("¿Cómo se trata la NMM?", f"{MMN}#treatment"),
    ("efectos secundarios de la igiv", f"{MMN}#treatment-efectos-secundarios-de-la-igiv"),
    ("efectos secundarios de la inmunoglobulina intravenosa",
     f"{MMN}#treatment-efectos-secundarios-de-la-igiv"),
    ("manos débiles", f"{MMN}#symptoms"),
    ("mano debil", f"{MMN}#symptoms"),  # no accent, singular: the same stems
    ("¿se cura la nmm?", f"{MMN}#outlook"),
    ("¿La NMM es mortal?", f"{MMN}#outlook"),
    ("diferencia entre pdic y nmm", f"{CIDP}#how-it-differs-from-mmn"),
    ("enfermedad de lou gehrig", GLOSSARY_ALS),
    ("enfermedad de la motoneurona", GLOSSARY_ALS),
    ("neuropatia motora multifocal", MMN),  # no accents
    ("NEUROPATÍA MOTORA MULTIFOCAL", MMN),
    ("neuropatía motora multifocla", MMN),  # misspelt
    ("inmunoglobulina bajo la piel", f"{MMN}#treatment-inmunoglobulina-subcutanea"),
    ("IgSC en casa", f"{MMN}#treatment-inmunoglobulina-subcutanea"),
    ("electromiografía", f"{MMN}#diagnosis-electromiografia"),
    ("emg", f"{MMN}#diagnosis-electromiografia"),
    ("prueba de los nervios", f"{MMN}#diagnosis-estudio-de-conduccion-nerviosa"),
    ("estudio de conducción nerviosa", f"{MMN}#diagnosis-estudio-de-conduccion-nerviosa"),
    ("prednisona", f"{MMN}#treatment-lo-que-no-se-usa"),
    ("¿los esteroides ayudan en la nmm?", f"{MMN}#treatment-lo-que-no-se-usa"),
    ("adormecimiento", f"{MMN}#symptoms"),  # the page says entumecimiento
    ("¿la nmm es lo mismo que la ela?", f"{MMN}#is-mmn-the-same-as-als"),
    ("bloqueo de conduccion", GLOSSARY_BLOCK),
    ('"bloqueo de conducción"', GLOSSARY_BLOCK),
    ("pdic OR cidp", f"{CIDP}#how-it-differs-from-mmn"),
    ("igiv -igsc", f"{MMN}#treatment"),
    ("señal del nervio", GLOSSARY_BLOCK),
]


def test_what_spanish_speakers_type_finds_the_answer_on_every_database(spanish_site):
    # One test for the whole table: making the site once keeps it quick.
    missed = {q: urls(q, "es")[:3] for q, expected in TABLE if expected not in urls(q, "es")[:3]}
    assert missed == {}
    assert len(TABLE) >= 15


def test_spanish_results_link_to_the_spanish_parts_and_english_ones_to_english(spanish_site):
    spanish = SearchEntry.objects.filter(language="es", url=f"{MMN}#symptoms").get()
    assert (spanish.title, spanish.lang) == ("Síntomas", "")
    english_url = f"{MMN}#symptoms".removeprefix("/es")
    english = SearchEntry.objects.filter(language="en", url=english_url).get()
    assert english.title == "Symptoms"
    # Each search reads its own language's entries only.
    assert urls("manos débiles", "en") == []
    assert f"{MMN}#symptoms" not in urls("weak hands", "es")
    assert english_url in urls("weak hands", "en")


def test_a_part_not_yet_translated_is_found_and_marked_as_english(spanish_site):
    results = search_content(parse_query("ELA", "es"))
    found = {r.url: r for group in results.groups for r in group.results}
    assert found[ALS].lang == "en"  # the ALS article has no Spanish translation
    assert found[GLOSSARY_ALS].lang == ""  # its glossary term has one
    assert found[GLOSSARY_ALS].title == "Esclerosis lateral amiotrófica"


def test_minus_leaves_out_every_spanish_part_with_the_word_or_its_synonyms(spanish_site):
    found = urls("igiv -igsc", "es")
    assert f"{MMN}#treatment" in found
    assert f"{MMN}#treatment-inmunoglobulina-subcutanea" not in found
    for entry in SearchEntry.objects.filter(language="es", url__in=found):
        text = f"{entry.title} {entry.summary} {entry.body}".lower()
        assert "igsc" not in text and "piel" not in text


def test_snippets_mark_the_spanish_words_found(spanish_site):
    results = search_content(parse_query("manos débiles", "es"))
    snippets = [str(r.snippet) for group in results.groups for r in group.results]
    assert any("<mark>manos</mark>" in s and "<mark>débil</mark>" in s for s in snippets)


def test_the_spanish_index_follows_translation_approvals(spanish_site):
    from conditions import translations, workflow
    from conditions.models import GlossaryTerm
    from tests.search.spanish import translate

    assert urls("interrupción", "es") == []
    term = GlossaryTerm.objects.originals().get(slug="conduction-block")
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    editor, reviewer = users.get(username="es-editor"), users.get(username="es-reviewer")
    draft = translations.start_translation(item=term, language="es", user=editor)
    draft.text = {**draft.text, "definition": "Una interrupción de la señal del nervio."}
    workflow._save(draft, editor, "Edited")
    assert urls("interrupción", "es") == []  # a draft is not public
    workflow.submit_for_review(item=draft, user=editor)
    workflow.approve_and_publish(item=draft, user=reviewer)
    assert urls("interrupción", "es") == [GLOSSARY_BLOCK]
    assert translate  # the same steps as the fixture's


def test_both_databases_hold_the_same_spanish_stems(spanish_site):
    """SQLite's Spanish index is stemmed in Python: every word of the Spanish entries must
    get the stem PostgreSQL's portal_spanish gives it, and the stop words must be the ones
    it drops, or the two databases would give different answers."""
    from common.text import fold

    words = sorted({w for e in SearchEntry.objects.filter(language="es")
                    for w in fold(f"{e.title} {e.summary} {e.body}").split() if w.isalpha()})
    assert len(words) > 50
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT w, (SELECT string_agg(lexeme, ' ') FROM unnest("
                           "to_tsvector('portal_spanish', w))) FROM unnest(%s::text[]) AS w",
                           [words + sorted(SPANISH.stop_words)])
            stems = dict(cursor.fetchall())
    else:  # what the FTS5 table holds for these words
        with connection.cursor() as cursor:
            cursor.execute("CREATE VIRTUAL TABLE temp.es_vocab USING "
                           "fts5vocab(main, conditions_searchentry_fts_es, row)")
            cursor.execute("SELECT term FROM temp.es_vocab")
            held = {row[0] for row in cursor.fetchall()}
            cursor.execute("DROP TABLE temp.es_vocab")
        stems = {w: stem_tokens(w, "spanish") if stem_tokens(w, "spanish") in held else None
                 for w in words}
        stems |= {w: None for w in SPANISH.stop_words}
    expected = {w: None if w in SPANISH.stop_words else stem_tokens(w, "spanish")
                for w in words + sorted(SPANISH.stop_words)}
    assert {w: s for w, s in stems.items() if s != expected[w]} == {}


def test_the_spanish_search_page_shows_spanish_parts_and_marks_english_ones(client, spanish_site):
    page = client.get("/es/search/", {"q": "ELA"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{GLOSSARY_ALS}">Esclerosis lateral amiotrófica</a>' in html
    # The untranslated ALS article: its words marked as English, and the visitor told so.
    start = html.index(f'href="{ALS}"')
    item = html[html.rindex("<li", 0, start):html.index("</li>", start)]
    assert f'href="{ALS}" lang="en"' in item and "(en inglés)" in item
    english = client.get("/search/", {"q": "ELA"}).content.decode()
    assert "Esclerosis lateral amiotrófica" not in english
