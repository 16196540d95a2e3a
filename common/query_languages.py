"""The words of each language the site is searched in: synonyms, stop, question and filler
words, and how its words are stemmed on each database. Read by the one parser,
common/query.py; a leaf module (no models, no database).

Every word here is folded (lower case, no accents), as the parser sees the visitor's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from common.text import fold


@dataclass(frozen=True, eq=False)
class Language:
    """How one language is searched."""

    code: str
    # PostgreSQL text search configuration (accents folded, then the language's stemming).
    search_config: str
    # SQLite FTS5 tokenizer of its indexes.
    fts5_tokenize: str
    # Each group: ways patients and clinicians write the same thing. Any one finds all.
    synonym_groups: list[tuple[str, ...]]
    # PostgreSQL's configuration drops these even inside phrases; the parser drops them
    # everywhere, so SQLite (which has no stop words) reads a query the same way.
    stop_words: frozenset[str]
    # Never searched unless quoted ("can MMN be cured?"). Includes the stop words.
    question_words: frozenset[str]
    # Ranked, not required to match when other words are there ("mmn treatment").
    filler_words: frozenset[str]
    # Endings that stemming already folds: no spelling help from "hands" to "hand".
    inflections: frozenset[str]
    # SQLite: the Snowball stemmer applied in Python to documents and queries alike, before
    # FTS5 (whose only stemmer, porter, is English). Empty: FTS5's tokenizer stems.
    snowball: str = ""
    # The Snowball stemmer of `search_config` (PostgreSQL's `<language>_stem`).
    postgres_snowball: str = "english"
    # Each synonym phrase -> the English group it means, for records kept in English (the
    # trial registry). Empty for English.
    registry_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def postgres_stems(self, words: tuple[str, ...]) -> str:
        """A phrase's words as `search_config` holds them (the same Snowball algorithm and
        version: requirements.txt; the parser has already dropped its stop words)."""
        return stem_tokens(" ".join(words), self.postgres_snowball)

    @property
    def synonym_words(self) -> frozenset[str]:
        return frozenset(w for group in self.synonym_groups for p in group for w in p.split())

    def fts5_words(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """The words of a query phrase as this language's FTS5 index holds them."""
        if not self.snowball:
            return words
        return tuple(stem_tokens(w, self.snowball) for w in words)

    def fts5_text(self, text: str) -> str:
        """A document's text as this language's FTS5 index holds it (SQLite)."""
        return stem_tokens(fold(text), self.snowball) if self.snowball else text


# PostgreSQL's parser: a run of letters is a word (stemmed); letters with digits, or digits,
# are kept as they are (numword, int: the "simple" dictionary); anything else separates.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=4)
def _stemmer(name: str) -> Callable[[str], str]:
    # Each word's stem is kept: Snowball in pure Python was half the time of indexing the
    # content, and a text repeats its words.
    return lru_cache(maxsize=65_536)(snowballstemmer.stemmer(name).stemWord)


def stem_tokens(folded: str, snowball: str) -> str:
    """Each word of a folded text stemmed as PostgreSQL's `<language>_stem` dictionary does
    after unaccent (the same Snowball algorithm and version: requirements.txt)."""
    stem = _stemmer(snowball)
    return _TOKEN.sub(lambda m: stem(m.group()) if m.group().isalpha() else m.group(), folded)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------- English

