"""Builds what the public pages show, in a fixed number of queries per page."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, Max, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from conditions.citations import Citer, link_trials, listed_trial_ids, trial_ids_in
from conditions.models import (
    FAQ,
    Article,
    Comparison,
    ComparisonCell,
    ComparisonColumn,
    ComparisonRow,
    GlossaryTerm,
    Reference,
    Section,
    Status,
)
from conditions.rendering import GlossaryLinker, render_markdown

MMN_SLUG = "multifocal-motor-neuropathy"


def published_articles_for_detail():
    # Whether a tracked condition (trials app) links here, in the same query: most articles
    # have none and then show no trial line at no cost.
    tracked = apps.get_model("trials", "TrackedCondition").objects.filter(article=OuterRef("pk"))
    # The comparison this condition is part of, for "What next", in the same query.
    compared_in = ComparisonColumn.objects.filter(
        article=OuterRef("pk"), comparison__in=Comparison.objects.published()
    ).order_by("comparison__title")
    return (
        Article.objects.published()
        .annotate(
            has_tracked_trials=Exists(tracked),
            comparison_slug=Subquery(compared_in.values("comparison__slug")[:1]),
            comparison_title=Subquery(compared_in.values("comparison__title")[:1]),
        )
        .select_related("reviewed_by__staff_profile")
        .prefetch_related(
            "sections",
            "references",
            Prefetch("faqs", queryset=FAQ.objects.published(), to_attr="published_faqs"),
        )
    )


@dataclass
class RenderedPart:
    heading: str
    slug: str
    html: SafeString
    kind: str = "standard"
    kind_label: str = ""

    @property
    def is_callout(self) -> bool:
        return self.kind in ("emergency", "urgent")


def _lookup_references(keys):
    return Reference.objects.filter(key__in=keys)


class PageText:
    """Turns one page's Markdown into HTML: sanitised (cached), then per request the
    citations numbered, trial ids linked and glossary terms marked at first appearance."""

    def __init__(self, texts: list[str], references, *, glossary: bool = True) -> None:
        self.citer = Citer(references, lookup=_lookup_references)
        self.citer.prepare(texts)
        self.trials = listed_trial_ids(trial_ids_in(texts))
        self.linker = None
        if glossary:
            terms = GlossaryTerm.objects.published().only("term", "slug", "also_called")
            self.linker = GlossaryLinker(terms)

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
    sections = list(article.sections.all())
    faqs = list(article.published_faqs)
    key_points = article.key_point_lines
    texts = [*key_points, *(s.body for s in sections), *(f.answer for f in faqs)]
    page = PageText(texts, article.references.all())
    rendered_points = [page.inline(line) for line in key_points]
    rendered_sections = [
        RenderedPart(s.heading, s.slug, page.markdown(s.body, id_prefix=s.slug), s.kind,
                     s.get_kind_display())
        for s in sections
    ]
    rendered_faqs = [
        RenderedPart(f.question, f.slug, page.markdown(f.answer, id_prefix=f.slug))
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
    steps += [NextStep(f"Clinical trials for {t.label}", t.search_url) for t in tracked] or [
        NextStep("Clinical trials", reverse("trials:list"))]
    glossary = reverse("conditions:glossary")
    steps.append(NextStep("Glossary: medical words in plain English", glossary))
    for section in sections:
        if found := _PATIENT_GROUPS.search(section.html):
            steps.append(NextStep("Patient groups", f"#{found.group(1)}"))
            break
    steps.append(NextStep("Back to top", "#main"))
    return steps



@dataclass
class TableRow:
    row: ComparisonRow
    cells: list  # (column, ComparisonCell or None) for each visible column


def visible_columns(columns):
    """Columns whose article is published (with the article): the only ones shown."""
    return columns.filter(article__status=Status.PUBLISHED).select_related("article")


def published_comparisons_for_detail():
    columns = visible_columns(ComparisonColumn.objects.all())
    cells = ComparisonCell.objects.only("row_id", "column_id", "answer", "note")
    others = Comparison.objects.published().exclude(pk=OuterRef("pk"))
    live = Comparison.objects.published().select_related("reviewed_by__staff_profile")
    return live.annotate(has_others=Exists(others)).prefetch_related(
        Prefetch("columns", queryset=columns, to_attr="visible_columns"),
        Prefetch(
            "rows",
            queryset=ComparisonRow.objects.prefetch_related(Prefetch("cells", queryset=cells)),
        ),
        "references",
    )


def comparison_table(comparison: Comparison) -> list[TableRow]:
    """Rows × published columns; a column whose article is not published is dropped."""
    columns = comparison.visible_columns
    table = []
    for row in comparison.rows.all():
        by_column = {cell.column_id: cell for cell in row.cells.all()}
        table.append(TableRow(row, [(column, by_column.get(column.pk)) for column in columns]))
    return table


def render_comparison(comparison: Comparison) -> dict:
    """The table, with the intro and each cell's note cited, and the sources list."""
    table = comparison_table(comparison)
    cells = [cell for line in table for _, cell in line.cells if cell is not None]
    page = PageText([comparison.intro, *(c.note for c in cells)], comparison.references.all(),
                    glossary=False)
    intro = page.markdown(comparison.intro)
    for cell in cells:
        cell.note_html = page.plain(cell.note)
    return {"columns": comparison.visible_columns, "table": table, "intro": intro,
            "sources": page.sources}


