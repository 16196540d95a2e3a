"""The site search's index of public content: one row (SearchEntry) per part of a page that
a patient can land on, in each language the pages are read in, built by `rebuild()` from
`public_documents()` alone.

PostgreSQL keeps a weighted vector per row (title A, summary B, body C; the language's
stemming with accents folded: portal_english, portal_spanish) under a GIN index; SQLite an
FTS5 table per language whose rowid is the row's id (English: porter; Spanish: Snowball
stemming applied in Python first, as common/query_languages.py does to the query). The
Spanish entries are the pages as /es/ shows them (conditions/translations.py): translated
parts in Spanish, the others still in English and marked so (`lang`). Any change to the
conditions app's rows marks the index stale (a signal, in the same transaction as the
change); the next search rebuilds it first. A few hundred rows: rebuilding takes
milliseconds.
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
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.fulltext import FullTextIndex
from common.query_languages import ENGLISH, SPANISH, Language
from conditions.rendering import plain_text

ENTRY_TABLE = "conditions_searchentry"
FTS_COLUMNS = ("title", "summary", "body")
WEIGHTS = (10.0, 4.0, 1.0)  # the weights of A, B and C
SEARCHED = (ENGLISH, SPANISH)  # the languages the pages are read and searched in
FTS_TABLES = {ENGLISH.code: "conditions_searchentry_fts",
              SPANISH.code: "conditions_searchentry_fts_es"}
FTS_TABLE = FTS_TABLES[ENGLISH.code]
INDEXES = {lang.code: FullTextIndex(FTS_TABLES[lang.code], WEIGHTS, language=lang)
           for lang in SEARCHED}
INDEX = INDEXES[ENGLISH.code]
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
    lang: str = ""  # the language of its words when not the index's ("en": not translated)


def _parts(markdown: str) -> list[tuple[str, str]]:
    """A section's Markdown as (subheading, text) pairs; the first has no subheading."""
    pieces = _SUBHEADING.split(markdown)
    parts = [("", pieces[0])]
    parts += [(pieces[i], pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)]
    return parts


def public_documents(language: Language = ENGLISH) -> list[Document]:
    """Every part of the public pages in `language`, in listing order: each article, its
    sections and subsections (linked to their anchors), its FAQs; the glossary; each
    comparison and its rows. The only source of the index: what it holds is what patients
    can find, the live revisions (conditions/revisions.py) and, in another language, their
    live translations (conditions/translations.py)."""
    with translation.override(language.code):  # the pages' addresses and labels
        return list(_documents(language))


def _documents(language: Language) -> Iterator[Document]:
    from conditions import revisions
    from conditions.models import FAQ, Article, Comparison, GlossaryTerm
    from conditions.pages import comparison_table, visible_columns
    from conditions.translations import live_items_in

    def live(model) -> list:
        if language is ENGLISH:
            return revisions.live_items(model)
        return live_items_in(model, language.code)

    def lang(part, whole=None) -> str:  # "en" for a part the translation does not cover
        return getattr(part, "lang", getattr(whole, "lang", "")) or ""

    names, urls = {}, {}
    for article in live(Article):
        label = article.short_name or article.name
        names[article.pk] = label
        urls[article.pk] = article.get_absolute_url()
        # A section is about its article: its short name ranks it for "mmn treatment". Not
        # the full name and other names, which would rank every section like the article.
        about = label
        yield Document(Kind.ARTICLE, article.get_absolute_url(), article.title, label,
                       " ".join([article.summary, *article.also_known_as]),
                       plain_text(article.key_points), lang(article))
        for section in article.frozen_sections:
            for subheading, text in _parts(section.body):
                if not subheading:
                    yield Document(Kind.SECTION, section.get_absolute_url(), section.heading,
                                   f"{label} › {section.heading}", about, plain_text(text),
                                   lang(section, article))
                    continue
                anchor = f"{section.slug}-{slugify(subheading) or 'part'}"
                yield Document(
                    Kind.SECTION, f"{article.get_absolute_url()}#{anchor}", subheading,
                    f"{label} › {section.heading} › {subheading}",
                    f"{about} {section.heading}", plain_text(text), lang(section, article))
    for faq in live(FAQ):
        if faq.article_id is not None and faq.article_id not in urls:
            continue  # under an article that is not live
        label = names.get(faq.article_id, "")
        path = f"{label} › {_('Questions')}" if label else _("Questions")
        url = f"{urls[faq.article_id]}#{faq.slug}" if faq.article_id else faq.get_absolute_url()
        yield Document(Kind.FAQ, url, faq.question, path, label, plain_text(faq.answer),
                       lang(faq))
    for term in live(GlossaryTerm):
        yield Document(Kind.GLOSSARY, term.get_absolute_url(), term.term, _("Glossary"),
                       term.also_called, plain_text(term.definition), lang(term))
    for comparison in live(Comparison):
        comparison.visible_columns = visible_columns(comparison, set(names))
        url = comparison.get_absolute_url()
        columns = [c.article.short_name or c.article.name for c in comparison.visible_columns]
        yield Document(Kind.COMPARISON, url, comparison.title, _("Compare"),
                       " ".join(columns), plain_text(comparison.intro), lang(comparison))
        for line in comparison_table(comparison):
            answers = [
                f"{column.article.short_name or column.article.name}: {cell.answer}. {cell.note}"
                for column, cell in line.cells if cell is not None
            ]
            yield Document(Kind.COMPARISON, f"{url}#{line.row.slug}", line.row.feature,
                           f"{comparison.title} › {line.row.feature}", " ".join(columns),
                           " ".join(answers), lang(line.row, comparison))