ENGLISH_SYNONYMS: list[tuple[str, ...]] = [
    ("mmn", "multifocal motor neuropathy"),
    (
        "als",
        "amyotrophic lateral sclerosis",
        "motor neurone disease",
        "motor neuron disease",
        "lou gehrig",
        "lou gehrigs",
    ),
    ("cidp", "chronic inflammatory demyelinating polyneuropathy"),
    ("ivig", "intravenous immunoglobulin", "immunoglobulin", "immune globulin"),
    ("scig", "subcutaneous immunoglobulin", "under the skin"),
    ("emg", "electromyography", "electromyogram"),
    (
        "nerve conduction study", "nerve conduction studies", "nerve conduction test",
        "nerve conduction tests", "nerve test", "nerve tests",
    ),
    ("steroids", "steroid", "corticosteroids", "corticosteroid", "prednisone"),
    ("numb", "numbness"),
    # "Can MMN be cured?" is answered by the outlook ("rarely goes away by itself").
    ("cure", "cured", "curable", "outlook", "prognosis", "goes away"),
    # A drug in trials for MMN, by its name and its code (the registry's records use the code).
    ("empasiprubart", "argx 117"),
    # "How is MMN treated?" asks for the treatment (filler words: ranked by "treatment").
    ("treatment", "treatments", "treat", "treated", "treating", "treats"),
]
ENGLISH_STOP_WORDS = frozenset({
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into",
    "is", "it", "of", "on", "or", "the", "to", "with",
})
ENGLISH = Language(
    code="en",
    search_config="portal_english",  # english with accents folded (trials migration 0012)
    fts5_tokenize="porter unicode61 remove_diacritics 2",  # Porter, like english_stem
    synonym_groups=ENGLISH_SYNONYMS,
    stop_words=ENGLISH_STOP_WORDS,
    question_words=ENGLISH_STOP_WORDS | frozenset({
        "am", "any", "can", "could", "did", "do", "does", "get", "had", "has", "have", "how",
        "i", "if", "im", "it", "its", "me", "my", "our", "should", "some", "tell", "that",
        "there", "this", "was", "we", "were", "what", "when", "where", "which", "who", "why",
        "will", "would", "you", "your",
    }),
    filler_words=frozenset({
        "between", "clinical", "compare", "current", "difference", "differences", "disease",
        "diseases", "disorder", "disorders", "enrol", "enroll", "help", "info", "information",
        "join", "joining", "new", "participate", "research",
        "studies", "study", "therapies", "therapy", "treat", "treated", "treating", "treats",
        "treatment", "treatments", "trial", "trials", "versus", "vs",
    }),
    inflections=frozenset({"", "s", "es", "d", "ed", "ing", "ly", "er", "ers"}),
)

# ---------------------------------------------------------------- Spanish