def single_comparison_slug() -> str | None:
    """The slug of the one published comparison, while there is exactly one: /compare/ then
    shows it (and names the comparison's own URL as canonical)."""
    slugs = list(Comparison.objects.published().values_list("slug", flat=True)[:2])
    return slugs[0] if len(slugs) == 1 else None


def latest_review_date():
    """The newest review date of any published article (footer and home page)."""
    return Article.objects.published().aggregate(latest=Max("reviewed_on"))["latest"]


def preview_page(item) -> tuple[str, dict]:
    """The public template and context for any item, published or not (staff preview).

    Builds the same context the public views build, from the given row instead of
    from published(): a draft, an item in review or a pending draft copy.
    """
    if isinstance(item, FAQ):
        article = item.article.original if item.article_id else None
        if article is None:
            page = PageText([item.answer], [])
            answer = page.markdown(item.answer, id_prefix=item.slug)
            return "conditions/faq_preview.html", {"faq": item, "answer": answer,
                                                   "sources": page.sources}
        others = [f for f in article.faqs.published() if f.pk != item.original.pk]
        article.published_faqs = sorted([*others, item], key=lambda f: (f.order, f.question))
        item = article
    if isinstance(item, Article):
        if not hasattr(item, "published_faqs"):
            item.published_faqs = list(item.original.faqs.published())
        context = {"object": item, "article": item, **render_article(item)}
        context["what_next"] = what_next(item, context["sections"])
        return "conditions/article_detail.html", context
    if isinstance(item, Comparison):
        columns = list(visible_columns(item.columns.all()))
        item.visible_columns = columns
        return "conditions/comparison_detail.html", {
            "object": item, "comparison": item, **render_comparison(item),
        }
    return "conditions/glossaryterm_detail.html", {"object": item, "glossaryterm": item}


def sections_using_term(term: GlossaryTerm) -> list[Section]:
    """Sections of published articles that mention the term or one of its other names."""
    names = sorted({name for name in [term.term, *term.other_names] if name}, key=len, reverse=True)
    if not names:
        return []
    alternatives = "|".join(re.escape(name) for name in names)
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)
    sections = (
        Section.objects.filter(article__in=Article.objects.published())
        .select_related("article")
        .order_by("article__order", "article__name", "order", "id")
    )
    return [section for section in sections if pattern.search(section.body)]
