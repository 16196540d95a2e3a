"""What a visitor typed, as a search: cleaning, parsing, synonyms and folding.

A leaf module (no models, no database): `TrialQuerySet.search()` turns a `Query` into
PostgreSQL full-text search or SQLite FTS5, so both databases see the same parsed query
and give the same results.

The query language: words (all must match), "quoted phrases", OR between two words or
phrases (either may match), -word or -"phrase" (must not match). Accents and case do not
matter. Patients' phrasing ("Lou Gehrig's disease", "IVIg therapy", "study for MMN")
finds what the key words find: synonym phrases match each other, and filler words
(disease, therapy, trial, study, for, ...) are not required to match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from common.text import fold

MAX_QUERY_LENGTH = 200  # searched; the rest of a longer query is cut off at a word
MAX_INPUT_LENGTH = 2000  # accepted at all
# PostgreSQL text search configuration: english with accents folded (trials migration 0012).
SEARCH_CONFIG = "portal_english"
# SQLite FTS5: Porter stemming like PostgreSQL's english configuration, accents folded.
FTS5_TOKENIZE = "porter unicode61 remove_diacritics 2"
NCT_ID_RE = re.compile(r"^NCT[0-9]{8}$")
WORD_RE = re.compile(r"\w+", re.UNICODE)

# Each group: ways people write the same thing. Any one of them finds all of them.
SYNONYM_GROUPS: list[tuple[str, ...]] = [
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
]
# Words patients add around the key words. Not required to match when other words are
# there; "disease" alone is still searched. Includes PostgreSQL's english stop words that
# people type, so SQLite (which has no stop words) behaves the same.
FILLER_WORDS = frozenset({
    "a", "about", "an", "and", "any", "are", "as", "at", "be", "by", "clinical", "current",
    "disease", "diseases", "disorder", "disorders", "for", "from", "in", "into", "is", "it",
    "new", "of", "on", "or", "study", "studies", "the", "therapies", "therapy", "to",
    "treatment", "treatments", "trial", "trials", "with", "research",
})
# PostgreSQL's english configuration drops these even inside phrases; dropped everywhere.
STOP_WORDS = frozenset({
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into",
    "is", "it", "of", "on", "or", "the", "to", "with",
})
SPELLING_MIN_LENGTH = 4
SPELLING_MAX_WORDS = 8

_SYNONYM_WORDS = frozenset(w for group in SYNONYM_GROUPS for p in group for w in p.split())
# A quoted phrase (its minus sign, if any, just before the quote), or a run of anything but
# spaces and quotes: a chunk, whose leading minus excludes its first term.
_TOKEN_RE = re.compile(r'(?P<sign>-?)"(?P<phrase>[^"]*)"?|(?P<chunk>[^\s"]+)', re.UNICODE)
# A term inside a chunk: words joined by hyphens are one term (COVID-19, ARGX-117, anti-GM1),
# searched as the phrase of its words; any other punctuation separates terms.
_TERM_RE = re.compile(r"[\w']+(?:-+[\w']+)*", re.UNICODE)


def words_of(text: str) -> list[str]:
    """The folded words of a text (the same words the search indexes see)."""
    return WORD_RE.findall(fold(text))


def clean_query(raw: str, limit: int = MAX_QUERY_LENGTH) -> tuple[str, str]:
    """The text to search and a notice when it had to change: control characters go, spaces
    collapse, and a text longer than `limit` is cut at the last whole word."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cs", "Co", "Zl", "Zp"} else ch
        for ch in raw or ""
    )
    cleaned = " ".join(cleaned.split())
    if len(cleaned) <= limit:
        return cleaned, ""
    cut = cleaned[: limit + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cleaned[:limit]
    cut = cut.rstrip()
    return cut, f"Your search was very long, so we searched for its first part only: “{cut}”."


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of words in this order."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Clause:
    """One part of the query: matches when any alternative does (negated: when none does)."""

    alternatives: tuple[Term, ...]
    negated: bool = False


@dataclass
class Query:
    text: str = ""  # the cleaned text, as searched
    clauses: list[Clause] = field(default_factory=list)
    nct_id: str = ""  # the query is a trial id
    notices: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # misspelt word -> used word

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]


@dataclass
class _Token:
    sign: bool  # negated
    words: tuple[str, ...]
    quoted: bool
    is_or: bool = False


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        if m.group("chunk") is None:
            words = tuple(words_of(m.group("phrase").replace("'", "")))
            if words:
                tokens.append(_Token(m.group("sign") == "-", words, quoted=True))
            continue
        chunk = m.group("chunk")
        if chunk == "OR":
            tokens.append(_Token(False, (), quoted=False, is_or=True))
            continue
        # A minus excludes only at the start of a word: "-ivig" excludes, "covid-19" is a term.
        signs = len(chunk) - len(chunk.lstrip("-"))
        for term in _TERM_RE.finditer(chunk):
            words = tuple(words_of(term.group().replace("'", "")))
            if words:
                negated = signs > 0 and term.start() == signs
                tokens.append(_Token(negated, words, quoted=len(words) > 1 and "-" in
                                     term.group()))
    return tokens


