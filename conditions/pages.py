"""Builds what the public pages show, in a fixed number of queries per page."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, Max, OuterRef, Prefetch
from django.utils.safestring import SafeString, mark_safe

from conditions.models import (
    FAQ,
    Article,
    Comparison,
    ComparisonCell,
    ComparisonColumn,
    ComparisonRow,
    GlossaryTerm,
    Status,
)
from conditions.rendering import GlossaryLinker, render_markdown

MMN_SLUG = "multifocal-motor-neuropathy"
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def published_articles_for_detail():
    return (
        Article.objects.published()
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


def render_article(article: Article, page_url: str) -> dict:
    """Sections and FAQs as sanitised HTML, glossary terms linked at first appearance."""
    linker = GlossaryLinker(GlossaryTerm.objects.published().only("term", "slug", "also_called"))
    sections = [
        RenderedPart(s.heading, s.slug, linker.link(render_markdown(s.body, id_prefix=s.slug)))
        for s in article.sections.all()
    ]
    faqs = [
        RenderedPart(f.question, f.slug, render_markdown(f.answer, id_prefix=f.slug))
        for f in article.published_faqs
    ]
    return {"sections": sections, "faqs": faqs, "json_ld": article_json_ld(article, page_url)}


def json_ld_script_text(data: dict) -> SafeString:
    """JSON that cannot close its <script> element, like Django's json_script."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES))  # noqa: S308


def article_json_ld(article: Article, page_url: str) -> SafeString:
    condition = {"@type": "MedicalCondition", "name": article.name}
    names = [*([article.short_name] if article.short_name else []), *article.also_known_as]
    if names:
        condition["alternateName"] = list(dict.fromkeys(names))
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "description": article.summary,
        "about": condition,
        "audience": {"@type": "Patient"},
        "url": page_url,
    }
    if article.reviewed_on:
        data["lastReviewed"] = article.reviewed_on.isoformat()
    if article.reviewed_by_id:
        data["reviewedBy"] = {"@type": "Person", "name": article.reviewer_name}
    return json_ld_script_text(data)


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
    return Comparison.objects.published().annotate(has_others=Exists(others)).prefetch_related(
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


def latest_review_date():
    """The newest review date of any published article (footer and home page)."""
    return Article.objects.published().aggregate(latest=Max("reviewed_on"))["latest"]


def preview_page(item, page_url: str) -> tuple[str, dict]:
    """The public template and context for any item, published or not (staff preview).

    Builds the same context the public views build, from the given row instead of
    from published(): a draft, an item in review or a pending draft copy.
    """
    if isinstance(item, FAQ):
        article = item.article.original if item.article_id else None
        if article is None:
            return "conditions/faq_preview.html", {"faq": item, "answer": render_markdown(
                item.answer, id_prefix=item.slug)}
        others = [f for f in article.faqs.published() if f.pk != item.original.pk]
        article.published_faqs = sorted([*others, item], key=lambda f: (f.order, f.question))
        item = article
    if isinstance(item, Article):
        if not hasattr(item, "published_faqs"):
            item.published_faqs = list(item.original.faqs.published())
        context = {"object": item, "article": item, **render_article(item, page_url)}
        return "conditions/article_detail.html", context
    if isinstance(item, Comparison):
        columns = list(visible_columns(item.columns.all()))
        item.visible_columns = columns
        return "conditions/comparison_detail.html", {
            "object": item, "comparison": item, "columns": columns,
            "table": comparison_table(item),
        }
    return "conditions/glossaryterm_detail.html", {"object": item, "glossaryterm": item}
