"""The one query language, read in Spanish: the same grammar, Spanish synonyms, question and
filler words, accents folded; Spanish synonym phrases read as the registry's English words."""

import pytest

from common.fulltext import fts5_expression
from common.query import parse
from common.query_languages import ENGLISH, SPANISH, language, stem_tokens


def alternatives(q: str) -> list[set[str]]:
    return [{t.text for t in c.alternatives} for c in parse(q, lang="es").clauses]


def words(q: str) -> list[set[str]]:
    """Every clause's words as one set (a synonym group shows up as all its words)."""
    return [{w for t in c.alternatives for w in t.words} for c in parse(q, lang="es").clauses]


@pytest.mark.parametrize("typed, key", [
    ("IgIV", "igiv"), ("inmunoglobulina intravenosa", "igiv"), ("inmunoglobulina", "igiv"),
    ("IgSC", "igsc"), ("inmunoglobulina subcutánea", "igsc"), ("bajo la piel", "igsc"),
    ("ELA", "ela"), ("esclerosis lateral amiotrófica", "ela"),
    ("enfermedad de Lou Gehrig", "ela"), ("enfermedad de la motoneurona", "ela"),
    ("NMM", "nmm"), ("MMN", "nmm"), ("neuropatía motora multifocal", "nmm"),
    ("neuropatia motora multifocal", "nmm"),
    ("PDIC", "pdic"), ("CIDP", "pdic"), ("polineuropatía desmielinizante inflamatoria crónica",
                                         "pdic"),
    ("esteroides", "esteroides"), ("corticoides", "esteroides"),
    ("corticosteroides", "esteroides"), ("prednisona", "esteroides"),
    ("entumecimiento", "entumecimiento"), ("adormecimiento", "entumecimiento"),
    ("EMG", "emg"), ("electromiografía", "emg"),
    ("estudio de conducción nerviosa", "estudio de conduccion nerviosa"),
    ("prueba de los nervios", "estudio de conduccion nerviosa"),
])
def test_each_spanish_synonym_finds_its_whole_group(typed, key):
    assert len(alternatives(typed)) == 1
    assert key in alternatives(typed)[0]


def test_question_and_filler_words_are_not_searched():
    assert alternatives("¿Cómo se trata la NMM?") == alternatives("nmm")
    assert alternatives("¿Qué es la ELA?") == alternatives("ela")
    assert alternatives("¿Puede mi tratamiento ayudar con la PDIC?") == alternatives("pdic")
    query = parse("tratamiento de la nmm", lang="es")
    assert [c.alternatives[0].text for c in query.optional] == ["tratamiento"]
    # A filler word alone is still searched.
    assert alternatives("tratamiento")[0] >= {"tratamiento", "trata"}


def test_accents_case_and_spanish_punctuation_fold_away():
    assert alternatives("¿MANOS DÉBILES?") == [{"manos"}, {"debiles"}]
    assert alternatives("¡Niño!") == [{"nino"}]
    assert alternatives("débiles") == alternatives("debiles")


def test_the_grammar_is_the_same_as_in_english():
    query = parse('manos OR pies "bloqueo de conducción" -ela COVID-19', lang="es")
    positive = [{t.text for t in c.alternatives} for c in query.positive]
    assert positive == [{"manos", "pies"}, {"bloqueo de conduccion"}, {"covid 19"}]
    assert [c.alternatives[0].text for c in query.negative] == ["ela"]
    assert {t.text for t in query.negative[0].alternatives} >= {"enfermedad de lou gehrig"}


def test_stop_words_inside_a_quoted_phrase_stay_there_at_its_ends_they_go():
    assert alternatives('"bloqueo de conducción"') == [{"bloqueo de conduccion"}]
    assert alternatives('"de la piel"') == [{"piel"}]


def test_spanish_words_are_not_respelt_into_others():
    seen = []

    def correct(candidates):
        seen.extend(candidates)
        return {}

    parse("¿se cura la neuropatía motora multifocal con inmunoglobulina?", correct, "es")
    assert seen == []  # question words and synonyms need no spelling help


def test_a_spanish_query_reads_the_registrys_english_words():
    english = parse("neuropatía motora multifocal -ela inmunoglobulina", lang="es")
    english = english.in_registry_terms()
    assert english.language is ENGLISH
    texts = [{t.text for t in c.alternatives} for c in english.clauses]
    assert texts == [{"mmn", "multifocal motor neuropathy"},
                     {"als", "amyotrophic lateral sclerosis", "motor neurone disease",
                      "motor neuron disease", "lou gehrig", "lou gehrigs"},
                     {"ivig", "intravenous immunoglobulin", "immunoglobulin", "immune globulin"}]
    assert [c.negated for c in english.clauses] == [False, True, False]
    # Words that are no synonym (drug names, codes) stay as typed.
    assert [t.text for c in parse("COVID-19", lang="es").in_registry_terms().clauses
            for t in c.alternatives] == ["covid 19"]


def test_an_english_query_is_read_as_before():
    assert parse("can mmn be cured").language is ENGLISH
    assert parse("nmm").clauses[0].alternatives[0].text == "nmm"  # not a synonym in English
    assert parse("can mmn be cured").in_registry_terms() == parse("can mmn be cured")


def test_sqlite_reads_spanish_words_stemmed_like_postgresql():
    assert stem_tokens("debiles manos tratamiento covid19 2024", "spanish") == (
        "debil man tratamient covid19 2024")
    assert fts5_expression(parse("manos débiles", lang="es").clauses, SPANISH) == (
        '("man") AND ("debil")')
    assert SPANISH.fts5_text("Las MANOS débiles") == "las man debil"


def test_language_codes():
    assert language("es") is SPANISH and language("es-mx") is SPANISH
    assert language("en-gb") is ENGLISH and language(None) is ENGLISH
    assert language("fr") is ENGLISH
