"""The site search's index of public content: one row (SearchEntry) per part of a page that
a patient can land on, built by `rebuild()` from `public_documents()` alone.

PostgreSQL keeps a weighted vector per row (title A, summary B, body C; english stemming
with accents folded) under a GIN index; SQLite an FTS5 table (porter, unicode61, accents
folded) whose rowid is the row's id. Any change to the conditions app's rows marks the
index stale (a signal, in the same transaction as the change); the next search rebuilds it
first. A few hundred rows: rebuilding takes milliseconds.
"""

# ruff: noqa: S608 -- the SQL here is built from the constant table names below only.
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat, Replace
from django.utils.text import slugify

from common.fulltext import FullTextIndex
from common.query import FTS5_TOKENIZE, SEARCH_CONFIG
from conditions.rendering import plain_text

ENTRY_TABLE = "conditions_searchentry"
FTS_TABLE = "conditions_searchentry_fts"
FTS_COLUMNS = ("title", "summary", "body")
INDEX = FullTextIndex(FTS_TABLE, (10.0, 4.0, 1.0))  # the weights of A, B and C
_SUBHEADING = re.compile(r"^###\s+(.+?)\s*#*\s*$", re.MULTILINE)


class Kind:
    ARTICLE, SECTION, FAQ, GLOSSARY, COMPARISON = (
        "article", "section", "faq", "glossary", "comparison")


@dataclass
class Document:
    """One result a patient can land on."""

    kind: str
    url: str
    title: str
    path: str  # where it sits: "MMN › Treatment › IVIg"
    summary: str = ""  # words that say what it is about (ranked below the title)
    body: str = ""


def _parts(markdown: str) -> list[tuple[str, str]]:
    """A section's Markdown as (subheading, text) pairs; the first has no subheading."""
    pieces = _SUBHEADING.split(markdown)
    parts = [("", pieces[0])]
    parts += [(pieces[i], pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)]
    return parts


def public_documents() -> Iterator[Document]:
    """Every part of the public pages, in listing order: each article, its sections and
    subsections (linked to their anchors), its FAQs; the glossary; each comparison and its
    rows. The only source of the index: what it yields is what patients can find, the live
    revisions (conditions/revisions.py)."""
    from conditions import revisions
    from conditions.models import FAQ, Article, Comparison, GlossaryTerm
    from conditions.pages import comparison_table, visible_columns

    articles = revisions.live_items(Article)
    names, urls = {}, {}
    for article in articles:
        label = article.short_name or article.name
        names[article.pk] = label
        urls[article.pk] = article.get_absolute_url()
        # A section is about its article: its short name ranks it for "mmn treatment". Not
        # the full name and other names, which would rank every section like the article.
        about = label
        yield Document(Kind.ARTICLE, article.get_absolute_url(), article.title, label,
                       " ".join([article.summary, *article.also_known_as]),
                       plain_text(article.key_points))
        for section in article.frozen_sections:
            for subheading, text in _parts(section.body):
                if not subheading:
                    yield Document(Kind.SECTION, section.get_absolute_url(), section.heading,
                                   f"{label} › {section.heading}", about, plain_text(text))
                    continue
                anchor = f"{section.slug}-{slugify(subheading) or 'part'}"
                yield Document(
                    Kind.SECTION, f"{article.get_absolute_url()}#{anchor}", subheading,
                    f"{label} › {section.heading} › {subheading}",
                    f"{about} {section.heading}", plain_text(text))
    for faq in revisions.live_items(FAQ):
        if faq.article_id is not None and faq.article_id not in urls:
            continue  # under an article that is not live
        label = names.get(faq.article_id, "")
        path = f"{label} › Questions" if label else "Questions"
        url = f"{urls[faq.article_id]}#{faq.slug}" if faq.article_id else faq.get_absolute_url()
        yield Document(Kind.FAQ, url, faq.question, path, label, plain_text(faq.answer))
    for term in revisions.live_items(GlossaryTerm):
        yield Document(Kind.GLOSSARY, term.get_absolute_url(), term.term, "Glossary",
                       term.also_called, plain_text(term.definition))
    for comparison in revisions.live_items(Comparison):
        comparison.visible_columns = visible_columns(comparison, set(names))
        url = comparison.get_absolute_url()
        columns = [c.article.short_name or c.article.name for c in comparison.visible_columns]
        yield Document(Kind.COMPARISON, url, comparison.title, "Compare", " ".join(columns),
                       plain_text(comparison.intro))
        for line in comparison_table(comparison):
            answers = [
                f"{column.article.short_name or column.article.name}: {cell.answer}. {cell.note}"
                for column, cell in line.cells if cell is not None
            ]
            yield Document(Kind.COMPARISON, f"{url}#{line.row.slug}", line.row.feature,
                           f"{comparison.title} › {line.row.feature}", " ".join(columns),
                           " ".join(answers))


# ---------------------------------------------------------------- building the index


def create_fts5_table(conn) -> None:
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            f"{', '.join(FTS_COLUMNS)}, tokenize='{FTS5_TOKENIZE}')"
        )


def drop_fts5_table(conn) -> None:
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def _weighted(name: str, weight: str) -> SearchVector:
    # As in the trials' vector (trials migrations 0012 and 0013): hyphens separate words,
    # and a leading stop word keeps a phrase from running on from the previous field.
    words = Replace(F(name), Value("-"), Value(" "), output_field=TextField())
    text = Concat(Value(" the ", output_field=TextField()), words, output_field=TextField())
    return SearchVector(text, weight=weight, config=SEARCH_CONFIG)


def rebuild() -> int:
    """Build the index again from public_documents() unless another process just did (the
    state row is locked while one builds). Returns how many entries it wrote."""
    from conditions.models import SearchEntry, SearchIndexState
    from trials.models import SearchWord

    with transaction.atomic():
        state, _ = SearchIndexState.objects.select_for_update().get_or_create(pk=1)
        if not state.stale:
            return 0
        documents = list(public_documents())
        with connection.cursor() as cursor:  # no signals, no per-row deletes
            cursor.execute(f"DELETE FROM {ENTRY_TABLE}")
            if connection.vendor == "sqlite":
                create_fts5_table(connection)
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
        SearchEntry.objects.bulk_create(
            SearchEntry(position=n, kind=d.kind, url=d.url, title=d.title, path=d.path,
                        summary=d.summary, body=d.body)
            for n, d in enumerate(documents)
        )
        if connection.vendor == "postgresql":
            SearchEntry.objects.update(search_vector=_weighted("title", "A")
                                       + _weighted("summary", "B") + _weighted("body", "C"))
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(FTS_COLUMNS)}) "
                    f"SELECT id, {', '.join(FTS_COLUMNS)} FROM {ENTRY_TABLE}"
                )
        # Spelling help knows the content's words as well as the trials'.
        SearchWord.add_from_values(f"{d.title} {d.summary} {d.body}" for d in documents)
        SearchIndexState.objects.filter(pk=state.pk).update(stale=False)
    return len(documents)


def ensure_current() -> None:
    """Rebuild the index when content changed since it was built (one small query else)."""
    from conditions.models import SearchIndexState

    if not SearchIndexState.objects.filter(pk=1, stale=False).exists():
        rebuild()


def mark_stale(sender, **kwargs) -> None:
    """post_save, post_delete and m2m_changed of any conditions row: public content may
    have changed (draft rows too: cheap, and the rebuild reads only public ones)."""
    from conditions.models import SearchEntry, SearchIndexState

    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label != "conditions" or sender in (SearchEntry,
                                                                    SearchIndexState):
        return
    SearchIndexState.objects.filter(pk=1, stale=False).update(stale=True)
