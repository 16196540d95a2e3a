"""Spelling help, one rule on every database: a word that is not in the vocabulary (the words
of trials and of the public content, trials.search.words.SearchWord) is replaced by the most similar
known word of the same first letter and about the same length, when one is close enough."""

from __future__ import annotations

from django.db.models.functions import Left, Length
from rapidfuzz import fuzz, process

from common.query import Query, parse
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
    return parse(text, correct=closest_known_words, lang=language)


def closest_known_words(words: list[str]) -> dict[str, str]:
    """closest(), kept in the cache per content version: the vocabulary only changes with
    the trials and the content, and looking the words up was a query on every search."""
    if not words:
        return {}
    return SPELLING_CACHE.remember(lambda: closest(words), digest("\n".join(words)))


def closest(words: list[str]) -> dict[str, str]:
    """Each word not in the vocabulary, mapped to the most similar one that is (when one is
    close enough): the best rapidfuzz score wins, then the word first in code-point order."""
    words = [w for w in words if w]
    if not words:
        return {}
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    fixes = {}
    for word in words:
        if word in known:
            continue
        choices = sorted(
            SearchWord.objects.alias(first=Left("word", 1), length=Length("word"))
            .filter(first=word[0],
                    length__range=(len(word) - LENGTH_SPREAD, len(word) + LENGTH_SPREAD))
            .values_list("word", flat=True)
        )
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
        if best:
            fixes[word] = best[0]
    return fixes