def _synonym_group(words: list[str], start: int) -> tuple[tuple[str, ...], int] | None:
    """The synonym group whose longest phrase starts at words[start], and its length."""
    best = None
    for group in SYNONYM_GROUPS:
        for phrase in group:
            parts = phrase.split()
            if words[start : start + len(parts)] == parts and (
                best is None or len(parts) > best[1]
            ):
                best = (group, len(parts))
    return best


def _clauses(tokens: list[_Token]) -> list[Clause]:
    """Synonym phrases among unquoted words become one clause with every alternative."""
    items: list[tuple[Clause, bool]] = []  # (clause, is_filler)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.is_or:
            items.append((Clause(()), False))  # placeholder, joined below
            i += 1
            continue
        if not token.quoted:
            # Gather the run of plain words that starts here, to find synonym phrases.
            run, j = [], i
            while j < len(tokens) and not tokens[j].quoted and not tokens[j].is_or and (
                j == i or not tokens[j].sign
            ):
                run.extend(tokens[j].words)
                j += 1
            match = _synonym_group(run, 0)
            if match:
                group, length = match
                # consume the tokens that make up `length` words
                used, k = 0, i
                while used < length:
                    used += len(tokens[k].words)
                    k += 1
                alternatives = tuple(Term(tuple(p.split())) for p in group)
                items.append((Clause(alternatives, token.sign), False))
                i = k
                continue
        words = tuple(w for w in token.words if w not in STOP_WORDS) or token.words
        filler = not token.quoted and all(w in FILLER_WORDS for w in token.words)
        items.append((Clause((Term(words),), token.sign), filler))
        i += 1
    # OR joins the clauses either side of it.
    joined: list[tuple[Clause, bool]] = []
    pending_or = False
    for clause, filler in items:
        if not clause.alternatives:
            pending_or = bool(joined)
            continue
        if pending_or and joined and not clause.negated and not joined[-1][0].negated:
            previous = joined.pop()[0]
            joined.append((Clause(previous.alternatives + clause.alternatives), False))
        else:
            joined.append((clause, filler))
        pending_or = False
    if any(not filler for _, filler in joined):
        joined = [(c, f) for c, f in joined if not f]
    clauses = []
    for clause, _ in joined:
        alternatives = tuple(
            t for t in clause.alternatives if any(w not in STOP_WORDS for w in t.words)
        )
        if alternatives and clause not in clauses:
            clauses.append(replace(clause, alternatives=alternatives))
    return clauses


Corrector = Callable[[list[str]], dict[str, str]]


def parse(raw: str, correct: Corrector | None = None) -> Query:
    """The query for this text. `correct` maps misspelt words to known ones (the caller
    looks them up in the vocabulary: this module never touches the database)."""
    text, notice = clean_query(raw)
    query = Query(text=text, notices=[notice] if notice else [])
    if not text:
        return query
    if NCT_ID_RE.match(text.upper()):
        query.nct_id = text.upper()
        return query
    folded = fold(text).replace("’", "'")
    folded = re.sub(r"\bor\b", "OR", folded)  # fold() lowered the operator
    tokens = _tokens(folded)
    if not tokens or all(t.is_or for t in tokens):
        query.notices.append(
            f"There are no words to search in “{text}”, so these are all the trials that "
            "match your filters."
        )
        return query
    if correct:
        candidates = sorted(
            {
                w
                for t in tokens
                if not t.quoted
                for w in t.words
                if len(w) >= SPELLING_MIN_LENGTH and w.isalpha()
                and w not in FILLER_WORDS and w not in _SYNONYM_WORDS
            }
        )[:SPELLING_MAX_WORDS]
        fixes = {w: f for w, f in correct(candidates).items() if f and f != w}
        if fixes:
            query.corrections = fixes
            for t in tokens:
                if not t.quoted:
                    t.words = tuple(fixes.get(w, w) for w in t.words)
            shown = ", ".join(f"“{fix}” instead of “{word}”" for word, fix in sorted(fixes.items()))
            query.notices.append(f"No trial uses some of your words, so we searched for {shown}.")
    query.clauses = _clauses(tokens)
    if not query.clauses:
        query.notices.append(
            f"There are no words to search in “{text}”, so these are all the trials that "
            "match your filters."
        )
    return query
