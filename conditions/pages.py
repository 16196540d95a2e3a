"""Builds what the public pages show from live revisions (conditions/revisions.py), in a
fixed number of queries per page. Previews build the same from a draft, frozen as
approving it would freeze it."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from conditions import revisions, translations
from conditions.citations import Citer, link_trials, listed_trial_ids, trial_ids_in
from conditions.models import (
    FAQ,
    Article,
    Comparison,
    ComparisonRow,
    GlossaryTerm,
    Section,
    Translation,
)
from conditions.rendering import GlossaryLinker, render_markdown

MMN_SLUG = "multifocal-motor-neuropathy"


def live_article_for_detail(slug: str) -> Article | None:
    """The live article with its live FAQs, the comparison it is part of (for "What
    next"), the glossary terms to link, and whether a tracked condition (trials app) links
    here: most articles have none and then show no trial line."""
    article = revisions.live_item(Article, slug)
    if article is None:
        return None
    language = translations.request_language()
    live = revisions.live_items_of(FAQ, Comparison, GlossaryTerm)
    article.published_faqs = [faq for faq in live[FAQ] if faq.article_id == article.pk]
    article.live_terms = live[GlossaryTerm]
    if language != translations.ENGLISH:  # the translation laid over the English
        translations.in_language([article], Article, language)
        translations.in_language(article.published_faqs, FAQ, language)
        translations.in_language(article.live_terms, GlossaryTerm, language)
        translations.in_language(live[Comparison], Comparison, language)
        article.page_translation = translations.TranslationRecord.for_page(
            article, article.published_faqs)
    tracked = apps.get_model("trials", "TrackedCondition").objects
    article.has_tracked_trials = tracked.filter(article_id=article.pk).exists()
    compared_in = sorted((c for c in live[Comparison]
                          if any(col.article.pk == article.pk for col in c.frozen_columns)),
                         key=lambda c: c.title)
    if compared_in:
        article.comparison_slug = compared_in[0].slug
        article.comparison_title = compared_in[0].title
    return article


@dataclass
class RenderedPart:
    heading: str
    slug: str
    html: SafeString
    kind: str = "standard"
    kind_label: str = ""
    lang: str = ""  # "en": English words shown on a page in another language

    @property
    def is_callout(self) -> bool:
        return self.kind in ("emergency", "urgent")


class PageText:
    """Turns one page's Markdown into HTML: sanitised (cached), then per request the
    citations numbered, trial ids linked and glossary terms marked at first appearance.

    Sources come from the frozen units shown (`sources`: key -> Reference), never from
    the references table, so a source edited after approval does not change the page."""

    def __init__(self, texts: list[str], references, *, sources: dict,
                 glossary: bool = True, terms=None) -> None:
        self.citer = Citer(references,
                           lookup=lambda keys: [sources[k] for k in keys if k in sources])
        self.citer.prepare(texts)
        self.trials = listed_trial_ids(trial_ids_in(texts))
        if glossary and terms is None:
            terms = revisions.live_items(GlossaryTerm)
        self.linker = GlossaryLinker(terms) if glossary else None

    def markdown(self, text: str, id_prefix: str = "") -> SafeString:
        html = link_trials(self.citer.cite(render_markdown(text, id_prefix=id_prefix)), self.trials)
        return self.linker.link(html) if self.linker else html

    def inline(self, text: str) -> SafeString:
        """One line of Markdown without its paragraph (a list item, a key point)."""
        html = str(self.markdown(text)).strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return mark_safe(html)  # noqa: S308 - rendered and sanitised above

    def plain(self, text: str) -> SafeString:
        return link_trials(self.citer.cite_plain(text), self.trials)

    @property
    def sources(self):
        return self.citer.source_list


def render_article(article: Article) -> dict:
    """Key points, sections and FAQs as sanitised HTML with numbered citations, trial
    links, and glossary terms linked at first appearance; then the sources list."""
    sections = article.frozen_sections
    faqs = list(article.published_faqs)
    key_points = article.key_point_lines
    texts = [*key_points, *(s.body for s in sections), *(f.answer for f in faqs)]
    sources = {}
    for faq in faqs:
        sources.update(faq.frozen_sources)
    sources.update(article.frozen_sources)  # the article's own, where both cite a key
    page = PageText(texts, article.frozen_references, sources=sources,
                    terms=getattr(article, "live_terms", None))
    rendered_points = [page.inline(line) for line in key_points]
    rendered_sections = [
        RenderedPart(s.heading, s.slug, page.markdown(s.body, id_prefix=s.slug), s.kind,
                     s.get_kind_display(), getattr(s, "lang", ""))
        for s in sections
    ]
    rendered_faqs = [
        RenderedPart(f.question, f.slug, page.markdown(f.answer, id_prefix=f.slug),
                     lang=getattr(f, "lang", ""))
        for f in faqs
    ]
    return {
        "key_points": rendered_points,
        "sections": rendered_sections,
        "faqs": rendered_faqs,
        "sources": page.sources,
    }


@dataclass
class NextStep:
    label: str
    url: str


_PATIENT_GROUPS = re.compile(r'<h[23] id="([^"]+)">Patient groups</h[23]>')


def what_next(article: Article, sections: list[RenderedPart], tracked=()) -> list[NextStep]:
    """Where a reader can go at the end of an article: the comparison it is part of, the
    trials for this condition (its tracked conditions' searches, else the trial search),
    the glossary, the article's own patient groups (only where it names some) and back to
    the top."""
    steps = []
    if getattr(article, "comparison_slug", None):
        steps.append(NextStep(article.comparison_title,
                              reverse("conditions:comparison", args=[article.comparison_slug])))
    steps += [NextStep(gettext("Clinical trials for {label}").format(label=t.label), t.search_url)
              for t in tracked] or [NextStep(gettext("Clinical trials"), reverse("trials:list"))]
    glossary = reverse("conditions:glossary")
    steps.append(NextStep(gettext("Glossary: medical words in plain English"), glossary))
    for section in sections:
        if found := _PATIENT_GROUPS.search(section.html):
            steps.append(NextStep(gettext("Patient groups"), f"#{found.group(1)}"))
            break
    steps.append(NextStep(gettext("Back to top"), "#main"))
    return steps



@dataclass
class TableRow:
    row: ComparisonRow
    cells: list  # (column, ComparisonCell or None) for each visible column


def visible_columns(comparison: Comparison, live_articles: set[int]) -> list:
    """Columns whose article is live: the only ones shown."""
    return [c for c in comparison.frozen_columns if c.article.pk in live_articles]


def live_comparison_for_detail(slug: str) -> Comparison | None:
    comparison = revisions.live_item(Comparison, slug)
    if comparison is not None:
        language = translations.request_language()
        if language != translations.ENGLISH:
            translations.in_language([comparison], Comparison, language)
            comparison.page_translation = translations.TranslationRecord.for_page(comparison)
        comparison.visible_columns = visible_columns(comparison, revisions.live_ids(Article))
        comparison.has_others = len(revisions.live_ids(Comparison)) > 1
    return comparison


def comparison_table(comparison: Comparison) -> list[TableRow]:
    """Rows × visible columns; a column whose article is not live is dropped."""
    columns = comparison.visible_columns
    return [TableRow(row, [(column, row.frozen_cells.get(column.article.pk))
                           for column in columns])
            for row in comparison.frozen_rows]


def render_comparison(comparison: Comparison) -> dict:
    """The table, with the intro and each cell's note cited, and the sources list."""
    table = comparison_table(comparison)
    cells = [cell for line in table for _, cell in line.cells if cell is not None]
    page = PageText([comparison.intro, *(c.note for c in cells)], comparison.frozen_references,
                    sources=comparison.frozen_sources, glossary=False)
    intro = page.markdown(comparison.intro)
    for cell in cells:
        cell.note_html = page.plain(cell.note)
    return {"columns": comparison.visible_columns, "table": table, "intro": intro,
            "sources": page.sources}


def single_comparison_slug() -> str | None:
    """The slug of the one published comparison, while there is exactly one: /compare/ then
    shows it (and names the comparison's own URL as canonical)."""
    slugs = list(revisions.live_revisions(Comparison).values_list("slug", flat=True)[:2])
    return slugs[0] if len(slugs) == 1 else None


def latest_review_date():
    """The newest review date of any live article (footer and home page)."""
    dates = [a.reviewed_on for a in revisions.live_items(Article) if a.reviewed_on]
    return max(dates, default=None)


def preview_page(item) -> tuple[str, dict] | None:
    """The public template and context for any item, published or not (staff preview).

    Builds the same context the public views build, from the item frozen as approving it
    would freeze it: a draft, an item in review or a pending draft copy. A translation
    shows its English item's page in its words (the view renders it in its language);
    None when that English item is not live.
    """
    if isinstance(item, Translation):  # the English live item in the translation's words
        shown, language = translations.preview(item), item.language
        if shown is None:
            return None
    else:
        shown, language = revisions.preview(item), translations.ENGLISH
    if isinstance(shown, FAQ):
        article_id = shown.article_id
        article = revisions.live_item(Article, shown.article.slug) if article_id else None
        if article is None and article_id:
            article = revisions.preview(Article.objects.get(pk=article_id))
        if article is None:
            page = PageText([shown.answer], [], sources=shown.frozen_sources)
            answer = page.markdown(shown.answer, id_prefix=shown.slug)
            return "conditions/faq_preview.html", {"faq": shown, "answer": answer,
                                                   "sources": page.sources}
        others = [f for f in revisions.live_faqs_of({article.pk}) if f.pk != shown.pk]
        translations.in_language([article], Article, language)
        translations.in_language(others, FAQ, language)
        article.published_faqs = sorted([*others, shown], key=lambda f: (f.order, f.question))
        shown = article
    if isinstance(shown, Article):
        if not hasattr(shown, "published_faqs"):
            shown.published_faqs = revisions.live_faqs_of({shown.pk})
        context = {"object": shown, "article": shown, **render_article(shown)}
        context["what_next"] = what_next(shown, context["sections"])
        return "conditions/article_detail.html", context
    if isinstance(shown, Comparison):
        shown.visible_columns = visible_columns(shown, revisions.live_ids(Article))
        return "conditions/comparison_detail.html", {
            "object": shown, "comparison": shown, **render_comparison(shown),
        }
    return "conditions/glossaryterm_detail.html", {"object": shown, "glossaryterm": shown}


def sections_using_term(term: GlossaryTerm) -> list[Section]:
    """Sections of live articles that mention the term or one of its other names."""
    names = sorted({name for name in [term.term, *term.other_names] if name}, key=len, reverse=True)
    if not names:
        return []
    alternatives = "|".join(re.escape(name) for name in names)
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)
    articles = translations.live_items_in(Article, translations.request_language())
    return [section for article in articles
            for section in article.frozen_sections if pattern.search(section.body)]
