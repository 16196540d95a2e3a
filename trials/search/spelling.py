"""Spelling help, one rule on every database: a word that is not in the vocabulary (the words
of trials and of the public content, trials.search.words.SearchWord) is replaced by the most
similar known word of the same first letter and about the same length, when one is close
enough. Only the known words that could be close enough are read (could_be_close)."""

from __future__ import annotations

from functools import partial

from django.db.models import Q
from django.db.models.functions import Left, Length
from django.db.models.lookups import Exact
from rapidfuzz import fuzz, process

from common.query import Query, parse
from common.query_languages import ENGLISH
from common.query_languages import language as query_language
from common.versioned_cache import digest
from trials.caching import SPELLING_CACHE
from trials.models import SearchWord

# rapidfuzz ratio, 0-100: "sclerossis" scores 95 with "sclerosis", "diabetis" 87.5 with
# "diabetes"; one wrong letter in a word of six or more passes ("caries" and "care": 80).
MIN_SCORE = 82
LENGTH_SPREAD = 2  # known words at most this many letters longer or shorter


def parse_query(text: str, language: str | None = None) -> Query:
    """The query for this text in this language (common/query.py; English when None),
    misspelt words replaced from the vocabulary: what both the trial search and the site
    search read."""
    code = query_language(language).code
    return parse(text, correct=partial(closest_known_words, language=code), lang=language)


def vocabulary_languages(language: str) -> list[str]:
    """The words a query in this language may be spelt as: its own, and in another language
    the registry's English too (drug names, conditions the trial search looks for)."""
    return [language] if language == ENGLISH.code else [language, ENGLISH.code]


def closest_known_words(words: list[str], language: str = ENGLISH.code) -> dict[str, str]:
    """closest(), kept in the cache per content version: the vocabulary only changes with
    the trials and the content, and looking the words up was a query on every search."""
    if not words:
        return {}
    return SPELLING_CACHE.remember(lambda: closest(words, language),
                                   digest("\n".join([language, *words])))


def closest(words: list[str], language: str = ENGLISH.code) -> dict[str, str]:
    """Each word not in the language's vocabulary, mapped to the most similar one that is
    (when one is close enough): the best rapidfuzz score wins, then the word first in
    code-point order."""
    words = [w for w in words if w]
    if not words:
        return {}
    vocabulary = SearchWord.objects.filter(language__in=vocabulary_languages(language))
    known = set(vocabulary.filter(word__in=words).values_list("word", flat=True))
    fixes = {}
    for word in words:
        if word in known or not (condition := could_be_close(word)):
            continue
        choices = sorted(set(
            vocabulary.alias(first=Left("word", 1), length=Length("word"))
            .filter(condition, first=word[0],  # searchword_shape_idx reads these
                    length__range=(len(word) - LENGTH_SPREAD, len(word) + LENGTH_SPREAD))
            .values_list("word", flat=True)
        ))
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
        if best:
            fixes[word] = best[0]
    return fixes


def could_be_close(word: str) -> Q:
    """The known words that could score MIN_SCORE with `word`, read by the database instead
    of every word of its first letter and length (thousands, and the more trials the more).
    A superset of the words that pass, so the answer is the one the whole vocabulary gives,
    on every database.

    fuzz.ratio is 100 × (1 - d / (m + n)), d the number of letters inserted or deleted to
    turn one word (m letters) into the other (n letters): d is at least |m - n|, has the
    parity of m + n, and passing needs 100 × d ≤ (100 - MIN_SCORE) × (m + n). Cut into d + 1
    pieces, `word` keeps one piece whole through d edits, so a known word that passes
    contains one of them (an empty Q: no length can pass)."""
    condition = Q()
    m = len(word)
    for n in range(max(1, m - LENGTH_SPREAD), m + LENGTH_SPREAD + 1):
        d = (100 - MIN_SCORE) * (m + n) // 100
        if (d - (m + n)) % 2:
            d -= 1  # d has the parity of m + n
        if d < abs(m - n):
            continue
        pieces = Q()
        for piece in _pieces(word, d + 1):
            pieces |= Q(word__contains=piece)
        condition |= Q(Exact(Length("word"), n)) & pieces
    return condition


def _pieces(word: str, count: int) -> list[str]:
    """`word` cut into `count` nearly equal pieces (all of it once: one piece per letter at
    most)."""
    count = min(count, len(word))
    size, extra = divmod(len(word), count)
    pieces, start = [], 0
    for index in range(count):
        end = start + size + (index < extra)
        pieces.append(word[start:end])
        start = end
    return pieces
