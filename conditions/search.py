"""Content search: the public pages' parts (conditions/search_index.py), ranked.

Takes a query parsed once for the whole site (common/query.py). Every word must match
(filler words only rank); when no part has every word, the parts with most of them are
shown under a notice. Ties in rank keep the listing order, then the id, on both databases.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from common.query import Query
from common.results import Result, ResultGroup
from common.text import fold
from conditions.models import SearchEntry
from conditions.search_index import INDEXES, Kind, ensure_current

MAX_RESULTS_PER_GROUP = 10
MAX_MATCHES = 500  # read at most this many ranked parts (there are a few hundred)
SNIPPET_LENGTH = 200
PARTIAL_NOTICE = _("No page has all your words; these have most of them.")
GROUPS = [  # headings on the results page, in this order
    (_("Condition pages"), {Kind.ARTICLE, Kind.SECTION}),
    (_("Questions and answers"), {Kind.FAQ}),
    (_("Comparisons"), {Kind.COMPARISON}),
    (_("Glossary"), {Kind.GLOSSARY}),
]
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class ContentResults:
    entries: list[SearchEntry] = field(default_factory=list)  # every match, best first
    groups: list[ResultGroup] = field(default_factory=list)  # the first few of each kind
    notices: list[str] = field(default_factory=list)


def ranked_entries(query: Query) -> list[SearchEntry]:
    """The parts matching every clause in the query's language, best first: rank, then
    listing order, then id; the pages of a condition the question names come before the
    others."""
    if not query.clauses:
        return []
    index = INDEXES.get(query.language.code, INDEXES["en"])
    qs = index.search(SearchEntry.objects.filter(language=index.language.code), query.clauses,
                      ranked=query.ranked)
    order = ["position", "id"]
    if "rank" in qs.query.annotations:
        order = ["-rank", *order]
    entries = list(qs.order_by(*order).only("kind", "url", "title", "path", "body", "summary",
                                            "lang")[:MAX_MATCHES])
    named = _named_pages(query)
    # Parts in the reader's language before those still in English (a page not translated
    # yet); then "Can MMN be cured?" opens with MMN's own pages, not with ALS's (which
    # mention MMN and "no cure" often): a stable sort keeps the rank order within each.
    return sorted(entries, key=lambda e: (bool(e.lang), bool(named) and _page_of(e) not in named))


def _page_of(entry: SearchEntry) -> str:
    """The condition a part belongs to, as its path starts ("MMN › Treatment" -> "mmn")."""
    return fold(entry.path.split(" › ", 1)[0])


def _named_pages(query: Query) -> set[str]:
    """Every word or phrase the visitor asked for (with its synonyms), folded."""
    return {fold(t.text) for c in query.positive for t in c.alternatives}


def search_content(query: Query) -> ContentResults:
    ensure_current()
    results = ContentResults(ranked_entries(query))
    if not results.entries and (wider := query.any_of()):
        results.entries = entries = ranked_entries(wider)
        if entries:
            results.notices.append(PARTIAL_NOTICE)
    entries = results.entries
    asked_for = word_matcher(query)
    for title, kinds in GROUPS:
        found = [e for e in entries if e.kind in kinds][:MAX_RESULTS_PER_GROUP]
        if found:
            results.groups.append(ResultGroup(title, [
                Result(e.title, e.url, snippet(e.body or e.summary, asked_for), path=e.path,
                       lang=e.lang)
                for e in found
            ]))
    return results


# ---------------------------------------------------------------- snippets


def word_matcher(query: Query) -> Callable[[str], bool]:
    """Whether a word of a text is one the visitor asked for (_matches). Each distinct word
    is compared once per search, not once per snippet: the parts' texts share most of their
    words (over the bench's 32 questions, 240 comparisons a search instead of 500)."""
    wanted = {w for c in query.ranked for t in c.alternatives for w in t.words}
    return cache(lambda word: _matches(word, wanted))


def _matches(word: str, wanted: set[str]) -> bool:
    """The same word, or the same stem as far as a highlight needs ("cured" and "cure",
    "weak" and "weakness")."""
    folded = fold(word)
    for w in wanted:
        if folded == w:
            return True
        if folded[:4] != w[:4]:  # fewer than four letters in common (the test below)
            continue
        shorter = min(len(folded), len(w))
        common = len(_common_prefix(folded, w))
        if shorter >= 4 and common >= max(4, shorter - 1):
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def snippet(text: str, matches: Callable[[str], bool],
            length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters of `text` around its first matched word (word_matcher),
    escaped, with the matched words in <mark>."""
    text = " ".join(text.split())
    first = next((m for m in _WORD.finditer(text) if matches(m.group())), None)
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 4) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + length // 2)
    out = ["…" if start else ""]
    position = start
    for m in _WORD.finditer(text, start):  # the shown part only (start is a word's start)
        if m.start() >= end:
            break
        if m.end() > end or not matches(m.group()):
            continue
        out += [html.escape(text[position:m.start()]), f"<mark>{html.escape(m.group())}</mark>"]
        position = m.end()
    out += [html.escape(text[position:end]), "…" if end < len(text) else ""]
    return mark_safe("".join(out))  # noqa: S308 - every piece of text escaped above