# ---------------------------------------------------------------- building the index


def create_fts5_table(conn, language: Language = ENGLISH) -> None:
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLES[language.code]} USING fts5("
            f"{', '.join(FTS_COLUMNS)}, tokenize='{language.fts5_tokenize}')"
        )


def drop_fts5_table(conn, language: Language = ENGLISH) -> None:
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLES[language.code]}")


def _weighted(name: str, weight: str, language: Language) -> SearchVector:
    # As in the trials' vector (trials migrations 0012 and 0013): hyphens separate words,
    # and a leading stop word keeps a phrase from running on from the previous field.
    gap = " the " if language is ENGLISH else " de "
    words = Replace(F(name), Value("-"), Value(" "), output_field=TextField())
    text = Concat(Value(gap, output_field=TextField()), words, output_field=TextField())
    return SearchVector(text, weight=weight, config=language.search_config)


def _fill_fts5_table(language: Language) -> None:
    """SQLite: the language's FTS5 table from its entries (stemmed in Python where FTS5
    cannot stem the language)."""
    table, columns = FTS_TABLES[language.code], ", ".join(FTS_COLUMNS)
    with connection.cursor() as cursor:
        create_fts5_table(connection, language)
        cursor.execute(f"DELETE FROM {table}")
        if not language.snowball:
            cursor.execute(f"INSERT INTO {table}(rowid, {columns}) SELECT id, {columns} "
                           f"FROM {ENTRY_TABLE} WHERE language = %s", [language.code])
            return
        from conditions.models import SearchEntry

        rows = SearchEntry.objects.filter(language=language.code).values_list(
            "id", *FTS_COLUMNS)
        cursor.executemany(f"INSERT INTO {table}(rowid, {columns}) VALUES (%s, %s, %s, %s)",
                           [(pk, *(language.fts5_text(t) for t in texts))
                            for pk, *texts in rows])


def rebuild() -> int:
    """Build the index again from public_documents() unless another process just did (the
    state row is locked while one builds). Returns how many entries it wrote."""
    from conditions.models import SearchEntry, SearchIndexState
    from trials.models import SearchWord

    with transaction.atomic():
        state, _created = SearchIndexState.objects.select_for_update().get_or_create(pk=1)
        if not state.stale:
            return 0
        documents = {language.code: public_documents(language) for language in SEARCHED}
        with connection.cursor() as cursor:  # no signals, no per-row deletes
            cursor.execute(f"DELETE FROM {ENTRY_TABLE}")
        SearchEntry.objects.bulk_create(
            SearchEntry(position=n, kind=d.kind, url=d.url, title=d.title, path=d.path,
                        summary=d.summary, body=d.body, language=code, lang=d.lang)
            for code, found in documents.items() for n, d in enumerate(found)
        )
        for language in SEARCHED:
            if connection.vendor == "postgresql":
                SearchEntry.objects.filter(language=language.code).update(
                    search_vector=_weighted("title", "A", language)
                    + _weighted("summary", "B", language) + _weighted("body", "C", language))
            else:
                _fill_fts5_table(language)
        # Spelling help knows the content's words, each language's apart, besides the trials'.
        for code, found in documents.items():
            SearchWord.add_from_values((f"{d.title} {d.summary} {d.body}" for d in found),
                                       language=code)
        SearchIndexState.objects.filter(pk=state.pk).update(stale=False)
    return sum(len(found) for found in documents.values())


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
