"""Sitemap sections for published condition content only."""

from django.contrib.sitemaps import Sitemap

from conditions.models import Article, Comparison, GlossaryTerm


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
        return Comparison.objects.published()


class GlossarySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return GlossaryTerm.objects.published()