# Each Spanish group, under the head of the English group it means: the trial registry is
# in English, so a Spanish search for trials looks for the English group's words.
SPANISH_SYNONYMS: list[tuple[str, tuple[str, ...]]] = [
    ("mmn", ("nmm", "mmn", "neuropatia motora multifocal")),
    ("als", (
        "ela", "als", "esclerosis lateral amiotrofica", "enfermedad de lou gehrig",
        "lou gehrig", "enfermedad de la motoneurona", "enfermedad de motoneurona",
        "enfermedad de la neurona motora",
    )),
    ("cidp", ("pdic", "cidp", "polineuropatia desmielinizante inflamatoria cronica")),
    ("ivig", (
        "igiv", "ivig", "inmunoglobulina intravenosa", "inmunoglobulinas intravenosas",
        "inmunoglobulina", "inmunoglobulinas",
    )),
    ("scig", (
        "igsc", "scig", "inmunoglobulina subcutanea", "inmunoglobulinas subcutaneas",
        "bajo la piel", "debajo de la piel",
    )),
    ("emg", ("emg", "electromiografia", "electromiograma")),
    ("nerve conduction study", (
        "estudio de conduccion nerviosa", "estudios de conduccion nerviosa",
        "prueba de conduccion nerviosa", "pruebas de conduccion nerviosa",
        "prueba de los nervios", "pruebas de los nervios",
    )),
    ("steroids", (
        "esteroides", "esteroide", "corticoides", "corticoide", "corticosteroides",
        "corticosteroide", "prednisona",
    )),
    ("numb", ("entumecimiento", "adormecimiento", "entumecido", "entumecida", "adormecido",
              "adormecida")),
    # "¿Se cura la NMM?" is answered by the outlook ("rara vez desaparece sola").
    ("cure", ("cura", "curar", "curable", "curacion", "pronostico", "desaparece")),
    # "¿Cómo se trata la NMM?" asks for the treatment (filler words: ranked by "tratamiento").
    ("treatment", ("tratamiento", "tratamientos", "trata", "tratan", "tratar", "tratarse")),
    ("empasiprubart", ("empasiprubart", "argx 117")),
    # Words the registry writes in English (no English synonyms of their own).
    ("neuropathy", ("neuropatia", "neuropatias")),
    ("side effects", ("efectos secundarios", "efectos adversos")),
]
# PostgreSQL's spanish stop list (tsearch_data/spanish.stop), the words it can meet: unaccent
# runs first, so only its unaccented entries ever match.
SPANISH_STOP_WORDS = _word_set("""
de la que el en y a los del se las por un para con no una su al lo como pero sus le ya o
este porque esta entre cuando muy sin sobre me hasta hay donde quien desde todo nos durante
todos uno les ni contra otros ese eso ante ellos e esto antes algunos unos yo otro otras
otra tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo
nosotros mi mis te ti tu tus ellas nosotras vosostros vosostras os tuyo tuya tuyos tuyas
suyo suya suyos suyas nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras
esos esas estoy estamos estemos estaremos estaba estabas estabais estaban estuve estuviste
estuvo estuvimos estuvisteis estuvieron estuviera estuvieras estuvierais estuvieran
estuviese estuvieses estuvieseis estuviesen estando estado estada estados estadas estad he
has ha hemos han haya hayas hayamos hayan habremos hube hubiste hubo hubimos hubisteis
hubieron hubiera hubieras hubierais hubieran hubiese hubieses hubieseis hubiesen habiendo
habido habida habidos habidas soy eres es somos sois son sea seas seamos sean seremos era
eras erais eran fui fuiste fue fuimos fuisteis fueron fuera fueras fuerais fueran fuese
fueses fueseis fuesen sintiendo sentido sentida sentidos sentidas siente sentid tengo tienes
tiene tenemos tienen tenga tengas tengamos tengan tendremos tuve tuviste tuvo tuvimos
tuvisteis tuvieron tuviera tuvieras tuvierais tuvieran tuviese tuvieses tuvieseis tuviesen
teniendo tenido tenida tenidos tenidas tened
""")
SPANISH = Language(
    code="es",
    search_config="portal_spanish",  # spanish with accents folded (conditions migration)
    fts5_tokenize="unicode61 remove_diacritics 2",  # the words come stemmed (snowball)
    synonym_groups=[group for _, group in SPANISH_SYNONYMS],
    stop_words=SPANISH_STOP_WORDS,
    # "¿Cómo puedo saber si tengo NMM?": the question around the key words.
    question_words=SPANISH_STOP_WORDS | frozenset({
        "como", "cual", "cuales", "cuando", "cuanto", "cuantos", "donde", "que", "quien",
        "por", "porque", "puede", "pueden", "puedo", "podria", "podrian", "debo", "debe",
        "deberia", "mi", "mis", "usted", "ustedes", "si", "sera", "seria", "esta", "estan",
        "tengo", "tiene", "voy", "va", "van", "hacer", "hace", "saber", "decir", "dime",
        "quiero", "quisiera", "necesito", "alguna", "alguno", "algun", "hola", "favor", "sobre",
    }),
    filler_words=frozenset({
        "actual", "actuales", "ayuda", "ayudar", "ayudan", "clinica", "clinicas", "clinico",
        "clinicos", "comparar", "comparacion", "diferencia", "diferencias", "enfermedad",
        "enfermedades", "ensayo", "ensayos", "estudio", "estudios", "frente", "informacion",
        "info", "inscribirme", "inscribirse", "investigacion", "investigaciones", "nueva",
        "nuevas", "nuevo", "nuevos", "participar", "terapia", "terapias", "trastorno",
        "trastornos", "trata", "tratan", "tratar", "tratarse", "tratamiento", "tratamientos",
        "unirme", "unirse", "versus", "vs",
    }),
    inflections=frozenset({"", "s", "es", "a", "as", "o", "os", "e", "mente"}),
    snowball="spanish",
    postgres_snowball="spanish",
    registry_terms={
        phrase: next((g for g in ENGLISH_SYNONYMS if g[0] == head), (head,))
        for head, group in SPANISH_SYNONYMS for phrase in group
    },
)

LANGUAGES = {language.code: language for language in (ENGLISH, SPANISH)}


def language(code: str | Language | None) -> Language:
    """The language of this code ("es", "es-mx"); English for any other."""
    if isinstance(code, Language):
        return code
    return LANGUAGES.get((code or "en").split("-")[0].lower(), ENGLISH)
