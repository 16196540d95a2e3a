"""What a visitor typed, as a search: cleaning, parsing, synonyms and folding.

The one query language of the site, in a leaf module (no models, no database): the trial
search (`TrialQuerySet.search()`) and the content search (conditions/search.py) turn the
same `Query` into PostgreSQL full-text search or SQLite FTS5, so both databases see the
same parsed query and give the same results.

The language: words (all must match; ranked), "quoted phrases", OR between two words or
phrases (either may match), -word or -"phrase" at the start of a word (must not match). A
hyphen inside a word is part of it: COVID-19 is the phrase "covid 19". Accents and case
do not matter. Patients' phrasing finds what the key words find: synonym phrases match each
other ("Lou Gehrig's disease", "ALS", "motor neurone disease"); question words (how, can,
my, ...) are ignored; filler words (treatment, help, trials, ...) are not required to
match, only ranked, unless there is nothing else to search.

One parser, several languages (common/query_languages.py): a query is parsed in the language
of the page it was typed on, with that language's synonyms, question and filler words, and
is matched against that language's index (its stemming on both databases). A Spanish query
for records kept in English (the trial registry) reads its synonym phrases as the English
group they mean (`Query.in_registry_terms()`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext

from common.query_languages import ENGLISH, Language, language
from common.text import fold

MAX_QUERY_LENGTH = 200  # searched; the rest of a longer query is cut off at a word
MAX_INPUT_LENGTH = 2000  # accepted at all
NCT_ID_RE = re.compile(r"^NCT[0-9]{8}$")
WORD_RE = re.compile(r"\w+", re.UNICODE)

# The English words, as every caller before languages knew them (common/query_languages.py).
SEARCH_CONFIG = ENGLISH.search_config
FTS5_TOKENIZE = ENGLISH.fts5_tokenize
SYNONYM_GROUPS = ENGLISH.synonym_groups
STOP_WORDS = ENGLISH.stop_words
QUESTION_WORDS = ENGLISH.question_words
FILLER_WORDS = ENGLISH.filler_words
SPELLING_MIN_LENGTH = 4
SPELLING_MAX_WORDS = 8

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
    return cut, gettext("Your search was very long, so we searched for its first part only: "
                        "“{words}”.").format(words=cut)


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
    # Of a synonym group, what ranking counts: the phrase the visitor wrote, not each
    # synonym of it (a page that says what the visitor said ranks first; a rare synonym
    # would outweigh it). Of a group of filler words, its first phrase: the noun pages use
    # in their headings ("tratamiento"), not the verb forms ("se trata de": "it is about").
    ranked_by: Term | None = None

    @property
    def as_ranked(self) -> Clause:
        return Clause((self.ranked_by,)) if self.ranked_by else self


@dataclass
class Query:
    text: str = ""  # the cleaned text, as searched
    clauses: list[Clause] = field(default_factory=list)  # all must match
    optional: list[Clause] = field(default_factory=list)  # filler words: ranked only
    nct_id: str = ""  # the query is a trial id
    no_words: bool = False  # text was typed, but nothing in it can be searched
    notices: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # misspelt word -> used word
    language: Language = ENGLISH  # the words' language: synonyms, stemming, stop words

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    @property
    def ranked(self) -> list[Clause]:
        """What ranking counts: the words that must match and the filler words (ranked_by)."""
        return [c.as_ranked for c in self.positive + self.optional]

    def any_of(self) -> Query | None:
        """The same query with any of its words allowed to match (ranked by how many do), or
        None when it has only one thing to match: the best partial matches."""
        if len(self.positive) < 2:
            return None
        either = Clause(tuple(t for c in self.positive for t in c.alternatives))
        return replace(self, clauses=[either, *self.negative])


    def in_registry_terms(self) -> Query:
        """The same query for records kept in English (the trial registry): each synonym
        phrase of another language becomes its English group ("neuropatía motora
        multifocal" finds what "mmn" finds); other words stay as written (drug names, codes,
        words both languages share such as "cancer")."""
        terms = self.language.registry_terms
        if not terms:
            return self

        def english(clause: Clause) -> Clause:
            alternatives: list[Term] = []
            for term in clause.alternatives:
                group = terms.get(term.text)
                for t in [Term(tuple(p.split())) for p in group] if group else [term]:
                    if t not in alternatives:
                        alternatives.append(t)
            mapped = tuple(alternatives) != clause.alternatives
            return Clause(tuple(alternatives), clause.negated,
                          None if mapped else clause.ranked_by)

        return replace(self, clauses=[english(c) for c in self.clauses],
                       optional=[english(c) for c in self.optional], language=ENGLISH)


@dataclass
class _Token:
    sign: bool  # negated
    words: tuple[str, ...]
    quoted: bool
    is_or: bool = False
    hyphenated: bool = False  # COVID-19: its words in this order, never respelt


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
                tokens.append(_Token(negated, words, quoted=False,
                                     hyphenated=len(words) > 1 and "-" in term.group()))
    return tokens


def _synonym_group(words: list[str], start: int, lang: Language
                   ) -> tuple[tuple[str, ...], int] | None:
    """The synonym group whose longest phrase starts at words[start], and its length."""
    best = None
    for group in lang.synonym_groups:
        for phrase in group:
            parts = phrase.split()
            if words[start : start + len(parts)] == parts and (
                best is None or len(parts) > best[1]
            ):
                best = (group, len(parts))
    return best


REQUIRED, OPTIONAL, IGNORED = "required", "optional", "ignored"


def _trimmed(words: tuple[str, ...], lang: Language) -> tuple[str, ...]:
    """A phrase without the stop words it starts or ends with, which PostgreSQL drops
    there; those inside stay, so "bloqueo de conducción" is the same phrase on both
    databases (PostgreSQL keeps their place in the phrase, SQLite matches them)."""
    start, end = 0, len(words)
    while start < end and words[start] in lang.stop_words:
        start += 1
    while end > start and words[end - 1] in lang.stop_words:
        end -= 1
    return words[start:end] or words


def _kind(token: _Token, lang: Language) -> str:
    if token.quoted or token.hyphenated or token.sign:
        return REQUIRED
    if all(w in lang.question_words for w in token.words):
        return IGNORED
    if all(w in lang.question_words or w in lang.filler_words for w in token.words):
        return OPTIONAL
    return REQUIRED


def _clauses(tokens: list[_Token], lang: Language) -> tuple[list[Clause], list[Clause]]:
    """The clauses that must match and the optional ones. Synonym phrases among unquoted
    words become one clause with every alternative."""
    items: list[tuple[Clause, str]] = []  # (clause, kind)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.is_or:
            items.append((Clause(()), REQUIRED))  # placeholder, joined below
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
            match = _synonym_group(run, 0, lang)
            used, k = 0, i
            while match and used < match[1]:  # the tokens that make up its words
                used += len(tokens[k].words)
                k += 1
            if match and used == match[1]:  # not ending inside a hyphenated term
                group, length = match
                alternatives = tuple(Term(tuple(p.split())) for p in group)
                typed = Term(tuple(run[:length]))
                filler = not token.sign and all(
                    w in lang.filler_words or w in lang.stop_words for w in " ".join(group).split())
                items.append((Clause(alternatives, token.sign,
                                     alternatives[0] if filler else typed),
                              OPTIONAL if filler else REQUIRED))
                i = k
                continue
        words = _trimmed(token.words, lang)
        items.append((Clause((Term(words),), token.sign), _kind(token, lang)))
        i += 1
    # OR joins the clauses either side of it.
    joined: list[tuple[Clause, str]] = []
    pending_or = False
    for clause, kind in items:
        if not clause.alternatives:
            pending_or = bool(joined)
            continue
        if kind == IGNORED:
            continue
        if pending_or and joined and not clause.negated and not joined[-1][0].negated:
            previous = joined.pop()[0]
            joined.append((Clause(previous.alternatives + clause.alternatives), REQUIRED))
        else:
            joined.append((clause, kind))
        pending_or = False
    if not any(kind == REQUIRED and not c.negated for c, kind in joined):
        joined = [(c, REQUIRED) for c, _ in joined]  # only filler words: search them
    required, optional = [], []
    for clause, kind in joined:
        alternatives = tuple(
            t for t in clause.alternatives if any(w not in lang.stop_words for w in t.words)
        )
        clause = replace(clause, alternatives=alternatives)
        target = required if kind == REQUIRED else optional
        if alternatives and clause not in target:
            target.append(clause)
    return required, optional


def _inflected(word: str, known: str, lang: Language) -> bool:
    """One word is the other with an ending that stemming folds anyway ("hands", "hand")."""
    shorter, longer = sorted((word, known), key=len)
    return longer.startswith(shorter) and longer[len(shorter):] in lang.inflections


Corrector = Callable[[list[str]], dict[str, str]]


def parse(raw: str, correct: Corrector | None = None,
          lang: Language | str | None = ENGLISH) -> Query:
    """The query for this text, in this language (a code such as "es" or a Language).
    `correct` maps misspelt words to known ones (the caller looks them up in the
    vocabulary: this module never touches the database)."""
    lang = language(lang)
    text, notice = clean_query(raw)
    query = Query(text=text, notices=[notice] if notice else [], language=lang)
    if not text:
        return query
    if NCT_ID_RE.match(text.upper()):
        query.nct_id = text.upper()
        return query
    folded = fold(text).replace("’", "'")
    folded = re.sub(r"\bor\b", "OR", folded)  # fold() lowered the operator
    tokens = _tokens(folded)
    if correct:
        candidates = sorted(
            {
                w
                for t in tokens
                if not t.quoted and not t.hyphenated
                for w in t.words
                if len(w) >= SPELLING_MIN_LENGTH and w.isalpha()
                and w not in lang.question_words and w not in lang.filler_words
                and w not in lang.synonym_words
            }
        )[:SPELLING_MAX_WORDS]
        fixes = {w: f for w, f in correct(candidates).items()
                 if f and not _inflected(w, f, lang)} if candidates else {}
        if fixes:
            query.corrections = fixes
            for t in tokens:
                if not t.quoted and not t.hyphenated:
                    t.words = tuple(fixes.get(w, w) for w in t.words)
            shown = ", ".join(gettext("“{fix}” instead of “{word}”").format(fix=fix, word=word)
                              for word, fix in sorted(fixes.items()))
            query.notices.append(gettext(
                "We do not know some of your words, so we searched for {shown}.").format(
                    shown=shown))
    query.clauses, query.optional = _clauses(tokens, lang)
    query.no_words = not query.clauses
    return query
