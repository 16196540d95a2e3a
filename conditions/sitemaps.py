"""Sitemap sections for published condition content only.

`lastmod` is when the content a page shows last changed: an article's own `updated_at`,
and for glossary terms and comparisons (which have no such field) the newest entry in their
history. Publishing writes the approved content onto the live row, so a pending draft never
moves these dates.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import DateTimeField, Max, OuterRef, Subquery

from conditions.models import Article, Comparison, ComparisonCell, ComparisonRow, GlossaryTerm


def _newest(history_queryset):
    """The newest history_date of `history_queryset` (already filtered to one item)."""
    return Subquery(
        history_queryset.order_by("-history_date").values("history_date")[:1],
        output_field=DateTimeField(),
    )


def glossary_with_changed_at():
    history = GlossaryTerm.history.model.objects.filter(id=OuterRef("pk"))
    return GlossaryTerm.objects.published().annotate(changed_at=_newest(history))


def comparisons_with_changed_at():
    """A comparison changes with its title and intro, its rows and its cells."""
    own = Comparison.history.model.objects.filter(id=OuterRef("pk"))
    rows = ComparisonRow.history.model.objects.filter(comparison_id=OuterRef("pk"))
    cells = ComparisonCell.history.model.objects.filter(row__comparison_id=OuterRef("pk"))
    return Comparison.objects.published().annotate(
        own_changed_at=_newest(own), rows_changed_at=_newest(rows),
        cells_changed_at=_newest(cells),
    )


def comparison_changed_at(comparison):
    dates = [comparison.own_changed_at, comparison.rows_changed_at, comparison.cells_changed_at]
    return max((date for date in dates if date is not None), default=None)


def latest_change(model_name: str):
    """When any published item of this kind (or its list page) last changed."""
    if model_name == "article":
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
    if model_name == "comparison":
        dates = [comparison_changed_at(item) for item in comparisons_with_changed_at()]
        return max((date for date in dates if date is not None), default=None)
    return glossary_with_changed_at().aggregate(latest=Max("changed_at"))["latest"]


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published()

    def lastmod(self, item):
        return item.updated_at


class ComparisonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return comparisons_with_changed_at()

    def lastmod(self, item):
        return comparison_changed_at(item)


class GlossarySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return glossary_with_changed_at()

    def lastmod(self, item):
        return item.changed_at
