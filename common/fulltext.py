"""A parsed query (common/query.py) as SQL: PostgreSQL full-text search on a stored vector, or
SQLite FTS5 on a table whose rowid is the searched row's id. The trial search and the
content search both match and rank through `FullTextIndex.search()`, so the two databases
read every query the same way.
"""

# ruff: noqa: S608, S611 -- the SQL here is built from table names given in code; the visitor's
# words are always passed as parameters.
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from common.query import Clause
from common.query_languages import ENGLISH, Language


def tsquery(clauses: list[Clause], language: Language = ENGLISH) -> SearchQuery:
    """PostgreSQL: every clause (a negated one matches when none of its alternatives do)."""

    def clause(c: Clause):
        # Stemming may make two alternatives one ("motor neurone disease", "motor neuron
        # disease"): each phrase is checked and ranked once (repeats cost ts_rank a tenth).
        distinct: dict[str, str] = {}
        for t in c.alternatives:
            distinct.setdefault(language.postgres_stems(t.words), t.text)
        alternatives = [
            SearchQuery(text, search_type="phrase", config=language.search_config,
                        invert=c.negated)
            for text in distinct.values()
        ]
        # None of them (!a & !b): Django cannot negate a combined SearchQuery.
        return reduce(and_ if c.negated else or_, alternatives)

    return reduce(and_, [clause(c) for c in clauses])


def fts5_expression(clauses: list[Clause], language: Language = ENGLISH) -> str:
    """SQLite FTS5: every clause, each any of its alternatives (not negated ones: see
    FullTextIndex.search), its words as the language's index holds them (stemmed in Python
    where FTS5 cannot). Words are \\w+ only (common/query.py), so quoting them is safe:
    "a b" is a phrase."""
    def phrases(c: Clause) -> list[str]:  # stemming may make two alternatives one
        return list(dict.fromkeys(" ".join(language.fts5_words(t.words))
                                  for t in c.alternatives))

    return " AND ".join(
        "(" + " OR ".join(f'"{p}"' for p in phrases(c)) + ")" for c in clauses
    )


def any_clause(clauses: list[Clause]) -> Clause:
    return Clause(tuple(t for c in clauses for t in c.alternatives))


@dataclass(frozen=True)
class FullTextIndex:
    """One model's full-text index in one language: `vector` on PostgreSQL (made with the
    language's configuration), the FTS5 table `fts_table` (with bm25() weights by column)
    on SQLite."""

    fts_table: str
    bm25_weights: tuple[float, ...]
    vector: str = "search_vector"
    language: Language = ENGLISH

    def match_sql(self) -> str:
        """Ids of the rows whose text matches an FTS5 expression (one parameter)."""
        return f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s"

    def rank_sql(self, outer_table: str) -> str:
        """Higher is better, like PostgreSQL's ts_rank (bm25() is lower for better matches)."""
        weights = ", ".join(str(w) for w in self.bm25_weights)
        table = self.fts_table
        return (
            f"(SELECT -bm25({table}, {weights}) FROM {table} "
            f"WHERE {table} MATCH %s AND {table}.rowid = {outer_table}.id)"
        )

    def search(self, qs: QuerySet, clauses: list[Clause],
               ranked: list[Clause] | None = None) -> QuerySet:
        """The rows matching every clause, annotated with `rank` when any clause is positive:
        by the clauses themselves, or with `ranked`, by how many of those match."""
        positive = [c for c in clauses if not c.negated]
        negative = [c for c in clauses if c.negated]
        if connections[qs.db].vendor == "postgresql":
            qs = qs.filter(**{self.vector: tsquery(clauses, self.language)})
            if positive:
                rank_query = tsquery([any_clause(ranked)] if ranked else positive, self.language)
                qs = qs.annotate(rank=SearchRank(F(self.vector), rank_query))
            return qs
        if positive:
            match = fts5_expression(positive, self.language)
            rank_match = fts5_expression([any_clause(ranked)], self.language) if ranked else match
            qs = qs.filter(pk__in=RawSQL(self.match_sql(), [match])).annotate(
                rank=RawSQL(self.rank_sql(qs.model._meta.db_table), [rank_match])
            )
        if negative:
            excluded = RawSQL(self.match_sql(),
                              [fts5_expression([any_clause(negative)], self.language)])
            qs = qs.exclude(pk__in=excluded)
        return qs
